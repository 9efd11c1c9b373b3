/* A multiboot (v1) kernel image: its header and ELF program headers turned
 * into a load plan (guest/multiboot_image.c). Input: the image. */
#include <stdlib.h>
#include <string.h>
#include "guest/multiboot_image.h"
#include "tests/fuzz/fuzz.h"

static void check_plan(const struct multiboot_image *img, size_t size)
{
	FUZZ_CHECK(img->segment_count >= 1 && img->segment_count <= MULTIBOOT_MAX_SEGMENTS);
	bool entry_loaded = false;
	for (unsigned i = 0; i < img->segment_count; i++) {
		const struct load_segment *s = &img->segments[i];
		/* What is copied comes from inside the image; what is loaded
		 * lies below 4 GiB, inside the span the loader reserves. */
		FUZZ_CHECK(s->offset <= size && s->file_size <= size - s->offset);
		FUZZ_CHECK(s->file_size <= s->mem_size && s->mem_size > 0);
		FUZZ_CHECK(s->dest + s->mem_size > s->dest && s->dest + s->mem_size <= 1ull << 32);
		FUZZ_CHECK(img->lowest <= s->dest && s->dest + s->mem_size <= img->highest);
		if (img->entry >= s->dest && img->entry < s->dest + s->mem_size)
			entry_loaded = true;
	}
	FUZZ_CHECK(entry_loaded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	size_t got;
	uint8_t *image = fuzz_take_rest(&in, &got);
	struct multiboot_image img;
	char err[128];
	memset(err, 'x', sizeof(err));
	int has_header = multiboot_image_has_header(image, got);
	if (multiboot_image_parse(image, got, &img, err, sizeof(err))) {
		FUZZ_CHECK(fuzz_terminated(err, sizeof(err)));
		FUZZ_CHECK(strncmp(err, "multiboot kernel: ", 18) == 0);
	} else {
		FUZZ_CHECK(has_header);
		check_plan(&img, got);
	}
	free(image);
	return 0;
}

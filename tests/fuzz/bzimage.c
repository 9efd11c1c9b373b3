/* A Linux bzImage's setup header and the zero page built from it
 * (guest/bzimage.c), as guest/linux.c uses them. Input: 41 bytes of layout
 * (kernel, command-line, initrd and RSDP addresses, initrd size: 64-bit
 * numbers; the number of e820 entries: one byte), then the image. */
#include <stdlib.h>
#include <string.h>
#include "guest/bzimage.h"
#include "lib/bytes.h"
#include "tests/fuzz/fuzz.h"

#define LAYOUT_BYTES 41
#define HEADER_START 0x1f1

static void check_parsed(const struct bzimage *bz, const uint8_t *image, size_t size)
{
	unsigned setup_sects = image[HEADER_START] ? image[HEADER_START] : 4;
	FUZZ_CHECK(bz->protocol >= BZIMAGE_MIN_PROTOCOL);
	FUZZ_CHECK(bz->kernel_offset == (setup_sects + 1) * 512ull);
	FUZZ_CHECK(bz->kernel_offset < size && bz->kernel_offset + bz->kernel_size == size);
	FUZZ_CHECK(bz->alignment && !(bz->alignment & (bz->alignment - 1)));
	FUZZ_CHECK(bz->init_size >= bz->kernel_size);
	FUZZ_CHECK(0x202u + image[0x201] <= size);
}

/* Zero-page bytes bzimage_fill_boot_params writes itself (besides the copied
 * setup header): boot_params offsets of arch/x86/include/uapi/asm/bootparam.h. */
static bool written_field(size_t at, const struct bzimage *bz, unsigned e820)
{
	return at == 0x210 || (at >= 0x214 && at < 0x220) || (at >= 0x228 && at < 0x22c) ||
	       (bz->protocol >= 0x020e && at >= 0x70 && at < 0x78) ||
	       (at >= 0xc0 && at < 0xcc) || at == 0x1e8 ||
	       (at >= 0x2d0 && at < 0x2d0 + 20 * (size_t)e820);
}

static void check_zero_page(const uint8_t *bp, const uint8_t *image, const struct bzimage *bz,
			    const struct linux_layout *l)
{
	size_t header_end = 0x202 + (size_t)image[0x201];
	unsigned e820 = l->e820_count < E820_MAX_ENTRIES_ZEROPAGE ? l->e820_count
								  : E820_MAX_ENTRIES_ZEROPAGE;
	FUZZ_CHECK(bp[0x1e8] == e820);
	FUZZ_CHECK(bp[0x210] == 0xff);
	FUZZ_CHECK(load32(bp + 0x214) == (uint32_t)l->kernel_address);
	FUZZ_CHECK(load32(bp + 0x228) == (uint32_t)l->cmdline_address);
	FUZZ_CHECK(load32(bp + 0xc8) == (uint32_t)(l->cmdline_address >> 32));
	FUZZ_CHECK(load32(bp + 0x218) == (uint32_t)l->initrd_address);
	FUZZ_CHECK(load32(bp + 0xc0) == (uint32_t)(l->initrd_address >> 32));
	FUZZ_CHECK(load32(bp + 0x21c) == (uint32_t)l->initrd_size);
	FUZZ_CHECK(load32(bp + 0xc4) == (uint32_t)(l->initrd_size >> 32));
	for (unsigned i = 0; i < e820; i++)
		FUZZ_CHECK(load64(bp + 0x2d0 + 20 * i) == l->e820[i].base);
	/* Every other byte is the image's setup header, or still zero. */
	for (size_t at = 0; at < BOOT_PARAMS_SIZE; at++) {
		if (written_field(at, bz, e820))
			continue;
		if (at >= HEADER_START && at < header_end)
			FUZZ_CHECK(bp[at] == image[at]);
		else
			FUZZ_CHECK(bp[at] == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct linux_layout l = { 0 };
	l.kernel_address = fuzz_take(&in, 8);
	l.cmdline_address = fuzz_take(&in, 8);
	l.initrd_address = fuzz_take(&in, 8);
	l.initrd_size = fuzz_take(&in, 8);
	l.rsdp_address = fuzz_take(&in, 8);
	l.e820_count = (unsigned)fuzz_take(&in, 1);
	_Static_assert(LAYOUT_BYTES == 5 * 8 + 1, "the layout's size");

	static struct mem_region e820[256];
	for (unsigned i = 0; i < l.e820_count; i++)
		e820[i] = (struct mem_region){ (uint64_t)i << 20, 1 << 20, i % 5 + 1 };
	l.e820 = e820;

	size_t got;
	uint8_t *image = fuzz_take_rest(&in, &got);
	struct bzimage bz;
	char err[128];
	memset(err, 'x', sizeof(err));
	if (bzimage_parse(image, got, &bz, err, sizeof(err))) {
		FUZZ_CHECK(fuzz_terminated(err, sizeof(err)));
		FUZZ_CHECK(strncmp(err, "Linux bzImage: ", 15) == 0);
		free(image);
		return 0;
	}
	check_parsed(&bz, image, got);
	uint8_t *bp = calloc(1, BOOT_PARAMS_SIZE);
	bzimage_fill_boot_params(bp, image, &bz, &l);
	check_zero_page(bp, image, &bz, &l);
	free(bp);
	free(image);
	return 0;
}

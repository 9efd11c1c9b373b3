/* Reading a multiboot (version 1) kernel image: the multiboot header and the
 * ELF program headers, turned into a load plan. Pure: unit-tested on the
 * host with valid and hostile images; nothing is read outside the image. */
#ifndef GUEST_MULTIBOOT_IMAGE_H
#define GUEST_MULTIBOOT_IMAGE_H
#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT_HEADER_MAGIC 0x1badb002
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002
#define MULTIBOOT_SEARCH_LIMIT 8192     /* the header lies in the first 8 KiB */
#define MULTIBOOT_MAX_SEGMENTS 16

struct load_segment {
	uint64_t dest;          /* guest-physical load address */
	uint64_t offset;        /* in the image */
	uint64_t file_size;
	uint64_t mem_size;      /* the rest, up to mem_size, is zeroed */
};

struct multiboot_image {
	uint32_t header_flags;
	uint64_t entry;         /* guest-physical */
	unsigned segment_count;
	struct load_segment segments[MULTIBOOT_MAX_SEGMENTS];
	uint64_t lowest, highest;       /* span of all segments */
};

/* Returns 0, or -1 with a message in err. */
int multiboot_image_parse(const uint8_t *image, size_t size, struct multiboot_image *out,
			  char *err, size_t err_size);
/* True if the image carries a multiboot (v1) header. */
int multiboot_image_has_header(const uint8_t *image, size_t size);

#endif

/* Multiboot v1 kernel images (Multiboot Specification 0.6.96, section 3.1)
 * in ELF32 or ELF64 form; see multiboot_image.h. */
#include "guest/multiboot_image.h"
#include "lib/format.h"
#include "lib/bytes.h"
#include "lib/string.h"

#define MB_FLAG_AOUT_KLUDGE (1u << 16)
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define ELFCLASS32 1
#define ELFCLASS64 2

static int fail(char *err, size_t size, const char *what)
{
	format_string(err, size, "multiboot kernel: %s", what);
	return -1;
}

/* Returns the offset of the header, or -1. The checksum makes magic, flags
 * and checksum add up to 0 (spec 3.1.2). */
static long find_header(const uint8_t *image, size_t size)
{
	size_t limit = size < MULTIBOOT_SEARCH_LIMIT ? size : MULTIBOOT_SEARCH_LIMIT;
	for (size_t off = 0; off + 12 <= limit; off += 4)
		if (load32(image + off) == MULTIBOOT_HEADER_MAGIC &&
		    (uint32_t)(load32(image + off) + load32(image + off + 4) + load32(image + off + 8)) == 0)
			return (long)off;
	return -1;
}

int multiboot_image_has_header(const uint8_t *image, size_t size)
{
	return find_header(image, size) >= 0;
}

struct elf_phdr {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

static struct elf_phdr read_phdr(const uint8_t *p, int is64)
{
	if (is64)
		return (struct elf_phdr){ load32(p), load64(p + 8), load64(p + 16), load64(p + 24),
					  load64(p + 32), load64(p + 40) };
	return (struct elf_phdr){ load32(p), load32(p + 4), load32(p + 8), load32(p + 12),
				  load32(p + 16), load32(p + 20) };
}

static int add_segment(struct multiboot_image *out, const struct elf_phdr *ph, size_t size,
		       char *err, size_t err_size)
{
	if (ph->filesz > ph->memsz)
		return fail(err, err_size, "ELF segment with file size above memory size");
	if (ph->offset > size || ph->filesz > size - ph->offset)
		return fail(err, err_size, "ELF segment extends past the end of the image");
	if (ph->paddr + ph->memsz < ph->paddr || ph->paddr + ph->memsz > 0x100000000ull)
		return fail(err, err_size, "ELF segment not below 4 GiB");
	if (out->segment_count == MULTIBOOT_MAX_SEGMENTS)
		return fail(err, err_size, "more than 16 loadable ELF segments");
	out->segments[out->segment_count++] =
		(struct load_segment){ ph->paddr, ph->offset, ph->filesz, ph->memsz };
	if (ph->paddr < out->lowest)
		out->lowest = ph->paddr;
	if (ph->paddr + ph->memsz > out->highest)
		out->highest = ph->paddr + ph->memsz;
	return 0;
}

int multiboot_image_parse(const uint8_t *image, size_t size, struct multiboot_image *out,
			  char *err, size_t err_size)
{
	memset(out, 0, sizeof(*out));
	out->lowest = UINT64_MAX;
	long header = find_header(image, size);
	if (header < 0)
		return fail(err, err_size, "no multiboot header in the first 8 KiB");
	out->header_flags = load32(image + header + 4);
	if (size < 52 || memcmp(image, "\177ELF", 4) != 0)
		return fail(err, err_size, out->header_flags & MB_FLAG_AOUT_KLUDGE
				   ? "not ELF (a.out-kludge images are not supported)" : "not an ELF file");
	int is64 = image[4] == ELFCLASS64;
	if (image[4] != ELFCLASS32 && !is64)
		return fail(err, err_size, "unknown ELF class");
	uint16_t machine = load16(image + 18);
	if (machine != EM_386 && machine != EM_X86_64)
		return fail(err, err_size, "ELF file is not for x86");
	if (is64 && size < 64)
		return fail(err, err_size, "ELF header truncated");
	uint64_t entry = is64 ? load64(image + 24) : load32(image + 24);
	uint64_t phoff = is64 ? load64(image + 32) : load32(image + 28);
	uint16_t phentsize = load16(image + (is64 ? 54 : 42));
	uint16_t phnum = load16(image + (is64 ? 56 : 44));
	if (phentsize < (is64 ? 56 : 32) || phoff > size ||
	    (uint64_t)phnum * phentsize > size - phoff)
		return fail(err, err_size, "ELF program headers outside the image");

	int entry_found = 0;
	for (unsigned i = 0; i < phnum; i++) {
		struct elf_phdr ph = read_phdr(image + phoff + (uint64_t)i * phentsize, is64);
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		if (add_segment(out, &ph, size, err, err_size))
			return -1;
		/* GRUB loads at the physical address; a virtual entry point is
		 * translated through the segment that holds it. */
		if (!entry_found && entry >= ph.vaddr && entry < ph.vaddr + ph.memsz) {
			out->entry = entry - ph.vaddr + ph.paddr;
			entry_found = 1;
		}
	}
	if (out->segment_count == 0)
		return fail(err, err_size, "no loadable ELF segment");
	if (!entry_found)
		return fail(err, err_size, "entry point outside every loadable segment");
	return 0;
}

/* Multiboot (version 1) information parser; see multiboot1.h. */
#include "boot/multiboot1.h"
#include "lib/bytes.h"
#include "lib/format.h"
#include "lib/string.h"

/* Multiboot Specification 0.6.96, 3.3: the fields of the information
 * structure this parser reads, and the flags that say they are valid. */
enum {
	INFO_FLAGS = 0,
	INFO_MEM_LOWER = 4,
	INFO_MEM_UPPER = 8,
	INFO_CMDLINE = 16,
	INFO_MODS_COUNT = 20,
	INFO_MODS_ADDR = 24,
	INFO_MMAP_LENGTH = 44,
	INFO_MMAP_ADDR = 48,
	INFO_BOOT_LOADER_NAME = 64,
	INFO_SIZE = 68,                 /* up to the last field read */

	FLAG_MEMORY = 1u << 0,
	FLAG_CMDLINE = 1u << 2,
	FLAG_MODULES = 1u << 3,
	FLAG_MMAP = 1u << 6,
	FLAG_BOOT_LOADER_NAME = 1u << 9,

	MODULE_SIZE = 16,               /* mod_start, mod_end, string, reserved */
	MMAP_ENTRY_MIN_SIZE = 20,       /* base, length, type after the size field */
	STRING_MAX = 4096,
};

#define KIB 1024ull
#define HIGH_MEMORY_START (1024 * KIB)

struct parser {
	multiboot1_read_fn read;
	void *ctx;
	struct boot_info *out;
	struct range_set *used;
	char *err;
	size_t err_size;
};

static int fail(struct parser *ps, const char *what, uint64_t address)
{
	format_string(ps->err, ps->err_size, "multiboot information: %s (at 0x%llx)", what,
		      (unsigned long long)address);
	return -1;
}

/* `length` bytes at address, recorded as used, or NULL after a message. */
static const uint8_t *take(struct parser *ps, uint64_t address, uint64_t length,
			   const char *what)
{
	const uint8_t *p = address + length >= address ? ps->read(ps->ctx, address, length) : 0;
	if (!p) {
		fail(ps, what, address);
		return 0;
	}
	if (length && !range_set_add(ps->used, address, address + length)) {
		fail(ps, "too many separate ranges of boot information", address);
		return 0;
	}
	return p;
}

/* A NUL-terminated string at address, of at most STRING_MAX bytes. */
static const char *take_string(struct parser *ps, uint64_t address, const char *what)
{
	for (uint64_t n = 0; n < STRING_MAX; n++) {
		const uint8_t *c = ps->read(ps->ctx, address + n, 1);
		if (!c)
			break;
		if (*c == 0)
			return (const char *)take(ps, address, n + 1, what);
	}
	fail(ps, what, address);
	return 0;
}

/* Drops the first word: the file's name, which QEMU and GRUB put there. */
static const char *without_file_name(const char *s)
{
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

static int add_region(struct parser *ps, uint64_t base, uint64_t length, uint32_t type,
		      uint64_t address)
{
	const char *error = boot_info_add_region(ps->out, base, length, type);
	return error ? fail(ps, error, address) : 0;
}

/* 3.3: each entry is preceded by its size, which does not count itself. */
static int parse_mmap(struct parser *ps, uint64_t address, uint32_t length)
{
	const uint8_t *map = take(ps, address, length, "memory map outside memory");
	if (!map)
		return -1;
	for (uint32_t at = 0; length - at >= 4;) {
		uint32_t size = load32(map + at);
		if (size < MMAP_ENTRY_MIN_SIZE || size > length - at - 4)
			return fail(ps, "memory map entry of a bad size", address + at);
		if (add_region(ps, load64(map + at + 4), load64(map + at + 12),
			       load32(map + at + 20), address + at))
			return -1;
		at += 4 + size;
	}
	return 0;
}

/* 3.3: mem_lower KiB from 0, mem_upper KiB from 1 MiB. */
static int parse_memory_sizes(struct parser *ps, const uint8_t *info, uint64_t address)
{
	if (add_region(ps, 0, load32(info + INFO_MEM_LOWER) * KIB, MEM_USABLE, address) ||
	    add_region(ps, HIGH_MEMORY_START, load32(info + INFO_MEM_UPPER) * KIB, MEM_USABLE,
		       address))
		return -1;
	return 0;
}

static int parse_modules(struct parser *ps, uint64_t address, uint32_t count)
{
	struct boot_info *bi = ps->out;
	if (count > BOOT_MAX_MODULES)
		return fail(ps, "more modules than the hypervisor keeps (16)", address);
	const uint8_t *list = take(ps, address, (uint64_t)count * MODULE_SIZE,
				   "module list outside memory");
	if (!list)
		return -1;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *m = list + i * MODULE_SIZE;
		uint32_t start = load32(m), end = load32(m + 4);
		if (end < start)
			return fail(ps, "module ends before it starts", address + i * MODULE_SIZE);
		const char *string = take_string(ps, load32(m + 8), "module string not terminated");
		if (!string || (end > start && !take(ps, start, end - start, "module outside memory")))
			return -1;
		bi->modules[bi->module_count++] =
			(struct boot_module){ start, end, without_file_name(string) };
	}
	return 0;
}

int multiboot1_parse(uint64_t info_address, multiboot1_read_fn read, void *ctx,
		     struct boot_info *out, struct range_set *used, char *err, size_t err_size)
{
	struct parser ps = { read, ctx, out, used, err, err_size };
	memset(out, 0, sizeof(*out));
	const uint8_t *info = take(&ps, info_address, INFO_SIZE, "structure outside memory");
	if (!info)
		return -1;
	uint32_t flags = load32(info + INFO_FLAGS);
	if (flags & FLAG_CMDLINE) {
		const char *s = take_string(&ps, load32(info + INFO_CMDLINE),
					    "command line not terminated");
		if (!s)
			return -1;
		out->cmdline = without_file_name(s);
	}
	if (flags & FLAG_BOOT_LOADER_NAME) {
		out->loader_name = take_string(&ps, load32(info + INFO_BOOT_LOADER_NAME),
					       "boot loader name not terminated");
		if (!out->loader_name)
			return -1;
	}
	if (flags & FLAG_MMAP) {
		if (parse_mmap(&ps, load32(info + INFO_MMAP_ADDR), load32(info + INFO_MMAP_LENGTH)))
			return -1;
	} else if (flags & FLAG_MEMORY) {
		if (parse_memory_sizes(&ps, info, info_address))
			return -1;
	} else {
		return fail(&ps, "no memory map and no memory sizes (flags 6 and 0 clear)",
			    info_address);
	}
	if ((flags & FLAG_MODULES) &&
	    parse_modules(&ps, load32(info + INFO_MODS_ADDR), load32(info + INFO_MODS_COUNT)))
		return -1;
	return 0;
}

/* Multiboot v1 guests: ELF segments loaded at their physical addresses, then
 * the guest's modules and its information block placed above the kernel,
 * page by page, all checked against the memory the guest owns. The machine
 * state at entry is the one of spec section 3.2: EAX = 0x2BADB002, EBX = the
 * information block, 32-bit protected mode, paging off. */
#include "guest/multiboot.h"
#include "arch/console.h"
#include "guest/loader.h"
#include "guest/memory_map.h"
#include "guest/multiboot_image.h"
#include "lib/string.h"
#include "mm/memory.h"

#define MBI_MEMORY (1u << 0)
#define MBI_CMDLINE (1u << 2)
#define MBI_MODULES (1u << 3)
#define MBI_MMAP (1u << 6)
#define MBI_LOADER_NAME (1u << 9)
#define MBI_SIZE 128
#define PAGE 4096ull

struct mb_module {
	uint32_t start, end, string, reserved;
};

struct mb_mmap_entry {
	uint32_t size;
	uint64_t base, length;
	uint32_t type;
} __attribute__((packed));

/* Bump placement in guest memory, above the kernel. */
struct placer {
	uint64_t cursor;
};

static uint64_t place(struct placer *p, uint64_t size, uint64_t align, const char *what)
{
	uint64_t addr = (p->cursor + align - 1) & ~(align - 1);
	guest_check_range(addr, size ? size : 1, what);
	p->cursor = addr + size;
	return addr;
}

static uint32_t place_string(struct placer *p, const char *s, const char *what)
{
	uint64_t len = strlen(s) + 1;
	uint64_t addr = place(p, len, 1, what);
	memcpy((void *)addr, s, len);
	return (uint32_t)addr;
}

static void load_segments(const struct multiboot_image *img, const uint8_t *image)
{
	for (unsigned i = 0; i < img->segment_count; i++) {
		const struct load_segment *s = &img->segments[i];
		guest_check_range(s->dest, s->mem_size, "kernel segment");
		memcpy((void *)s->dest, image + s->offset, s->file_size);
		memset((void *)(s->dest + s->file_size), 0, s->mem_size - s->file_size);
	}
}

/* mem_lower: KiB of RAM from 0; mem_upper: KiB of RAM from 1 MiB (spec 3.3). */
static void memory_sizes(const struct mem_region *map, unsigned n, uint32_t *lower,
			 uint32_t *upper)
{
	*lower = *upper = 0;
	for (unsigned i = 0; i < n; i++) {
		if (map[i].type != MEM_USABLE)
			continue;
		if (map[i].base == 0)
			*lower = (uint32_t)((map[i].length > 0xa0000 ? 0xa0000 : map[i].length) / 1024);
		if (map[i].base <= 0x100000 && map[i].base + map[i].length > 0x100000)
			*upper = (uint32_t)((map[i].base + map[i].length - 0x100000) / 1024);
	}
}

static uint32_t place_memory_map(struct placer *p, const struct boot_info *bi,
				 uint32_t *length, uint32_t *lower, uint32_t *upper)
{
	static struct mem_region map[BOOT_MAX_REGIONS + 16];
	unsigned n = guest_memory_map(bi->regions, bi->region_count, hypervisor_memory(), map,
				      sizeof(map) / sizeof(map[0]));
	memory_sizes(map, n, lower, upper);
	struct mb_mmap_entry *e = (void *)place(p, n * sizeof(*e), 8, "memory map");
	for (unsigned i = 0; i < n; i++)
		e[i] = (struct mb_mmap_entry){ 20, map[i].base, map[i].length, map[i].type };
	*length = n * (uint32_t)sizeof(*e);
	return (uint32_t)(uint64_t)e;
}

static uint32_t place_modules(struct placer *p, const struct boot_info *bi, uint32_t *count)
{
	*count = bi->module_count - 1;
	struct mb_module *list = (void *)place(p, *count * sizeof(*list), 8, "module list");
	for (unsigned i = 1; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		uint64_t size = m->end - m->start;
		uint64_t dest = place(p, size, PAGE, "module");
		memcpy((void *)dest, (const void *)m->start, size);
		list[i - 1] = (struct mb_module){ (uint32_t)dest, (uint32_t)(dest + size),
						  place_string(p, m->cmdline, "module string"), 0 };
	}
	return (uint32_t)(uint64_t)list;
}

void multiboot_load(const struct boot_info *bi, struct guest_entry *entry)
{
	const struct boot_module *kernel = &bi->modules[0];
	const uint8_t *image = (const uint8_t *)kernel->start;
	struct multiboot_image img;
	char err[128];

	if (multiboot_image_parse(image, kernel->end - kernel->start, &img, err, sizeof(err)))
		panic("module 0 '%s': %s", kernel->cmdline, err);
	load_segments(&img, image);

	struct placer p = { (img.highest + PAGE - 1) & ~(PAGE - 1) };
	uint32_t *mbi = (uint32_t *)place(&p, MBI_SIZE, PAGE, "multiboot information");
	memset(mbi, 0, MBI_SIZE);
	mbi[0] = MBI_MEMORY | MBI_CMDLINE | MBI_MODULES | MBI_MMAP | MBI_LOADER_NAME;
	mbi[11] = 0;
	mbi[12] = place_memory_map(&p, bi, &mbi[11], &mbi[1], &mbi[2]);
	mbi[4] = place_string(&p, kernel->cmdline, "command line");
	mbi[16] = place_string(&p, "TeachVisor (multiboot loader)", "loader name");
	mbi[6] = place_modules(&p, bi, &mbi[5]);
	guest_write_boot_gdt(place(&p, 32, 8, "boot GDT"), entry);

	entry->eip = (uint32_t)img.entry;
	entry->eax = MULTIBOOT_BOOTLOADER_MAGIC;
	entry->ebx = (uint32_t)(uint64_t)mbi;
	printk("guest: multiboot kernel '%s': %u segments at 0x%llx-0x%llx, entry 0x%llx, "
	       "%u modules, information at 0x%x\n", kernel->cmdline, img.segment_count,
	       (unsigned long long)img.lowest, (unsigned long long)img.highest,
	       (unsigned long long)img.entry, mbi[5], entry->ebx);
}

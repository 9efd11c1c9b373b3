/* Choosing and checking what to load as the guest. */
#include "guest/loader.h"
#include "arch/console.h"
#include "guest/linux.h"
#include "guest/multiboot.h"
#include "guest/multiboot_image.h"
#include "lib/string.h"
#include "mm/memory.h"

/* Stops the machine unless [addr, addr + size) lies in `ram`, naming what
 * is in the way. */
static void check_range_in(const struct range_set *ram, uint64_t addr, uint64_t size,
			   const char *what)
{
	if (size == 0)
		return;
	if (addr + size < addr)
		panic("guest %s at 0x%llx wraps around", what, (unsigned long long)addr);
	if (range_set_contains(ram, addr, addr + size))
		return;
	const struct range_set *hv = hypervisor_memory();
	for (unsigned i = 0; i < hv->count; i++)
		if (hv->r[i].base < addr + size && addr < hv->r[i].end)
			panic("guest %s at 0x%llx-0x%llx overlaps the hypervisor's memory "
			      "(0x%llx-0x%llx): refused", what, (unsigned long long)addr,
			      (unsigned long long)(addr + size), (unsigned long long)hv->r[i].base,
			      (unsigned long long)hv->r[i].end);
	if (range_set_contains(guest_usable_memory(), addr, addr + size))
		panic("guest %s at 0x%llx-0x%llx would overwrite EFI boot-services memory, "
		      "where firmware tables may lie: refused", what,
		      (unsigned long long)addr, (unsigned long long)(addr + size));
	panic("guest %s at 0x%llx-0x%llx is not usable RAM: refused", what,
	      (unsigned long long)addr, (unsigned long long)(addr + size));
}

void guest_check_range(uint64_t addr, uint64_t size, const char *what)
{
	check_range_in(guest_usable_memory(), addr, size, what);
}

void guest_check_free_range(uint64_t addr, uint64_t size, const char *what)
{
	check_range_in(guest_free_memory(), addr, size, what);
}

void guest_write_boot_gdt(uint64_t addr, struct guest_entry *entry)
{
	static const uint64_t gdt[4] = {
		0, 0,
		0x00cf9b000000ffffull,  /* 0x10: flat 32-bit code */
		0x00cf93000000ffffull,  /* 0x18: flat 32-bit data */
	};
	guest_check_range(addr, sizeof(gdt), "boot GDT");
	memcpy((void *)addr, gdt, sizeof(gdt));
	entry->gdt_base = (uint32_t)addr;
	entry->gdt_limit = sizeof(gdt) - 1;
	entry->cs = 0x10;
	entry->ds = 0x18;
}

static int is_linux_bzimage(const uint8_t *image, uint64_t size)
{
	return size > 0x206 && memcmp(image + 0x202, "HdrS", 4) == 0;
}

enum guest_kind guest_identify(const struct boot_info *bi)
{
	if (bi->module_count == 0)
		panic("no guest: give GRUB the guest kernel as the first module "
		      "(module2 /boot/KERNEL command line)");
	const struct boot_module *m = &bi->modules[0];
	const uint8_t *image = (const uint8_t *)m->start;
	uint64_t size = m->end - m->start;
	if (multiboot_image_has_header(image, size))
		return GUEST_MULTIBOOT;
	if (is_linux_bzimage(image, size))
		return GUEST_LINUX;
	panic("module 0 '%s' (%llu bytes) is neither a multiboot kernel nor a Linux bzImage: refused",
	      m->cmdline, (unsigned long long)size);
}

void guest_load(const struct boot_info *bi, struct guest_entry *entry)
{
	memset(entry, 0, sizeof(*entry));
	if (guest_identify(bi) == GUEST_MULTIBOOT)
		multiboot_load(bi, entry);
	else
		linux_load(bi, entry);
}

void guest_update_processors(const struct boot_info *bi)
{
	if (guest_identify(bi) == GUEST_LINUX)
		linux_update_processors(bi);
}

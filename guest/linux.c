/* Linux guests, by the x86 boot protocol (Documentation/arch/x86/boot.rst):
 * the protected-mode kernel at its preferred address (or, relocatable, the
 * lowest aligned place that fits) and the initrd as high as allowed (both
 * chosen in guest/linux_placement.c), the zero
 * page, command line, boot GDT and the ACPI tables (the firmware's plus one
 * naming the hypervisor, guest/acpi_tables.c) in low memory, after a UEFI
 * boot also the EFI memory map and the screen GRUB handed over,
 * and entry at the 32-bit entry point with ESI = zero page, flat segments
 * __BOOT_CS = 0x10 and __BOOT_DS = 0x18, paging and interrupts off. */
#include "guest/linux.h"
#include "arch/smp.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "guest/acpi_tables.h"
#include "guest/bzimage.h"
#include "guest/linux_placement.h"
#include "guest/loader.h"
#include "guest/memory_map.h"
#include "lib/string.h"
#include "mm/memory.h"
#include "mm/paging.h"

/* Low memory the loader uses (all below 640 KiB, checked once as free
 * guest RAM: see guest_check_free_range). */
#define BOOT_DATA_START 0x10000
#define BOOT_DATA_END 0x20000
#define ZERO_PAGE_ADDRESS 0x10000
#define CMDLINE_ADDRESS 0x11000
#define BOOT_GDT_ADDRESS 0x12000
#define RSDP_COPY_ADDRESS 0x12100
#define ACPI_TABLES_ADDRESS 0x13000     /* up to 0x18000 */
#define ACPI_TABLES_SIZE 0x5000
#define EFI_MEMORY_MAP_ADDRESS 0x18000  /* up to 0x20000 */
#define EFI_MEMORY_MAP_SIZE 0x8000
#define MIB (1024ull * 1024)

static const struct boot_module *find_initrd(const struct boot_info *bi)
{
	for (unsigned i = 1; i < bi->module_count; i++)
		if (!strncmp(bi->modules[i].cmdline, "initrd", 6))
			return &bi->modules[i];
	return NULL;
}

/* The firmware's ACPI tables plus the one naming the hypervisor
 * (guest/acpi_tables.c); the firmware's RSDP alone if that cannot be done. */
static uint64_t place_acpi_tables(const struct boot_info *bi)
{
	if (!bi->rsdp)
		return 0;
	unsigned hidden;
	uint32_t virtualized[MAX_CPUS];
	unsigned count = smp_processors(virtualized);
	long rsdp = acpi_tables_with_hypervisor(bi->rsdp, bi->rsdp_length, physical_read, NULL,
						(uint8_t *)ACPI_TABLES_ADDRESS, ACPI_TABLES_SIZE,
						ACPI_TABLES_ADDRESS, virtualized, count, &hidden);
	if (rsdp >= 0) {
		printk("guest: ACPI tables at 0x%x; %u processor%s in the MADT, %u disabled "
		       "(not virtualized)\n", ACPI_TABLES_ADDRESS, count, count == 1 ? "" : "s",
		       hidden);
		return ACPI_TABLES_ADDRESS + (uint64_t)rsdp;
	}
	printk("guest: the firmware's ACPI tables could not be extended; passing them as they are\n");
	memcpy((void *)RSDP_COPY_ADDRESS, bi->rsdp, bi->rsdp_length);
	return RSDP_COPY_ADDRESS;
}

/* After a UEFI boot (GRUB's EFI64 system table and EFI memory map tags,
 * boot services exited): efi_info for the EFI runtime services, with the
 * firmware's memory map less the hypervisor's memory. Linux itself calls
 * SetVirtualAddressMap; the hypervisor never does. */
static void place_efi_memory_map(const struct boot_info *bi, struct linux_layout *l)
{
	if (!bi->efi_system_table || !bi->efi_map.descriptors || bi->efi_boot_services_active)
		return;
	size_t size = guest_efi_memory_map(&bi->efi_map, hypervisor_memory(),
					   (uint8_t *)EFI_MEMORY_MAP_ADDRESS, EFI_MEMORY_MAP_SIZE);
	if (!size) {
		printk("guest: the EFI memory map does not fit in %u KiB; Linux gets no EFI information\n",
		       EFI_MEMORY_MAP_SIZE / 1024);
		return;
	}
	l->efi_system_table = bi->efi_system_table;
	l->efi_map_address = EFI_MEMORY_MAP_ADDRESS;
	l->efi_map_size = (uint32_t)size;
	l->efi_descriptor_size = bi->efi_map.descriptor_size;
	l->efi_descriptor_version = bi->efi_map.descriptor_version;
	printk("guest: EFI system table 0x%llx, EFI memory map of %u descriptors at 0x%x\n",
	       (unsigned long long)bi->efi_system_table,
	       (unsigned)(size / bi->efi_map.descriptor_size), EFI_MEMORY_MAP_ADDRESS);
}

static void describe_screen(const struct framebuffer *fb)
{
	if (fb->present && fb->type == FRAMEBUFFER_RGB)
		printk("guest: screen_info: EFI framebuffer %ux%u, %u bpp at 0x%llx\n", fb->width,
		       fb->height, fb->bpp, (unsigned long long)fb->address);
}

void linux_load(const struct boot_info *bi, struct guest_entry *entry)
{
	const struct boot_module *m = &bi->modules[0];
	const uint8_t *image = (const uint8_t *)m->start;
	struct bzimage bz;
	char err[128];
	if (bzimage_parse(image, m->end - m->start, &bz, err, sizeof(err)))
		panic("module 0: %s", err);

	static struct mem_region e820[BOOT_MAX_REGIONS + 16];
	struct linux_layout l = { 0 };
	guest_check_free_range(BOOT_DATA_START, BOOT_DATA_END - BOOT_DATA_START,
			       "boot data (zero page, command line, GDT, ACPI tables, EFI memory map)");
	if (linux_place_kernel(&bz, guest_free_memory(), &l.kernel_address, err, sizeof(err)))
		panic("%s", err);
	memcpy((void *)l.kernel_address, image + bz.kernel_offset, bz.kernel_size);

	const struct boot_module *initrd = find_initrd(bi);
	if (initrd) {
		l.initrd_size = initrd->end - initrd->start;
		if (linux_place_initrd(&bz, guest_free_memory(), l.initrd_size, l.kernel_address,
				       l.kernel_address + bz.init_size, &l.initrd_address, err,
				       sizeof(err)))
			panic("%s", err);
		memcpy((void *)l.initrd_address, (const void *)initrd->start, l.initrd_size);
	}

	size_t cmdline_length = strlen(m->cmdline);
	if (cmdline_length > bz.cmdline_size || cmdline_length >= 4096)
		panic("Linux command line of %zu bytes is longer than the kernel's %u: refused",
		      cmdline_length, bz.cmdline_size);
	memcpy((void *)CMDLINE_ADDRESS, m->cmdline, cmdline_length + 1);
	l.cmdline_address = CMDLINE_ADDRESS;
	l.rsdp_address = place_acpi_tables(bi);
	l.e820 = e820;
	l.e820_count = guest_memory_map(bi->regions, bi->region_count, hypervisor_memory(), e820,
					sizeof(e820) / sizeof(e820[0]));
	l.framebuffer = &bi->framebuffer;
	place_efi_memory_map(bi, &l);

	memset((void *)ZERO_PAGE_ADDRESS, 0, BOOT_PARAMS_SIZE);
	bzimage_fill_boot_params((uint8_t *)ZERO_PAGE_ADDRESS, image, &bz, &l);
	guest_write_boot_gdt(BOOT_GDT_ADDRESS, entry);
	entry->eip = (uint32_t)l.kernel_address;
	entry->esi = ZERO_PAGE_ADDRESS;

	printk("guest: Linux bzImage, boot protocol %u.%02u, kernel at 0x%llx (%u MiB with init_size), "
	       "initrd %llu bytes at 0x%llx, %u e820 entries\n", bz.protocol >> 8,
	       bz.protocol & 0xff, (unsigned long long)l.kernel_address,
	       (unsigned)(bz.init_size / MIB), (unsigned long long)l.initrd_size,
	       (unsigned long long)l.initrd_address, l.e820_count);
	describe_screen(&bi->framebuffer);
	printk("guest: Linux command line '%s'\n", m->cmdline);
}

/* The same tables again, at the same place and of the same size (only the
 * MADT's processor flags differ), once the processors that really started
 * are known. */
void linux_update_processors(const struct boot_info *bi)
{
	place_acpi_tables(bi);
}

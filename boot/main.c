/* hypervisor_main(): the C entry point, called by boot/entry.asm in long mode.
 * Brings up the console, descriptor tables, boot information, memory and
 * then hands over to the VMX code. */
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/exceptions.h"
#include "arch/gdt.h"
#include "arch/lapic.h"
#include "arch/percpu.h"
#include "arch/smp.h"
#include "arch/tsc.h"
#include "arch/power.h"
#include "arch/serial.h"
#include "boot/boot_data.h"
#include "lib/cmdline.h"
#include "mm/memory.h"
#include "mm/paging.h"
#include "guest/loader.h"
#include "iommu/iommu.h"
#include "platform/xsetbv.h"
#include "vmx/launch.h"
#include "vmx/nmi.h"
#include "vmx/vmx.h"

extern char __image_start[], __image_end[];

#define MIB (1024ull * 1024)
#define GIB (1024ull * MIB)
#define FRAMEBUFFER_MAP_LIMIT (1024 * GIB)

static struct boot_info boot_info;
static struct hv_options options;

static void print_option_warning(const char *message, void *ctx)
{
	(void)ctx;
	printk("hypervisor: warning: %s\n", message);
}

static void print_memory_map(const struct boot_info *bi)
{
	uint64_t usable = 0;
	printk("memory map (%s, %u regions):\n",
	       bi->memory_map_from_efi ? "EFI" : "BIOS", bi->region_count);
	for (unsigned i = 0; i < bi->region_count; i++) {
		const struct mem_region *r = &bi->regions[i];
		printk("  %016llx-%016llx %s\n", (unsigned long long)r->base,
		       (unsigned long long)(r->base + r->length - 1), mem_type_name(r->type));
		if (r->type == MEM_USABLE)
			usable += r->length;
	}
	printk("usable memory: %llu MiB\n", (unsigned long long)(usable / MIB));
}

static void print_modules(const struct boot_info *bi)
{
	printk("modules: %u\n", bi->module_count);
	for (unsigned i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		printk("  module %u: %08llx-%08llx %llu bytes '%s'\n", i,
		       (unsigned long long)m->start, (unsigned long long)m->end,
		       (unsigned long long)(m->end - m->start), m->cmdline);
	}
}

/* The host maps the first 4 GiB (low MMIO included), any RAM above it and
 * the screen GRUB handed over, which may be a 64-bit BAR above RAM (the guest
 * draws on it through the same map in EPT); other reserved ranges above
 * 4 GiB are the guest's devices, not ours. */
static uint64_t identity_map_top(const struct boot_info *bi)
{
	uint64_t top = BOOT_MAPPED_END;
	for (unsigned i = 0; i < bi->region_count; i++) {
		const struct mem_region *r = &bi->regions[i];
		if (r->type != MEM_RESERVED && r->base + r->length > top)
			top = r->base + r->length;
	}
	/* Bounded: mapped with 2 MiB pages (no 1 GiB pages), 1 TiB costs 2 MiB of
	 * page tables for the host and as much for EPT. */
	const struct framebuffer *fb = &bi->framebuffer;
	uint64_t fb_end = fb->address + (uint64_t)fb->pitch * fb->height;
	if (fb->present && fb_end > top && fb_end <= FRAMEBUFFER_MAP_LIMIT)
		top = fb_end;
	return top;
}

void hypervisor_main(uint32_t magic, uint64_t info)
{
	percpu_activate(0, lapic_id());
	serial_init();
	printk("\nhypervisor: starting (image %p-%p)\n", (void *)__image_start,
	       (void *)__image_end);
	gdt_init();
	idt_init();
	cpu_enable_caches();

	boot_data_take(magic, info, &boot_info);
	printk("boot loader: %s (%s)\n",
	       boot_info.loader_name ? boot_info.loader_name : "(unnamed)",
	       boot_protocol_name(magic));
	printk("command line: '%s'\n", boot_info.cmdline ? boot_info.cmdline : "");
	cmdline_parse(boot_info.cmdline, &options, print_option_warning, 0);
	char described[160];
	cmdline_describe(&options, described, sizeof(described));
	printk("options: %s\n", described);
	console_start(options.console, &boot_info.framebuffer);

	print_memory_map(&boot_info);
	print_modules(&boot_info);
	if (boot_info.rsdp)
		printk("ACPI RSDP: revision %u, copy at %p\n", boot_info.rsdp_revision,
		       boot_info.rsdp);
	else
		printk("ACPI RSDP: not given by the boot loader\n");

	uint64_t memory_top = identity_map_top(&boot_info);
	paging_init(memory_top);
	printk("guest memory: %llu MiB usable\n",
	       (unsigned long long)(range_set_total(guest_usable_memory()) / MIB));

	/* DMA confinement does not depend on VT-x: set up before its check. */
	iommu_init(&boot_info, &options, memory_top);
	if (options.selftest == SELFTEST_DMA)
		selftest_dma();
	if (options.selftest == SELFTEST_EXCEPTION)
		selftest_raise_exception();
	if (options.selftest == SELFTEST_XSETBV)
		xsetbv_leave_checks_to_cpu();
	if (options.selftest == SELFTEST_NMI)
		nmi_selftest_arm();
	printk("hypervisor: boot complete\n");

	struct guest_entry entry;
	smp_plan(&boot_info);
	guest_load(&boot_info, &entry);
	tsc_calibrate();
	vmx_init();
	if (smp_start_aps(&boot_info))
		guest_update_processors(&boot_info);
	console_lend_screen_to_guest();
	vmx_run_guest(&entry, &boot_info, &options, memory_top);
}

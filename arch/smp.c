/* See smp.h. The sequence is the one the SDM gives for a BSP (vol. 3A
 * 8.4.4.1): INIT, 10 ms, SIPI, 200 us, SIPI again if the AP has not answered.
 * The start-up vector is a page of low memory that holds arch/trampoline.asm
 * only while the APs start: the guest is loaded afterwards and owns it. */
#include "arch/smp.h"
#include "arch/acpi.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/exceptions.h"
#include "arch/gdt.h"
#include "arch/lapic.h"
#include "arch/madt.h"
#include "arch/percpu.h"
#include "arch/tsc.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "vmx/launch.h"
#include "vmx/vmx.h"

extern const uint8_t ap_trampoline[], ap_trampoline_end[];
extern uint64_t ap_start_stack, ap_start_index;

#define AP_ANSWER_TIMEOUT_MS 1000
#define LOW_MEMORY_END 0x9f000ull       /* below the EBDA and VGA memory */

static volatile bool cpu_online[MAX_CPUS];
static uint32_t planned[MAX_CPUS];      /* APIC IDs: the BSP, then the APs to start */
static unsigned planned_count;
static uint64_t hypervisor_cr3;

/* The first page of usable RAM in [4 KiB, 636 KiB): a real-mode start-up
 * vector must be below 1 MiB (SDM vol. 3A 10.6.1). */
static uint64_t find_trampoline_page(const struct boot_info *bi)
{
	uint64_t best = 0;
	for (unsigned i = 0; i < bi->region_count; i++) {
		const struct mem_region *r = &bi->regions[i];
		uint64_t page = (r->base + 0xfff) & ~0xfffull;
		if (page < 0x1000)
			page = 0x1000;
		if (r->type == MEM_USABLE && page + 0x1000 <= r->base + r->length &&
		    page + 0x1000 <= LOW_MEMORY_END && (!best || page < best))
			best = page;
	}
	return best;
}

static bool wait_online(unsigned index, uint64_t ms)
{
	uint64_t end = wait_deadline(ms);
	while (!cpu_online[index])
		if (rdtsc() > end)
			return false;
		else
			__asm__ volatile("pause");
	return true;
}

static bool start_ap(unsigned index, uint32_t apic_id, uint64_t page)
{
	cpus[index].apic_id = apic_id;
	ap_start_stack = (uint64_t)(cpus[index].stack + CPU_STACK_SIZE);
	ap_start_index = index;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	lapic_send_ipi(apic_id, ICR_DELIVERY_INIT | ICR_LEVEL_ASSERT | ICR_TRIGGER_LEVEL);
	udelay(10000);
	for (int sipi = 0; sipi < 2 && !cpu_online[index]; sipi++) {
		lapic_send_ipi(apic_id, ICR_DELIVERY_STARTUP | ICR_LEVEL_ASSERT |
					(uint32_t)(page >> 12));
		udelay(200);
	}
	if (wait_online(index, AP_ANSWER_TIMEOUT_MS))
		return true;
	/* Back to wait-for-SIPI, so that it cannot wake later on a stack that
	 * the next processor is given. */
	lapic_send_ipi(apic_id, ICR_DELIVERY_INIT | ICR_LEVEL_ASSERT | ICR_TRIGGER_LEVEL);
	return false;
}

/* 64-bit C entry of an AP (arch/trampoline.asm), on its own stack. */
_Noreturn void ap_main(uint64_t index);
_Noreturn void ap_main(uint64_t index)
{
	write_cr3(hypervisor_cr3);
	percpu_activate((unsigned)index, lapic_id());
	gdt_init();
	idt_load();
	cpu_enable_caches();
	vmx_init_ap();
	printk("smp: cpu %u (APIC id %u) up, in VMX root operation\n", this_cpu()->index,
	       this_cpu()->apic_id);
	cpu_online[index] = true;
	vcpu_ap_main();
}

void smp_plan(const struct boot_info *bi)
{
	planned[0] = cpus[0].apic_id;
	planned_count = 1;
	const uint8_t *madt = bi->rsdp ? acpi_find_table(bi->rsdp, bi->rsdp_length,
							 physical_read, 0, "APIC") : 0;
	if (!madt) {
		printk("smp: no ACPI MADT: only the boot processor runs\n");
		return;
	}
	uint32_t length, cursor = 0;
	memcpy(&length, madt + 4, 4);
	struct madt_processor p;
	while (madt_next_processor(madt, length, &cursor, &p)) {
		if (!(p.flags & MADT_ENABLED) || p.apic_id == cpus[0].apic_id)
			continue;
		if (planned_count == MAX_CPUS)
			printk("smp: processor with APIC id %u left out: the hypervisor runs at "
			       "most %u\n", p.apic_id, MAX_CPUS);
		else
			planned[planned_count++] = p.apic_id;
	}
}

unsigned smp_processors(uint32_t *apic_ids)
{
	for (unsigned i = 0; i < planned_count; i++)
		apic_ids[i] = planned[i];
	return planned_count;
}

/* The start-up page is guest memory, and the guest is loaded already: its
 * bytes are kept aside while the APs start and put back afterwards. */
static uint8_t saved_page[0x1000];

bool smp_start_aps(const struct boot_info *bi)
{
	if (planned_count == 1)
		return false;
	uint64_t page = find_trampoline_page(bi);
	if (!page) {
		printk("smp: no usable page below 636 KiB for the start-up code: only the boot "
		       "processor runs\n");
		planned_count = 1;
		return true;
	}
	hypervisor_cr3 = read_cr3();
	memcpy(saved_page, (void *)page, sizeof(saved_page));
	memcpy((void *)page, ap_trampoline, (size_t)(ap_trampoline_end - ap_trampoline));
	unsigned listed = planned_count;
	for (unsigned i = 1; i < listed; i++) {
		if (start_ap(cpu_count, planned[i], page))
			cpu_count++;
		else
			printk("smp: processor with APIC id %u did not answer INIT-SIPI-SIPI "
			       "within %llu ms: left out\n", planned[i],
			       (unsigned long long)wait_bound_ms(AP_ANSWER_TIMEOUT_MS));
	}
	memcpy((void *)page, saved_page, sizeof(saved_page));
	printk("smp: %u of %u processor%s in VMX root operation\n", cpu_count, listed,
	       listed == 1 ? "" : "s");
	for (unsigned i = 0; i < cpu_count; i++)
		planned[i] = cpus[i].apic_id;
	bool changed = planned_count != cpu_count;
	planned_count = cpu_count;
	return changed;
}

/* The VMX life cycle after VMXON, for the one guest and its vCPUs, one on
 * each processor:
 *   build_ept()                    SDM vol. 3C 28.2 (one EPT, shared)
 *   bitmaps                        SDM 24.6.4, 24.6.9 (shared, read-only)
 *   vcpu_prepare()                 on each processor: vmcs_create(),
 *                                  vmcs_setup_*() (SDM 24.11.3, 24.4-24.8)
 *   vcpu_life()                    the boot processor enters the guest's
 *                                  entry point; the others wait in root
 *                                  operation for an emulated SIPI and enter
 *                                  real mode at its vector; each runs
 *                                  vcpu_run(), the VMLAUNCH/VMRESUME loop
 *   end_guest()                    once, on whichever processor ends the
 *                                  guest: the others leave it, the summary */
#include "vmx/launch.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/power.h"
#include "lib/checksum.h"
#include "mm/memory.h"
#include "vmx/bitmaps.h"
#include "debug/entry_report.h"
#include "debug/exit_log.h"
#include "vmx/exit.h"
#include "iommu/iommu.h"
#include "platform/cpuid.h"
#include "vmx/guest_memory.h"
#include "platform/msr.h"
#include "platform/pmu.h"
#include "platform/power.h"
#include "platform/reset.h"
#include "platform/smram.h"
#include "platform/io_ports.h"
#include "debug/gdb_stub.h"
#include "debug/monitor.h"
#include "vmx/page_fault.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "arch/percpu.h"
#include "arch/lapic.h"
#include "arch/tsc.h"
#include "arch/exceptions.h"
#include "platform/apic.h"
#include "vmx/nmi.h"
#include "lib/spinlock.h"
#include "debug/debugger_hold.h"

extern char __image_start[], __readonly_end[];

static struct vcpu vcpus[MAX_CPUS];
static struct ept guest_ept;
struct spinlock guest_ept_lock;
static struct guest_memory guest_memory;
static struct vmx_bitmaps bitmaps;
static const struct hv_options *options;
static uint64_t checksum_at_start;
static volatile bool platform_ready;    /* EPT and bitmaps built: APs may use them */
/* 0, then for good 1 + the index of the processor that ends the guest: one
 * atomic store says both that it ends and which one stays (an NMI between
 * two stores would park the very processor ending it). */
volatile int guest_ending;
static volatile bool cpu_parked[MAX_CPUS];
static unsigned started_vcpus;          /* running guest code, or halted in it */
static unsigned halted_vcpus;           /* of those, halted with interrupts off */

#define PARK_TIMEOUT_MS 100

struct vcpu *vcpu_of_cpu(unsigned index)
{
	return &vcpus[index];
}

static uint64_t *ept_table_alloc(void *ctx)
{
	(void)ctx;
	return pages_try_alloc(1);
}

/* What EPT may take of the pool, besides the first map's tables: half of
 * what is free then. A guest that needs more (touching memory all over
 * with MTRRs that allow no large page) has the tables rebuilt instead
 * (vmx_reclaim_ept). */
static unsigned ept_table_limit(void)
{
	return guest_ept.tables + (unsigned)(memory_pool_free_bytes() / 2 / PAGE_SIZE);
}

static void require_ept_capability(uint64_t bit, const char *name)
{
	if (!(vmx_caps.ept_vpid & bit))
		panic("VMX: the CPU lacks the EPT capability \"%s\" (IA32_VMX_EPT_VPID_CAP = 0x%llx)",
		      name, (unsigned long long)vmx_caps.ept_vpid);
}

static void build_ept(uint64_t top)
{
	require_ept_capability(EPT_CAP_WALK_4, "page-walk length 4");
	require_ept_capability(EPT_CAP_WB, "write-back paging structures");
	require_ept_capability(EPT_CAP_INVEPT, "INVEPT");
	guest_memory = (struct guest_memory){ hypervisor_memory(), guest_mtrrs_init() };
	page_fault_init(&guest_memory);
	if (ept_init(&guest_ept, ept_table_alloc, 0, vmx_caps.ept_vpid & EPT_CAP_2MB,
		     vmx_caps.ept_vpid & EPT_CAP_1GB) ||
	    ept_map_range(&guest_ept, 0, top, guest_memory_classify, &guest_memory))
		panic("out of memory for EPT tables");
	apic_init(&guest_ept);
	guest_ept.table_limit = ept_table_limit();
	printk("ept: identity map of 0-0x%llx less the hypervisor: %u tables (at most %u), "
	       "%u x 1 GiB, %u x 2 MiB, %u x 4 KiB pages (MTRRs %s)\n",
	       (unsigned long long)top, guest_ept.tables, guest_ept.table_limit,
	       guest_ept.leaves[2], guest_ept.leaves[1], guest_ept.leaves[0],
	       guest_memory.mtrr->enabled ? "on" : "off: all uncacheable");
}

static struct spinlock ept_reclaim_lock;
static unsigned ept_reclaims;

/* Each other vCPU takes an INVEPT before its next entry (vmx/vcpu.c
 * take_requests); those in the guest are made to leave it. */
static void request_invept_elsewhere(struct vcpu *v)
{
	for (unsigned i = 0; i < cpu_count; i++) {
		if (&vcpus[i] == v)
			continue;
		vcpus[i].invept_request = true;
		if (vcpus[i].state == GUEST_RUNNING && !debugger_is_held(&vcpus[i]))
			apic_kick(&vcpus[i]);
	}
}

bool vmx_reclaim_ept(struct vcpu *v)
{
	if (!spin_trylock(&ept_reclaim_lock))
		return true;            /* another processor does it */
	bool held = debugger_hold_others(v);
	if (held) {
		spin_lock(&guest_ept_lock);
		unsigned tables = guest_ept.tables;
		ept_reset(&guest_ept);
		spin_unlock(&guest_ept_lock);
		request_invept_elsewhere(v);
		vcpu_invept(v);
		if (ept_reclaims++ == 0)
			printk("ept: out of tables (%u, the limit): unmapped everything, to be "
			       "mapped again on first touch\n", tables);
	}
	debugger_release_others(v);
	spin_unlock(&ept_reclaim_lock);
	return held;
}

/* EPT is shared: a change of memory types must reach every processor's
 * cached translations, so each running vCPU is asked for an INVEPT before
 * its next entry (vmx/vcpu.c take_requests) and made to leave the guest;
 * this one invalidates at once. Adding mappings needs none (page_fault.c). */
void vmx_update_memory_types(struct vcpu *v, uint64_t start, uint64_t end)
{
	spin_lock(&guest_ept_lock);
	int failed = ept_retype_range(v->ept, start, end, guest_memory_classify, &guest_memory);
	spin_unlock(&guest_ept_lock);
	if (failed) {
		/* Out of tables: rebuilt from nothing, with the new types. */
		if (!vmx_reclaim_ept(v))
			vcpu_kill(v, "EPT tables ran out and could not be rebuilt");
		return;
	}
	request_invept_elsewhere(v);
	vcpu_invept(v);
}

static uint64_t image_checksum(void)
{
	return checksum_fnv1a(__image_start, (size_t)(__readonly_end - __image_start));
}

static void print_end(const struct vcpu *v)
{
	switch (v->state) {
	case GUEST_EXITED:
		printk("hypervisor: guest exit status %d\n", v->exit_status);
		break;
	case GUEST_POWERED_OFF:
		printk("hypervisor: guest powered off (ACPI sleep type %u)\n", v->sleep_type);
		break;
	case GUEST_RESET:
		printk("hypervisor: guest reset the machine (%s)\n", v->reset_reason);
		break;
	case GUEST_HALTED:
		printk("hypervisor: guest halted with interrupts disabled\n");
		break;
	default:
		break;
	}
}

/* For the tests of the failure reports (tests/boot/vmentry_failure*.sh):
 * break one rule of a group of the VM-entry checks, which the report then
 * names, as Bochs' log does. */
static void provoke_vmentry_failure(int group)
{
	switch (group) {
	case VMENTRY_FAILURE_CONTROLS:          /* 26.2.1.1: at most 4 CR3-target values */
		vmcs_write(CR3_TARGET_COUNT, 5);
		break;
	case VMENTRY_FAILURE_HOST:              /* 26.2.4: a canonical host RIP */
		vmcs_write(HOST_RIP, 1ull << 47);
		break;
	case VMENTRY_FAILURE_SEGMENTS:          /* 26.3.1.2: SS a read/write data segment */
		vmcs_write(GUEST_SS_AR_BYTES, vmread(GUEST_CS_AR_BYTES));
		break;
	case VMENTRY_FAILURE_CONTROL_REGISTERS: /* 26.3.1.1: CR0.PG needs CR0.PE */
		vmcs_write(GUEST_CR0, (vmread(GUEST_CR0) | CR0_PG) & ~CR0_PE);
		break;
	case VMENTRY_FAILURE_RIP_RFLAGS:        /* 26.3.1.4: RIP below 4 GiB outside 64-bit mode */
		vmcs_write(GUEST_RIP, vmread(GUEST_RIP) | 1ull << 32);
		break;
	case VMENTRY_FAILURE_ACTIVITY:          /* 26.3.1.5: blocking by STI needs RFLAGS.IF */
		vmcs_write(GUEST_INTERRUPTIBILITY_INFO, INTERRUPTIBILITY_STI);
		break;
	case VMENTRY_FAILURE_EVENT_INJECTION:   /* 26.2.1.3: #GP delivers an error code */
		vmcs_write(VM_ENTRY_INTR_INFO_FIELD,
			   INTR_INFO_EVENT(INTR_TYPE_HARD_EXCEPTION, VECTOR_GP));
		break;
	default:                                /* 26.3.1.4: RFLAGS bit 1 must be 1 */
		vmcs_write(GUEST_RFLAGS, 0);
	}
}

/* selftest=vmentry-failure[:GROUP], or the host state VMLAUNCH refuses
 * (VM-instruction error 8, 26.2.2: CR4.VMXE must be 1). */
static void provoke_selftest(const struct hv_options *o)
{
	if (o->selftest == SELFTEST_VMENTRY_FAILURE)
		provoke_vmentry_failure(o->vmentry_failure);
	else if (o->selftest == SELFTEST_VMFAIL)
		vmcs_write(HOST_CR4, read_cr4() & ~CR4_VMXE);
}

/* The VMCS of the calling processor's vCPU, controls and host state. */
static void vcpu_prepare(struct vcpu *v)
{
	v->intercept_pf = options->intercept_pf;
	v->monitor_on_fatal = options->monitor == MONITOR_ON_FATAL;
	v->ept = &guest_ept;
	vmcs_create();
	vmcs_setup_controls(v, &bitmaps);
	vmcs_setup_host_state();
	v->vmcs_ready = true;
}

/* Parks the calling processor for good: interrupts off, HLT; an NMI that
 * still arrives returns to the HLT (arch/exceptions.c). */
static _Noreturn void park(void)
{
	cpu_parked[this_cpu()->index] = true;
	halt_forever();
}

/* Waits (bounded) for the other processors to leave the guest and park, so
 * that their statistics are final; one that does not is named. */
static void stop_other_cpus(void)
{
	unsigned self = this_cpu()->index;
	for (unsigned i = 0; i < cpu_count; i++) {
		if (i == self)
			continue;
		vcpus[i].end_request = true;
		if (vcpus[i].state == GUEST_RUNNING)
			apic_kick(&vcpus[i]);
	}
	uint64_t end = wait_deadline(PARK_TIMEOUT_MS);
	for (unsigned i = 0; i < cpu_count; i++)
		while (i != self && !cpu_parked[i] && rdtsc() < end)
			__asm__ volatile("pause");
	/* A processor an NMI parked in the middle of a line held the console. */
	for (unsigned i = 0; i < cpu_count; i++)
		if (i != self && cpu_parked[i])
			console_release_from_parked(i);
	for (unsigned i = 0; i < cpu_count; i++)
		if (i != self && !cpu_parked[i])
			printk("hypervisor: cpu %u did not leave the guest within %llu ms\n", i,
			       (unsigned long long)wait_bound_ms(PARK_TIMEOUT_MS));
}

static void print_summary(const struct vcpu *ending)
{
	print_end(ending);
	guest_mtrrs_print_summary();
	if (ept_reclaims)
		printk("ept: tables rebuilt %u times (the limit, %u, reached)\n", ept_reclaims,
		       guest_ept.table_limit);
	uint64_t total = 0;
	for (unsigned i = 0; i < cpu_count; i++) {
		if (cpu_count > 1)
			printk("hypervisor: cpu %u:\n", i);
		if (vcpus[i].sipi_starts)
			printk("hypervisor: cpu %u started %u times by a SIPI\n", i,
			       vcpus[i].sipi_starts);
		exit_stats_print(&vcpus[i]);
		if (vmcheck_enabled)
			vmcheck_print_summary(&vcpus[i]);
		total += vcpus[i].exits_total;
	}
	if (cpu_count > 1)
		printk("hypervisor: %llu VM exits in total on %u processors\n",
		       (unsigned long long)total, cpu_count);
	uint64_t after = image_checksum();
	printk("hypervisor: image checksum (code and read-only data) %016llx %s\n",
	       (unsigned long long)after,
	       after == checksum_at_start ? "unchanged" : "CHANGED");
}

/* The guest has ended on this processor (power-off, reset, exit port, a
 * fault the hypervisor stopped it for): the first processor to get here
 * makes the others leave the guest, prints the summary and stops the
 * machine; any other parks. */
static _Noreturn void end_guest(struct vcpu *v)
{
	int none = 0;
	if (!__atomic_compare_exchange_n(&guest_ending, &none, (int)this_cpu()->index + 1, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		park();
	stop_other_cpus();
	gdb_stub_guest_ended(v);
	print_summary(v);
	if (v->state == GUEST_RESET && image_checksum() == checksum_at_start)
		machine_reset();
	bool clean_end = (v->state == GUEST_EXITED && v->exit_status == 0) ||
			 v->state == GUEST_POWERED_OFF || v->state == GUEST_HALTED;
	machine_stop(clean_end && image_checksum() == checksum_at_start ? MACHINE_STATUS_SUCCESS
									: MACHINE_STATUS_FAILURE);
}

/* An NMI reached this processor in root operation after another one began
 * ending the guest: this one parks (vmx/nmi.c). */
void vcpu_park_if_guest_ended(void)
{
	int ending = guest_ending;
	if (ending && (unsigned)ending - 1 != this_cpu()->index)
		park();
}

bool vcpu_halt_for_good(struct vcpu *v)
{
	if (!v->halted_for_good) {
		v->halted_for_good = true;
		__atomic_add_fetch(&halted_vcpus, 1, __ATOMIC_SEQ_CST);
	}
	return __atomic_load_n(&halted_vcpus, __ATOMIC_SEQ_CST) ==
	       __atomic_load_n(&started_vcpus, __ATOMIC_SEQ_CST);
}

void vcpu_wake(struct vcpu *v)
{
	if (v->halted_for_good) {
		v->halted_for_good = false;
		__atomic_sub_fetch(&halted_vcpus, 1, __ATOMIC_SEQ_CST);
	}
}

/* Takes the SIPI that another processor left (platform/apic.c): the INIT
 * before it is done with, the vCPU runs again. False when an INIT came
 * after it and discarded it. */
static bool take_sipi(struct vcpu *v, uint8_t *vector)
{
	spin_lock(&v->init_sipi_lock);
	bool taken = v->sipi_request;
	if (taken) {
		*vector = v->sipi_vector;
		v->sipi_request = false;
		v->init_request = false;
		v->state = GUEST_RUNNING;
	}
	spin_unlock(&v->init_sipi_lock);
	return taken;
}

/* Waits in wait-for-SIPI until a SIPI starts the vCPU at its vector (SDM
 * vol. 3A 8.4.3) or the guest ends. Quick and quiet: an OS may send the
 * next INIT and SIPI within microseconds (the line it prints is for
 * `verbose`; the summary counts the starts). */
static void wait_for_sipi(struct vcpu *v)
{
	uint8_t vector;
	do {
		while (!__atomic_load_n(&v->sipi_request, __ATOMIC_ACQUIRE))
			if (guest_ending)
				park();
			else
				__asm__ volatile("pause");
	} while (!take_sipi(v, &vector));
	if (!v->vmcs_ready)
		vcpu_prepare(v);
	vmcs_setup_guest_sipi_state(v, vector);
	v->sipi_starts++;
	if (options->verbose)
		printk("vmx: cpu %u started by SIPI at 0x%x\n", v->cpu, vector << 12);
	if (vmcheck_enabled)
		vmcheck_start(v, "after a SIPI, before its VM entry");
}

/* Runs the vCPU, and after an emulated INIT waits for the SIPI that starts
 * it again, until the guest ends. */
static _Noreturn void vcpu_life(struct vcpu *v)
{
	for (;;) {
		if (v->state == GUEST_WAIT_FOR_SIPI)
			wait_for_sipi(v);
		__atomic_add_fetch(&started_vcpus, 1, __ATOMIC_SEQ_CST);
		vcpu_run(v);
		if (v->state != GUEST_WAIT_FOR_SIPI)
			end_guest(v);
		vcpu_wake(v);
		__atomic_sub_fetch(&started_vcpus, 1, __ATOMIC_SEQ_CST);
	}
}

/* The vCPU of the calling processor: one each, for good. */
static struct vcpu *vcpu_of_this_cpu(void)
{
	struct vcpu *v = &vcpus[this_cpu()->index];
	v->cpu = this_cpu()->index;
	v->apic.apic_id = this_cpu()->apic_id;
	v->ring = exit_rings[v->cpu];
	v->exit = &v->ring[0];          /* all zero until the first exit */
	this_cpu()->vcpu = v;
	return v;
}

_Noreturn void vcpu_ap_main(void)
{
	struct vcpu *v = vcpu_of_this_cpu();
	v->state = GUEST_WAIT_FOR_SIPI;
	while (!platform_ready && !guest_ending)
		__asm__ volatile("pause");
	vcpu_life(v);
}

void vmx_run_guest(const struct guest_entry *entry, const struct boot_info *bi,
		   const struct hv_options *o, uint64_t memory_top)
{
	struct vcpu *v = vcpu_of_this_cpu();
	checksum_at_start = image_checksum();
	options = o;
	exit_trace_set_filter(&o->trace);
	exit_extras.poll_iommu = iommu_fault_polling;
	exit_extras.count_ticks = o->stats_ticks;
	vmcheck_enabled = o->vmcheck;
	vmcheck_verbose = o->verbose;
	nmi_init();
	build_ept(memory_top);
	bitmaps_init(&bitmaps);
	io_intercept_exit_port(&bitmaps);
	guest_power_init(&bitmaps, bi);
	guest_reset_init(&bitmaps);
	smram_init(&bitmaps);
	msr_setup_bitmap(&bitmaps);
	guest_cpu_init();
	guest_pmu_init();
	if (o->monitor != MONITOR_OFF)
		monitor_init(&bitmaps);
	gdb_stub_init(&bitmaps, &o->gdb);
	platform_ready = true;

	vcpu_prepare(v);
	vmcs_setup_guest_state(v, entry);
	provoke_selftest(o);
	gdb_stub_start(v);
	if (o->monitor == MONITOR_AT_BOOT)
		monitor_enter(v, "started at boot (monitor=boot)");
	printk("vmx: entering the guest at 0x%x%s\n", entry->eip,
	       o->intercept_pf ? " (guest #PF intercepted)" : "");
	if (vmcheck_enabled)
		vmcheck_start(v, "before its first VM entry");
	vcpu_life(v);
}

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
#include "debug/exit_log.h"
#include "vmx/exit.h"
#include "iommu/iommu.h"
#include "platform/cpuid.h"
#include "vmx/guest_memory.h"
#include "platform/msr.h"
#include "platform/pmu.h"
#include "platform/power.h"
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

extern char __image_start[], __readonly_end[];

#define EPT_CAP_WALK_4 (1ull << 6)
#define EPT_CAP_WB (1ull << 14)
#define EPT_CAP_2MB (1ull << 16)
#define EPT_CAP_1GB (1ull << 17)
#define EPT_CAP_INVEPT (1ull << 20)

static struct vcpu vcpus[MAX_CPUS];
static struct ept guest_ept;
struct spinlock guest_ept_lock;
static struct guest_memory guest_memory;
static struct vmx_bitmaps bitmaps;
static const struct hv_options *options;
static uint64_t checksum_at_start;
static volatile bool platform_ready;    /* EPT and bitmaps built: APs may use them */
volatile int guest_ending;              /* set once, by the processor that ends it */
static volatile unsigned ending_cpu;
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
	return page_alloc();
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
	printk("ept: identity map of 0-0x%llx less the hypervisor: %u tables, "
	       "%u x 1 GiB, %u x 2 MiB, %u x 4 KiB pages (MTRRs %s)\n",
	       (unsigned long long)top, guest_ept.tables, guest_ept.leaves[2],
	       guest_ept.leaves[1], guest_ept.leaves[0],
	       guest_memory.mtrr->enabled ? "on" : "off: all uncacheable");
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
	if (failed)
		panic("out of memory for EPT tables");
	for (unsigned i = 0; i < cpu_count; i++) {
		if (&vcpus[i] == v || vcpus[i].state != GUEST_RUNNING)
			continue;
		vcpus[i].invept_request = true;
		apic_kick(&vcpus[i]);
	}
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
		printk("hypervisor: guest reset the machine\n");
		break;
	case GUEST_HALTED:
		printk("hypervisor: guest halted with interrupts disabled\n");
		break;
	default:
		break;
	}
}

/* For the tests of the failure reports: break the guest state (a VM entry
 * that fails its guest-state checks, SDM 26.3.1.4: RFLAGS bit 1 must be 1)
 * or the host state (VMLAUNCH fails with VM-instruction error 8, 26.2.2:
 * CR4.VMXE must be 1). */
static void provoke_selftest(int selftest)
{
	if (selftest == SELFTEST_VMENTRY_FAILURE)
		vmcs_write(GUEST_RFLAGS, 0);
	else if (selftest == SELFTEST_VMFAIL)
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
	uint64_t total = 0;
	for (unsigned i = 0; i < cpu_count; i++) {
		if (cpu_count > 1)
			printk("hypervisor: cpu %u:\n", i);
		exit_stats_print(&vcpus[i]);
		total += vcpus[i].exits_total;
	}
	if (cpu_count > 1)
		printk("hypervisor: %llu VM exits in total on %u processors\n",
		       (unsigned long long)total, cpu_count);
	uint64_t after = image_checksum();
	printk("hypervisor: image checksum %016llx %s\n", (unsigned long long)after,
	       after == checksum_at_start ? "unchanged" : "CHANGED");
}

/* The guest has ended on this processor (power-off, reset, exit port, a
 * fault the hypervisor stopped it for): the first processor to get here
 * makes the others leave the guest, prints the summary and stops the
 * machine; any other parks. */
static _Noreturn void end_guest(struct vcpu *v)
{
	if (__atomic_exchange_n(&guest_ending, 1, __ATOMIC_SEQ_CST))
		park();
	ending_cpu = this_cpu()->index;
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
	if (guest_ending && this_cpu()->index != ending_cpu)
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

/* Runs the vCPU, and after an emulated INIT waits for the SIPI that starts
 * it again, until the guest ends. */
static _Noreturn void vcpu_life(struct vcpu *v)
{
	for (;;) {
		if (v->state == GUEST_WAIT_FOR_SIPI) {
			while (!__atomic_load_n(&v->sipi_request, __ATOMIC_ACQUIRE) && !guest_ending)
				__asm__ volatile("pause");
			if (guest_ending)
				park();
			if (!v->vmcs_ready)
				vcpu_prepare(v);
			v->init_request = false;        /* already in its INIT state */
			v->sipi_request = false;
			vmcs_setup_guest_sipi_state(v, v->sipi_vector);
			printk("vmx: cpu %u started by SIPI at 0x%x\n", v->cpu, v->sipi_vector << 12);
			v->state = GUEST_RUNNING;
		}
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
	nmi_init();
	build_ept(memory_top);
	bitmaps_init(&bitmaps);
	io_intercept_exit_port(&bitmaps);
	guest_power_init(&bitmaps, bi);
	msr_setup_bitmap(&bitmaps);
	guest_cpu_init();
	guest_pmu_init();
	if (o->monitor != MONITOR_OFF)
		monitor_init(&bitmaps);
	gdb_stub_init(&bitmaps, &o->gdb);
	platform_ready = true;

	vcpu_prepare(v);
	vmcs_setup_guest_state(v, entry);
	provoke_selftest(o->selftest);
	gdb_stub_start(v);
	if (o->monitor == MONITOR_AT_BOOT)
		monitor_enter(v, "started at boot (monitor=boot)");
	printk("vmx: entering the guest at 0x%x%s\n", entry->eip,
	       o->intercept_pf ? " (guest #PF intercepted)" : "");
	vcpu_life(v);
}

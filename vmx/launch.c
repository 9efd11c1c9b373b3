/* The VMX life cycle after VMXON, for the one guest:
 *   build_ept()                    SDM vol. 3C 28.2
 *   bitmaps                        SDM 24.6.4, 24.6.9
 *   vmcs_create(), vmcs_setup_*()  SDM 24.11.3, 24.4-24.8
 *   vcpu_run()                     the VMLAUNCH/VMRESUME loop (vmx/vcpu.c)
 *   print_summary()                exits by reason, the image checksum */
#include "vmx/launch.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/power.h"
#include "lib/checksum.h"
#include "mm/memory.h"
#include "vmx/bitmaps.h"
#include "debug/exit_log.h"
#include "platform/cpuid.h"
#include "vmx/guest_memory.h"
#include "platform/power.h"
#include "platform/io_ports.h"
#include "debug/gdb_stub.h"
#include "debug/monitor.h"
#include "vmx/mtrr.h"
#include "vmx/page_fault.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

extern char __image_start[], __readonly_end[];

#define EPT_CAP_WALK_4 (1ull << 6)
#define EPT_CAP_WB (1ull << 14)
#define EPT_CAP_2MB (1ull << 16)
#define EPT_CAP_1GB (1ull << 17)
#define EPT_CAP_INVEPT (1ull << 20)

static struct vcpu vcpu;
static struct mtrr_state mtrr;
static struct guest_memory guest_memory;

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

static void build_ept(struct vcpu *v, uint64_t top)
{
	require_ept_capability(EPT_CAP_WALK_4, "page-walk length 4");
	require_ept_capability(EPT_CAP_WB, "write-back paging structures");
	require_ept_capability(EPT_CAP_INVEPT, "INVEPT");
	mtrr_read(&mtrr);
	guest_memory = (struct guest_memory){ hypervisor_memory(), &mtrr };
	page_fault_init(&guest_memory);
	if (ept_init(&v->ept, ept_table_alloc, 0, vmx_caps.ept_vpid & EPT_CAP_2MB,
		     vmx_caps.ept_vpid & EPT_CAP_1GB) ||
	    ept_map_range(&v->ept, 0, top, guest_memory_classify, &guest_memory))
		panic("out of memory for EPT tables");
	printk("ept: identity map of 0-0x%llx less the hypervisor: %u tables, "
	       "%u x 1 GiB, %u x 2 MiB, %u x 4 KiB pages (MTRRs %s)\n",
	       (unsigned long long)top, v->ept.tables, v->ept.leaves[2], v->ept.leaves[1],
	       v->ept.leaves[0], mtrr.enabled ? "on" : "off: all uncacheable");
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

static void print_summary(const struct vcpu *v, uint64_t checksum_before)
{
	print_end(v);
	exit_stats_print(v);
	uint64_t after = image_checksum();
	printk("hypervisor: image checksum %016llx %s\n", (unsigned long long)after,
	       after == checksum_before ? "unchanged" : "CHANGED");
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

void vmx_run_guest(const struct guest_entry *entry, const struct boot_info *bi,
		   const struct hv_options *o, uint64_t memory_top)
{
	uint64_t checksum = image_checksum();
	struct vmx_bitmaps bitmaps;

	vcpu.intercept_pf = o->intercept_pf;
	vcpu.monitor_on_fatal = o->monitor == MONITOR_ON_FATAL;
	exit_trace_set_filter(&o->trace);
	build_ept(&vcpu, memory_top);
	bitmaps_init(&bitmaps);
	io_intercept_exit_port(&bitmaps);
	guest_power_init(&bitmaps, bi);
	vmx_setup_msr_bitmap(&bitmaps);
	guest_cpu_init(&bitmaps);
	if (o->monitor != MONITOR_OFF)
		monitor_init(&bitmaps);
	gdb_stub_init(&bitmaps, &o->gdb);

	vmcs_create();
	vmcs_setup_controls(&vcpu, &bitmaps);
	vmcs_setup_host_state();
	vmcs_setup_guest_state(&vcpu, entry);
	provoke_selftest(o->selftest);
	gdb_stub_start(&vcpu);
	if (o->monitor == MONITOR_AT_BOOT)
		monitor_enter(&vcpu, "started at boot (monitor=boot)");
	printk("vmx: entering the guest at 0x%x%s\n", entry->eip,
	       o->intercept_pf ? " (guest #PF intercepted)" : "");
	if (vcpu.state == GUEST_RUNNING)
		vcpu_run(&vcpu);
	gdb_stub_guest_ended(&vcpu);

	print_summary(&vcpu, checksum);
	if (vcpu.state == GUEST_RESET && image_checksum() == checksum)
		machine_reset();
	bool clean_end = (vcpu.state == GUEST_EXITED && vcpu.exit_status == 0) ||
			 vcpu.state == GUEST_POWERED_OFF || vcpu.state == GUEST_HALTED;
	machine_stop(clean_end && image_checksum() == checksum ? MACHINE_STATUS_SUCCESS
								 : MACHINE_STATUS_FAILURE);
}

/* Step 1 of the VMX life cycle: is VT-x there, what can it do, and VMXON.
 * SDM vol. 3C 23.6 (discovering support), 23.7 (enabling and entering VMX
 * operation), appendix A (capability MSRs). */
#include "vmx/vmx.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/percpu.h"
#include "mm/memory.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_ops.h"

#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define FEATURE_CONTROL_LOCKED (1ull << 0)
#define FEATURE_CONTROL_VMXON_OUTSIDE_SMX (1ull << 2)
#define VMX_BASIC_MEMTYPE_WB 6ull
#define CR4_OSXSAVE (1ull << 18)

struct vmx_caps vmx_caps;

/* SDM 23.6: CPUID.1:ECX.VMX says whether VMX exists at all. */
static void check_cpuid(void)
{
	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_VMX))
		panic("VT-x not available: CPUID.1:ECX.VMX[bit 5] = 0 "
		      "(no VMX on this CPU, or the hypervisor below us hides it)");
}

/* SDM 23.7: VMXON outside SMX needs IA32_FEATURE_CONTROL bits 0 and 2. If
 * firmware left the MSR unlocked we set and lock them; locked without bit 2
 * means VMX was switched off in the firmware setup. */
static void check_feature_control(void)
{
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	if (fc & FEATURE_CONTROL_LOCKED) {
		if (!(fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX))
			panic("VMX locked off in firmware: IA32_FEATURE_CONTROL = 0x%llx "
			      "(locked, bit 2 'VMXON outside SMX' clear); enable VT-x in the "
			      "firmware setup", (unsigned long long)fc);
		return;
	}
	wrmsr(MSR_IA32_FEATURE_CONTROL,
	      fc | FEATURE_CONTROL_LOCKED | FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
}

/* Appendix A.1-A.5: with IA32_VMX_BASIC bit 55 the TRUE MSRs describe which
 * default-1 controls may be 0. */
static void read_capabilities(void)
{
	uint64_t basic = rdmsr(MSR_IA32_VMX_BASIC);
	bool true_ctls = basic & VMX_BASIC_TRUE_CTLS;
	vmx_caps.basic = basic;
	vmx_caps.revision = (uint32_t)basic & 0x7fffffff;
	if (((basic >> 50) & 0xf) != VMX_BASIC_MEMTYPE_WB)
		panic("VMX: the CPU wants VMCS memory type %llu, only write-back is supported",
		      (unsigned long long)((basic >> 50) & 0xf));
	vmx_caps.pin = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS);
	vmx_caps.primary = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS
					   : MSR_IA32_VMX_PROCBASED_CTLS);
	vmx_caps.exit = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS);
	vmx_caps.entry = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS);
	vmx_caps.misc = rdmsr(MSR_IA32_VMX_MISC);
	vmx_caps.cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	vmx_caps.cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	vmx_caps.cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	vmx_caps.cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	/* Secondary controls and EPT/VPID capabilities exist only when the
	 * primary controls allow "activate secondary controls" (A.3.3). */
	if (vmx_caps.primary >> 32 & (1u << 31)) {
		vmx_caps.secondary = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
		vmx_caps.ept_vpid = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	}
	printk("vmx: VMCS revision 0x%x, %s capability MSRs, EPT/VPID caps 0x%llx\n",
	       vmx_caps.revision, true_ctls ? "TRUE" : "default",
	       (unsigned long long)vmx_caps.ept_vpid);
}

/* Appendix A.7: a bit set in FIXED0 must be 1, a bit clear in FIXED1 must be
 * 0. With unrestricted guest, PE and PG may be 0 in the guest (SDM 26.3.1.1). */
uint64_t vmx_fixed_cr0(uint64_t cr0, bool unrestricted_guest)
{
	uint64_t fixed0 = vmx_caps.cr0_fixed0;
	if (unrestricted_guest)
		fixed0 &= ~(CR0_PE | CR0_PG);
	return (cr0 | fixed0) & vmx_caps.cr0_fixed1;
}

/* Appendix A.8. */
uint64_t vmx_fixed_cr4(uint64_t cr4)
{
	return (cr4 | vmx_caps.cr4_fixed0) & vmx_caps.cr4_fixed1;
}

/* SDM 23.7 and 24.11.5: a 4 KiB-aligned VMXON region that starts with the
 * VMCS revision identifier, CR0/CR4 fixed bits applied, then VMXON. */
static void enter_vmx_operation(void)
{
	uint64_t cr4 = read_cr4() | CR4_VMXE;
	if (cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE)
		cr4 |= CR4_OSXSAVE;     /* to run XSETBV on behalf of the guest */
	write_cr4(vmx_fixed_cr4(cr4));
	write_cr0(vmx_fixed_cr0(read_cr0(), false));

	uint32_t *region = (uint32_t *)page_alloc();
	region[0] = vmx_caps.revision;
	enum vmx_result r = vmxon((uint64_t)region);
	if (r != VMX_SUCCEED)
		panic("VMXON failed on cpu %u (%s)", this_cpu()->index,
		      r == VMX_FAIL_INVALID ? "VMfailInvalid" : "VMfailValid");
}

void vmx_init(void)
{
	check_cpuid();
	check_feature_control();
	read_capabilities();
	enter_vmx_operation();
	printk("vmx: VMXON done, in VMX root operation\n");
}

/* IA32_FEATURE_CONTROL is per processor: each one checks and locks its own
 * before its VMXON. The capabilities are those the boot processor read;
 * a processor that reports another VMCS revision is refused. */
void vmx_init_ap(void)
{
	check_feature_control();
	uint32_t revision = (uint32_t)rdmsr(MSR_IA32_VMX_BASIC) & 0x7fffffff;
	if (revision != vmx_caps.revision)
		panic("cpu %u has VMCS revision 0x%x, the boot processor 0x%x",
		      this_cpu()->index, revision, vmx_caps.revision);
	enter_vmx_operation();
}

/* See pmu.h. */
#include "platform/pmu.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/msr_safe.h"
#include "platform/cpuid.h"

#define CPUID_LEAF_PMU 0xa
#define MSR_IA32_PMC0 0xc1
#define MSR_IA32_PERFEVTSEL0 0x186
#define MSR_IA32_FIXED_CTR0 0x309
#define MSR_IA32_FIXED_CTR_CTRL 0x38d
#define MSR_IA32_PERF_GLOBAL_STATUS 0x38e
#define MSR_IA32_PERF_GLOBAL_CTRL 0x38f
#define MSR_IA32_PERF_GLOBAL_OVF_CTRL 0x390

/* The first MSR of the architectural PMU (SDM vol. 3B 18.2) that RDMSR
 * cannot read, or 0: per CPUID leaf 0xa, the general-purpose counters and
 * their event selects, the fixed counters and their control (version 2),
 * and the global control and status (version 2). */
static uint32_t missing_pmu_msr(struct cpuid_regs pmu)
{
	unsigned version = pmu.eax & 0xff, counters = (pmu.eax >> 8) & 0xff;
	unsigned fixed = version >= 2 ? pmu.edx & 0x1f : 0;
	uint64_t ignored;
	for (unsigned i = 0; i < counters; i++) {
		if (!rdmsr_safe(MSR_IA32_PMC0 + i, &ignored))
			return MSR_IA32_PMC0 + i;
		if (!rdmsr_safe(MSR_IA32_PERFEVTSEL0 + i, &ignored))
			return MSR_IA32_PERFEVTSEL0 + i;
	}
	for (unsigned i = 0; i < fixed; i++)
		if (!rdmsr_safe(MSR_IA32_FIXED_CTR0 + i, &ignored))
			return MSR_IA32_FIXED_CTR0 + i;
	static const uint32_t version2[] = { MSR_IA32_FIXED_CTR_CTRL, MSR_IA32_PERF_GLOBAL_STATUS,
					     MSR_IA32_PERF_GLOBAL_CTRL, MSR_IA32_PERF_GLOBAL_OVF_CTRL };
	for (unsigned i = 0; version >= 2 && i < 4; i++)
		if (!rdmsr_safe(version2[i], &ignored))
			return version2[i];
	return 0;
}

/* Architectural performance monitoring: its MSRs are the guest's (the
 * hypervisor never uses them), or, if any is missing, the guest sees no
 * PMU: leaf 0xa all zero. */
void guest_pmu_init(void)
{
	if (cpuid(0, 0).eax < CPUID_LEAF_PMU)
		return;
	struct cpuid_regs pmu = cpuid(CPUID_LEAF_PMU, 0);
	if (!(pmu.eax & 0xff))
		return;
	uint32_t missing = missing_pmu_msr(pmu);
	if (missing) {
		guest_cpu_hide_leaf(CPUID_LEAF_PMU);
		printk("guest cpu: hiding the architectural PMU (CPUID leaf 0xa): its MSR 0x%x is "
		       "missing\n", missing);
		return;
	}
	printk("guest cpu: architectural PMU version %u, %u counters, %u fixed: the guest's\n",
	       pmu.eax & 0xff, (pmu.eax >> 8) & 0xff, pmu.edx & 0x1f);
}

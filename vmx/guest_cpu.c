/* See guest_cpu.h. The features and their MSRs are from the SDM vol. 4
 * (model-specific registers) and vol. 2 CPUID. */
#include "vmx/guest_cpu.h"
#include "arch/console.h"
#include "arch/msr_safe.h"

enum reg { EAX, EBX, ECX, EDX };

struct msr_feature {
	const char *name;
	uint32_t leaf, subleaf;
	enum reg reg;
	uint32_t bit;
	uint32_t msrs[4];       /* 0-terminated */
};

static const struct msr_feature features[] = {
	{ "TSC deadline", 1, 0, ECX, 24, { 0x6e0 } },
	{ "PDCM", 1, 0, ECX, 15, { 0x345 } },
	{ "APERF/MPERF", 6, 0, ECX, 0, { 0xe7, 0xe8 } },
	{ "TSC_ADJUST", 7, 0, EBX, 1, { 0x3b } },
	{ "IBRS/IBPB", 7, 0, EDX, 26, { 0x48, 0x49 } },
	{ "STIBP", 7, 0, EDX, 27, { 0x48 } },
	{ "L1D flush", 7, 0, EDX, 28, { 0x10b } },
	{ "ARCH_CAPABILITIES", 7, 0, EDX, 29, { 0x10a } },
	{ "SSBD", 7, 0, EDX, 31, { 0x48 } },
	{ "thermal monitor", 1, 0, EDX, 22, { 0x19a, 0x19b, 0x19c } },
	{ "enhanced SpeedStep", 1, 0, ECX, 7, { 0x198, 0x199 } },
	{ "HWP", 6, 0, EAX, 7, { 0x770, 0x771, 0x774 } },
	{ "energy-performance bias", 6, 0, ECX, 3, { 0x1b0 } },
	{ "XSAVES supervisor state", 0xd, 1, EAX, 3, { 0xda0 } },
};

#define FEATURE_COUNT (sizeof(features) / sizeof(features[0]))

static uint32_t hidden[FEATURE_COUNT];     /* the bit of each hidden feature, else 0 */

static uint32_t reg_value(const struct cpuid_regs *r, enum reg reg)
{
	return reg == EAX ? r->eax : reg == EBX ? r->ebx : reg == ECX ? r->ecx : r->edx;
}

static uint32_t *reg_slot(struct cpuid_regs *r, enum reg reg)
{
	return reg == EAX ? &r->eax : reg == EBX ? &r->ebx : reg == ECX ? &r->ecx : &r->edx;
}

void guest_cpu_init(struct vmx_bitmaps *b)
{
	uint32_t max_leaf = cpuid(0, 0).eax;
	for (unsigned i = 0; i < FEATURE_COUNT; i++) {
		const struct msr_feature *f = &features[i];
		if (f->leaf > max_leaf)
			continue;
		struct cpuid_regs r = cpuid(f->leaf, f->subleaf);
		if (!(reg_value(&r, f->reg) & (1u << f->bit)))
			continue;
		bool present = true;
		uint64_t ignored;
		for (unsigned m = 0; f->msrs[m]; m++)
			present = present && rdmsr_safe(f->msrs[m], &ignored);
		if (!present) {
			hidden[i] = 1u << f->bit;
			printk("guest cpu: hiding %s: CPUID advertises it but its MSRs are missing\n",
			       f->name);
			continue;
		}
		for (unsigned m = 0; f->msrs[m]; m++)
			bitmaps_pass_msr(b, f->msrs[m]);
	}
}

void guest_cpu_filter(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
	for (unsigned i = 0; i < FEATURE_COUNT; i++)
		if (hidden[i] && features[i].leaf == leaf && features[i].subleaf == subleaf)
			*reg_slot(r, features[i].reg) &= ~hidden[i];
}

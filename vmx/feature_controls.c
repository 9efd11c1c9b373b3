/* See feature_controls.h. */
#include "vmx/feature_controls.h"
#include "vmx/vmcs_fields.h"

enum reg { EAX, EBX, ECX, EDX };

static const struct {
	const char *name;
	uint32_t leaf, subleaf;
	enum reg reg;
	unsigned bit;
	uint32_t control;       /* secondary processor-based */
} features[] = {
	{ "RDTSCP", 0x80000001, 0, EDX, 27, SECONDARY_EXEC_ENABLE_RDTSCP },
	{ "INVPCID", 7, 0, EBX, 10, SECONDARY_EXEC_ENABLE_INVPCID },
	{ "XSAVES/XRSTORS", 0xd, 1, EAX, 3, SECONDARY_EXEC_XSAVES },
	/* TPAUSE, UMONITOR, UMWAIT: Linux's udelay() uses TPAUSE where it exists */
	{ "WAITPKG", 7, 0, ECX, 5, SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE },
};

#define FEATURE_COUNT (sizeof(features) / sizeof(features[0]))

uint32_t feature_controls_wanted(void)
{
	uint32_t controls = 0;
	for (unsigned i = 0; i < FEATURE_COUNT; i++)
		controls |= features[i].control;
	return controls;
}

void feature_controls_filter(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r,
			     uint64_t secondary_capability)
{
	uint32_t allowed = (uint32_t)(secondary_capability >> 32);
	uint32_t *regs[4] = { &r->eax, &r->ebx, &r->ecx, &r->edx };
	for (unsigned i = 0; i < FEATURE_COUNT; i++)
		if (features[i].leaf == leaf && features[i].subleaf == subleaf &&
		    !(allowed & features[i].control))
			*regs[features[i].reg] &= ~(1u << features[i].bit);
}

unsigned feature_controls_hidden(uint64_t secondary_capability, cpuid_fn read,
				 const char **names, unsigned max)
{
	uint32_t allowed = (uint32_t)(secondary_capability >> 32);
	uint32_t max_basic = read(0, 0).eax, max_extended = read(0x80000000, 0).eax;
	unsigned n = 0;
	for (unsigned i = 0; i < FEATURE_COUNT; i++) {
		uint32_t leaf = features[i].leaf;
		if (allowed & features[i].control ||
		    leaf > (leaf >= 0x80000000 ? max_extended : max_basic))
			continue;
		struct cpuid_regs r = read(leaf, features[i].subleaf);
		uint32_t regs[4] = { r.eax, r.ebx, r.ecx, r.edx };
		if (!(regs[features[i].reg] & (1u << features[i].bit)))
			continue;
		if (n < max)
			names[n] = features[i].name;
		n++;
	}
	return n;
}

/* Reading the MTRR MSRs (SDM vol. 3A 11.11.1, 11.11.2). */
#include "vmx/mtrr.h"
#include "arch/cpu.h"
#include "lib/string.h"

#define MSR_MTRRCAP 0xfe
#define MSR_MTRR_PHYSBASE0 0x200
#define MSR_MTRR_FIX64K_00000 0x250
#define MSR_MTRR_FIX16K_80000 0x258
#define MSR_MTRR_FIX16K_A0000 0x259
#define MSR_MTRR_FIX4K_C0000 0x268
#define MSR_MTRR_DEF_TYPE 0x2ff
#define MTRRCAP_FIX (1ull << 8)
#define CPUID_1_EDX_MTRR (1u << 12)

static void read_fixed(struct mtrr_state *s)
{
	static const uint32_t msrs[11] = {
		MSR_MTRR_FIX64K_00000, MSR_MTRR_FIX16K_80000, MSR_MTRR_FIX16K_A0000,
		MSR_MTRR_FIX4K_C0000, MSR_MTRR_FIX4K_C0000 + 1, MSR_MTRR_FIX4K_C0000 + 2,
		MSR_MTRR_FIX4K_C0000 + 3, MSR_MTRR_FIX4K_C0000 + 4, MSR_MTRR_FIX4K_C0000 + 5,
		MSR_MTRR_FIX4K_C0000 + 6, MSR_MTRR_FIX4K_C0000 + 7,
	};
	for (unsigned i = 0; i < 11; i++) {
		uint64_t v = rdmsr(msrs[i]);
		for (unsigned b = 0; b < 8; b++)
			s->fixed[i * 8 + b] = (uint8_t)(v >> (8 * b));
	}
}

void mtrr_read(struct mtrr_state *s)
{
	memset(s, 0, sizeof(*s));
	unsigned width = 36;
	if (cpuid(0x80000000, 0).eax >= 0x80000008)
		width = cpuid(0x80000008, 0).eax & 0xff;
	s->address_mask = (1ull << width) - 1;
	if (!(cpuid(1, 0).edx & CPUID_1_EDX_MTRR))
		return;         /* no MTRRs: everything uncacheable, as with E = 0 */
	uint64_t cap = rdmsr(MSR_MTRRCAP), def = rdmsr(MSR_MTRR_DEF_TYPE);
	s->enabled = def & (1u << 11);
	s->fixed_enabled = (def & (1u << 10)) && (cap & MTRRCAP_FIX);
	s->default_type = (uint8_t)def;
	s->variable_count = (unsigned)(cap & 0xff);
	if (s->variable_count > MTRR_MAX_VARIABLE)
		s->variable_count = MTRR_MAX_VARIABLE;
	for (unsigned i = 0; i < s->variable_count; i++) {
		s->variable[i].base = rdmsr(MSR_MTRR_PHYSBASE0 + 2 * i);
		s->variable[i].mask = rdmsr(MSR_MTRR_PHYSBASE0 + 2 * i + 1);
	}
	if (cap & MTRRCAP_FIX)
		read_fixed(s);          /* also when off: the guest reads them back */
}

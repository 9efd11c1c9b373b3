/* RDMSR and WRMSR (SDM vol. 3C 25.1.3, 24.6.9), by the one MSR policy of
 * platform/msr_policy.c: every MSR the CPU has is the guest's, unless the
 * hypervisor must own it. The MSR bitmap lets the guest's MSRs through
 * without exits; an owned MSR exits and is emulated here or gets #GP(0),
 * which is what a CPU without that MSR does. MSRs outside the two bitmap
 * ranges (0-0x1fff, 0xc0000000-0xc0001fff) always exit (SDM 25.1.3): the
 * same policy decides them, and a guest's one is executed here on the
 * guest's behalf, with a #GP from the CPU reflected to the guest. */
#include <stddef.h>
#include "platform/msr.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/lapic.h"
#include "platform/apic.h"
#include "arch/msr_safe.h"
#include "lib/string.h"
#include "platform/msr_policy.h"
#include "platform/vmtrr.h"
#include "vmx/exit.h"
#include "vmx/launch.h"
#include "vmx/vmcs.h"

#define MSR_IA32_BIOS_UPDT_TRIG 0x79
#define MSR_IA32_BIOS_SIGN_ID 0x8b
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MSR_IA32_MTRR_LAST_VARIABLE 0x21f
#define FEATURE_CONTROL_LOCKED 1ull
#define MISC_ENABLE_FAST_STRINGS (1ull << 0)
#define MISC_ENABLE_BTS_UNAVAILABLE (1ull << 11)
#define MISC_ENABLE_PEBS_UNAVAILABLE (1ull << 12)
/* Read-only in the guest's copy: BTS and PEBS stay unavailable. */
#define MISC_ENABLE_FIXED (MISC_ENABLE_BTS_UNAVAILABLE | MISC_ENABLE_PEBS_UNAVAILABLE)
#define CPUID_1_EDX_MTRR (1u << 12)

/* Guest MSRs the hypervisor keeps itself. */
static uint64_t guest_misc_enable = MISC_ENABLE_FAST_STRINGS | MISC_ENABLE_FIXED;
static struct vmtrr guest_mtrrs;
static unsigned guest_mtrr_writes;
static struct mtrr_state host_mtrrs_at_start;

struct msr_emulation {
	uint32_t first, last;
	/* A read: the value kept here, or else what read gives (false to
	 * inject #GP(0)); neither: #GP(0). */
	const uint64_t *value;
	bool (*read)(struct vcpu *v, uint32_t msr, uint64_t *value);
	/* Return false to inject #GP(0); NULL: #GP(0). */
	bool (*write)(struct vcpu *v, uint32_t msr, uint64_t value);
};

static const uint64_t feature_control_locked = FEATURE_CONTROL_LOCKED;
/* IA32_BIOS_SIGN_ID: 0 after the write of 0 that precedes CPUID (SDM vol.
 * 3A 9.11.7.1): "no update loaded". */
static const uint64_t no_microcode_update = 0;

static bool write_misc_enable(struct vcpu *v, uint32_t msr, uint64_t value)
{
	(void)v;
	(void)msr;
	guest_misc_enable = value | MISC_ENABLE_FIXED;
	return true;
}

static bool read_debugctl(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	(void)v;
	(void)msr;
	*value = vmread(GUEST_IA32_DEBUGCTL);
	return true;
}

static bool write_debugctl(struct vcpu *v, uint32_t msr, uint64_t value)
{
	(void)v;
	(void)msr;
	/* Only LBR (bit 0) and BTF (bit 1) are offered; reserved bits #GP. */
	if (value & ~3ull)
		return false;
	vmcs_write(GUEST_IA32_DEBUGCTL, value);
	return true;
}

static bool write_ignored(struct vcpu *v, uint32_t msr, uint64_t value)
{
	(void)v;
	(void)msr;
	(void)value;
	return true;
}

static bool read_mtrr(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	(void)v;
	return vmtrr_read(&guest_mtrrs, msr, value);
}

/* SDM vol. 3C 28.2.6: the EPT memory type of a page is what its guest
 * MTRRs now say; vmx_update_memory_types re-derives it and runs INVEPT. */
static bool write_mtrr(struct vcpu *v, uint32_t msr, uint64_t value)
{
	struct vmtrr_extent changed;
	if (!vmtrr_write(&guest_mtrrs, msr, value, &changed))
		return false;
	guest_mtrr_writes++;
	if (changed.start != changed.end)
		vmx_update_memory_types(v, changed.start, changed.end);
	return true;
}

static const struct msr_emulation emulated_msrs[] = {
	{ MSR_IA32_FEATURE_CONTROL, MSR_IA32_FEATURE_CONTROL, &feature_control_locked, NULL, NULL },
	{ MSR_IA32_BIOS_UPDT_TRIG, MSR_IA32_BIOS_UPDT_TRIG, NULL, NULL, write_ignored },
	{ MSR_IA32_BIOS_SIGN_ID, MSR_IA32_BIOS_SIGN_ID, &no_microcode_update, NULL, write_ignored },
	{ MSR_IA32_MTRRCAP, MSR_IA32_MTRRCAP, NULL, read_mtrr, write_mtrr },
	{ MSR_IA32_MISC_ENABLE, MSR_IA32_MISC_ENABLE, &guest_misc_enable, NULL, write_misc_enable },
	{ MSR_IA32_DEBUGCTL, MSR_IA32_DEBUGCTL, NULL, read_debugctl, write_debugctl },
	{ MSR_IA32_MTRR_PHYSBASE0, MSR_IA32_MTRR_LAST_VARIABLE, NULL, read_mtrr, write_mtrr },
	{ MSR_IA32_MTRR_FIX64K_00000, MSR_IA32_MTRR_FIX64K_00000, NULL, read_mtrr, write_mtrr },
	{ MSR_IA32_MTRR_FIX16K_80000, MSR_IA32_MTRR_FIX16K_A0000, NULL, read_mtrr, write_mtrr },
	{ MSR_IA32_MTRR_FIX4K_C0000, MSR_IA32_MTRR_FIX4K_F8000, NULL, read_mtrr, write_mtrr },
	{ MSR_IA32_MTRR_DEF_TYPE, MSR_IA32_MTRR_DEF_TYPE, NULL, read_mtrr, write_mtrr },
	{ MSR_IA32_APIC_BASE, MSR_IA32_APIC_BASE, NULL, apic_read_through, apic_write_apic_base },
	{ MSR_X2APIC_ICR, MSR_X2APIC_ICR, NULL, apic_read_through, apic_write_x2apic_icr },
};

#define EMULATION_COUNT (sizeof(emulated_msrs) / sizeof(emulated_msrs[0]))
/* Every emulated MSR is below this (checked in index_emulations). */
#define INDEXED_MSR_LIMIT 0x900

/* The emulation of each MSR below INDEXED_MSR_LIMIT, NULL for none: the
 * emulation of an exit's MSR in one load. */
static const struct msr_emulation *emulation_of_msr[INDEXED_MSR_LIMIT];

static void index_emulations(void)
{
	for (unsigned i = 0; i < EMULATION_COUNT; i++) {
		if (emulated_msrs[i].last >= INDEXED_MSR_LIMIT)
			panic("MSR emulation 0x%x-0x%x is beyond the index (0x%x)",
			      emulated_msrs[i].first, emulated_msrs[i].last, INDEXED_MSR_LIMIT);
		for (uint32_t msr = emulated_msrs[i].first; msr <= emulated_msrs[i].last; msr++)
			emulation_of_msr[msr] = &emulated_msrs[i];
	}
}

static const struct msr_emulation *find_emulation(uint32_t msr)
{
	return msr < INDEXED_MSR_LIMIT ? emulation_of_msr[msr] : NULL;
}

/* The value the guest reads of an MSR whose value is not kept (those
 * handle_rdmsr reads itself), or false for #GP. The emulations come first:
 * every MSR they cover is an emulated one of the policy (checked in
 * msr_setup_bitmap), and the emulated MSRs are the ones that exit most; the
 * policy's list only for the others. */
static bool guest_read(struct vcpu *v, uint32_t msr, const struct msr_emulation *e,
		       uint64_t *value)
{
	if (e)
		return e->read && e->read(v, msr, value);
	if (msr_owner_of(msr) == MSR_HIDDEN)
		return false;
	return rdmsr_safe(msr, value);          /* outside the bitmap ranges */
}

static bool guest_write(struct vcpu *v, uint32_t msr, uint64_t value)
{
	const struct msr_emulation *e = find_emulation(msr);
	if (e)
		return e->write && e->write(v, msr, value);
	if (msr_owner_of(msr) == MSR_HIDDEN)
		return false;
	return wrmsr_safe(msr, value);          /* outside the bitmap ranges */
}

static inline void complete_rdmsr(struct vcpu *v, uint64_t value)
{
	v->regs.rax = (uint32_t)value;
	v->regs.rdx = value >> 32;
	vcpu_skip_instruction(v);
}

/* Out of line: the kept values need no call and save no register. */
static __attribute__((noinline)) void rdmsr_by_function(struct vcpu *v, uint32_t msr,
							 const struct msr_emulation *e)
{
	uint64_t value;
	if (!guest_read(v, msr, e, &value)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	complete_rdmsr(v, value);
}

void handle_rdmsr(struct vcpu *v)
{
	uint32_t msr = (uint32_t)v->regs.rcx;
	const struct msr_emulation *e = find_emulation(msr);
	v->exit->rcx = msr;             /* the ring shows the MSR */
	if (e && e->value)
		complete_rdmsr(v, *e->value);
	else
		rdmsr_by_function(v, msr, e);
}

void handle_wrmsr(struct vcpu *v)
{
	uint64_t value = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
	v->exit->rcx = v->regs.rcx;     /* the ring shows the MSR */
	if (!guest_write(v, (uint32_t)v->regs.rcx, value)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	vcpu_skip_instruction(v);
}

/* Every MSR an emulation covers is an emulated one of the policy (checked
 * here, once): guest_read and guest_write rely on it. */
static void check_emulations_are_policy(void)
{
	for (unsigned i = 0; i < EMULATION_COUNT; i++)
		for (uint32_t msr = emulated_msrs[i].first; msr <= emulated_msrs[i].last; msr++)
			if (msr_owner_of(msr) != MSR_EMULATED)
				panic("MSR policy: 0x%x has an emulation but is not emulated", msr);
}

/* Every MSR an owned rule covers exits; the bitmap lets the rest through.
 * An emulated rule must have its emulation (checked here, once). */
void msr_setup_bitmap(struct vmx_bitmaps *b)
{
	index_emulations();
	check_emulations_are_policy();
	for (unsigned i = 0; i < msr_rule_count; i++) {
		const struct msr_rule *r = &msr_rules[i];
		for (uint32_t msr = r->first; msr <= r->last; msr++) {
			if (r->owner == MSR_EMULATED && !find_emulation(msr))
				panic("MSR policy: %s (0x%x) is emulated but has no emulation",
				      r->name, msr);
			if (msr_intercepted(msr))
				bitmaps_intercept_msr(b, msr);
		}
	}
}

const struct mtrr_state *guest_mtrrs_init(void)
{
	guest_mtrrs.supported = cpuid(1, 0).edx & CPUID_1_EDX_MTRR;
	guest_mtrrs.cap = guest_mtrrs.supported ? rdmsr(MSR_IA32_MTRRCAP) : 0;
	mtrr_read(&guest_mtrrs.state);
	mtrr_read(&host_mtrrs_at_start);
	return &guest_mtrrs.state;
}

void guest_mtrrs_print_summary(void)
{
	if (!guest_mtrr_writes)
		return;
	struct mtrr_state host;
	mtrr_read(&host);
	printk("mtrr: the guest wrote its MTRRs %u times; the host's MTRRs are %s\n",
	       guest_mtrr_writes,
	       memcmp(&host, &host_mtrrs_at_start, sizeof(host)) ? "CHANGED" : "unchanged");
}

/* RDMSR and WRMSR (SDM vol. 3C 25.1.3, 24.6.9). MSRs on the pass-through
 * list go to the CPU without exits (vmx_setup_msr_bitmap); the ones below
 * are emulated; every other MSR, the VMX capability MSRs included, gets
 * #GP(0), which is what a CPU without that MSR does. */
#include <stddef.h>
#include "vmx/exit.h"
#include "arch/cpu.h"
#include "arch/lapic.h"
#include "platform/apic.h"
#include "vmx/bitmaps.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

#define MSR_IA32_TSC 0x10
#define MSR_X2APIC_FIRST 0x800
#define MSR_X2APIC_ICR 0x830
#define MSR_X2APIC_LAST 0x8ff
#define CPUID_1_ECX_X2APIC (1u << 21)
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MSR_IA32_BIOS_SIGN_ID 0x8b
#define MSR_IA32_MTRRCAP 0xfe
#define MSR_IA32_MTRR_FIRST 0x200
#define MSR_IA32_MTRR_LAST 0x2ff
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define FEATURE_CONTROL_LOCKED 1ull
#define MISC_ENABLE_FAST_STRINGS 1ull

/* Guest MSRs the hypervisor keeps itself. */
static uint64_t guest_misc_enable = MISC_ENABLE_FAST_STRINGS;

struct msr_emulation {
	uint32_t msr;
	/* Return false to inject #GP(0). */
	bool (*read)(struct vcpu *v, uint64_t *value);
	bool (*write)(struct vcpu *v, uint64_t value);
};

/* Locked with VMX off: the truth as the guest sees the CPU (CPUID says no VMX). */
static bool read_feature_control(struct vcpu *v, uint64_t *value)
{
	(void)v;
	*value = FEATURE_CONTROL_LOCKED;
	return true;
}

/* IA32_MISC_ENABLE exists on every CPU Linux supports, but not in Bochs'
 * skylake_x: keep the guest's own copy, as KVM does. */
static bool read_misc_enable(struct vcpu *v, uint64_t *value)
{
	(void)v;
	*value = guest_misc_enable;
	return true;
}

static bool write_misc_enable(struct vcpu *v, uint64_t value)
{
	(void)v;
	guest_misc_enable = value;
	return true;
}

/* IA32_DEBUGCTL lives in the VMCS (saved and loaded with the debug controls). */
static bool read_debugctl(struct vcpu *v, uint64_t *value)
{
	(void)v;
	*value = vmread(GUEST_IA32_DEBUGCTL);
	return true;
}

static bool write_debugctl(struct vcpu *v, uint64_t value)
{
	(void)v;
	/* Only LBR (bit 0) and BTF (bit 1) are offered; reserved bits #GP. */
	if (value & ~3ull)
		return false;
	vmcs_write(GUEST_IA32_DEBUGCTL, value);
	return true;
}

/* IA32_BIOS_SIGN_ID (microcode revision): reads 0 after the write of 0 that
 * precedes CPUID (SDM vol. 3A 9.11.7.1): "no update loaded". */
static bool read_bios_sign_id(struct vcpu *v, uint64_t *value)
{
	(void)v;
	*value = 0;
	return true;
}

static bool write_ignored(struct vcpu *v, uint64_t value)
{
	(void)v;
	(void)value;
	return true;
}

static const struct msr_emulation emulated_msrs[] = {
	{ MSR_IA32_BIOS_SIGN_ID, read_bios_sign_id, write_ignored },
	{ MSR_IA32_FEATURE_CONTROL, read_feature_control, NULL },
	{ MSR_IA32_MISC_ENABLE, read_misc_enable, write_misc_enable },
	{ MSR_IA32_DEBUGCTL, read_debugctl, write_debugctl },
	{ MSR_IA32_APIC_BASE, apic_read_apic_base, apic_write_apic_base },
	{ MSR_X2APIC_ICR, NULL, apic_write_x2apic_icr },
};

static const struct msr_emulation *find_emulation(uint32_t msr)
{
	for (unsigned i = 0; i < sizeof(emulated_msrs) / sizeof(emulated_msrs[0]); i++)
		if (emulated_msrs[i].msr == msr)
			return &emulated_msrs[i];
	return NULL;
}

void handle_rdmsr(struct vcpu *v)
{
	const struct msr_emulation *e = find_emulation((uint32_t)v->regs.rcx);
	uint64_t value;
	if (!e || !e->read || !e->read(v, &value)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	v->regs.rax = (uint32_t)value;
	v->regs.rdx = value >> 32;
	vcpu_skip_instruction(v);
}

void handle_wrmsr(struct vcpu *v)
{
	const struct msr_emulation *e = find_emulation((uint32_t)v->regs.rcx);
	uint64_t value = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
	if (!e || !e->write || !e->write(v, value)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	vcpu_skip_instruction(v);
}

/* MSRs the guest owns outright: the VMCS switches the ones the hypervisor
 * also uses (EFER, PAT, SYSENTER, FS/GS base); the hypervisor never uses the
 * others (SYSCALL targets, KERNEL_GS_BASE, TSC_AUX, MTRRs, x2APIC registers).
 * IA32_APIC_BASE and the x2APIC ICR writes are platform/apic.c's. */
void vmx_setup_msr_bitmap(struct vmx_bitmaps *b)
{
	static const uint32_t passed[] = {
		MSR_IA32_TSC, MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP,
		MSR_IA32_SYSENTER_EIP, MSR_IA32_PAT, MSR_IA32_MTRRCAP, MSR_IA32_EFER,
		MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SFMASK, MSR_FS_BASE, MSR_GS_BASE,
		MSR_KERNEL_GS_BASE, MSR_TSC_AUX,
	};
	for (unsigned i = 0; i < sizeof(passed) / sizeof(passed[0]); i++)
		bitmaps_pass_msr(b, passed[i]);
	for (uint32_t msr = MSR_IA32_MTRR_FIRST; msr <= MSR_IA32_MTRR_LAST; msr++)
		bitmaps_pass_msr(b, msr);
	/* The x2APIC registers, where the CPU has x2APIC, but the ICR's writes:
	 * platform/apic.c sees every IPI the guest sends. */
	if (cpuid(1, 0).ecx & CPUID_1_ECX_X2APIC)
		for (uint32_t msr = MSR_X2APIC_FIRST; msr <= MSR_X2APIC_LAST; msr++)
			bitmaps_pass_msr(b, msr);
	bitmaps_intercept_msr_write(b, MSR_X2APIC_ICR);
}

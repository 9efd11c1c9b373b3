/* Architectural MSR numbers and register bits (SDM vol. 3A 2.5, vol. 4):
 * constants only, so that pure code (unit-tested on the host) can use them
 * too. arch/cpu.h includes it. */
#ifndef ARCH_CPU_BITS_H
#define ARCH_CPU_BITS_H

/* Architectural MSRs and bits used across the hypervisor (SDM vol. 4). */
#define MSR_IA32_FEATURE_CONTROL 0x3a
#define MSR_IA32_SYSENTER_CS     0x174
#define MSR_IA32_SYSENTER_ESP    0x175
#define MSR_IA32_SYSENTER_EIP    0x176
#define MSR_IA32_DEBUGCTL        0x1d9
#define MSR_IA32_PAT             0x277
#define MSR_IA32_EFER            0xc0000080
#define MSR_FS_BASE              0xc0000100
#define MSR_GS_BASE              0xc0000101

#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR0_PE (1ull << 0)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_PCIDE (1ull << 17)
#define EFER_SCE (1ull << 0)           /* IA32_EFER: SYSCALL enable */
#define EFER_LME (1ull << 8)           /* IA32_EFER: long mode enable */
#define EFER_LMA (1ull << 10)          /* IA32_EFER: long mode active */
#define EFER_NXE (1ull << 11)          /* IA32_EFER: execute disable enable */
#define CR4_VMXE (1ull << 13)
#define CR4_CET (1ull << 23)
#define CR4_FRED (1ull << 32)
/* RFLAGS (SDM vol. 1 3.4.3); TF is in vmx/event_rules.h */
#define RFLAGS_IF (1ull << 9)
#define RFLAGS_DF (1ull << 10)
/* CPUID.1:ECX[31]: a hypervisor runs us (set for our guest, read at boot) */
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define RFLAGS_RF (1ull << 16)

#endif

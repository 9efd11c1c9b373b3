/* VMX operation: detection, capabilities and VMXON (SDM vol. 3C ch. 23). */
#ifndef VMX_VMX_H
#define VMX_VMX_H
#include <stdbool.h>
#include <stdint.h>

#define MSR_IA32_VMX_BASIC              0x480
#define MSR_IA32_VMX_PINBASED_CTLS      0x481
#define MSR_IA32_VMX_PROCBASED_CTLS     0x482
#define MSR_IA32_VMX_EXIT_CTLS          0x483
#define MSR_IA32_VMX_ENTRY_CTLS         0x484
#define MSR_IA32_VMX_MISC               0x485
#define MSR_IA32_VMX_CR0_FIXED0         0x486
#define MSR_IA32_VMX_CR0_FIXED1         0x487
#define MSR_IA32_VMX_CR4_FIXED0         0x488
#define MSR_IA32_VMX_CR4_FIXED1         0x489
#define MSR_IA32_VMX_VMCS_ENUM          0x48a
#define MSR_IA32_VMX_PROCBASED_CTLS2    0x48b
#define MSR_IA32_VMX_EPT_VPID_CAP       0x48c
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS 0x48d
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x48e
#define MSR_IA32_VMX_TRUE_EXIT_CTLS     0x48f
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS    0x490
#define MSR_IA32_VMX_VMFUNC             0x491

/* IA32_VMX_BASIC (SDM appendix A.1) */
#define VMX_BASIC_PHYS_ADDR_32 (1ull << 48)     /* VMX structures below 4 GiB */
#define VMX_BASIC_TRUE_CTLS (1ull << 55)        /* the TRUE capability MSRs exist */
#define VMX_BASIC_NO_ERROR_CODE_CHECK (1ull << 56)      /* see 26.2.1.3 */
/* IA32_VMX_MISC (A.6) */
#define VMX_MISC_ACTIVITY_HLT (1ull << 6)
#define VMX_MISC_ACTIVITY_SHUTDOWN (1ull << 7)
#define VMX_MISC_ACTIVITY_WAIT_SIPI (1ull << 8)
#define VMX_MISC_CR3_TARGETS(misc) (((misc) >> 16) & 0x1ff)
#define VMX_MISC_ZERO_LENGTH_INJECTION (1ull << 30)
/* IA32_VMX_EPT_VPID_CAP (A.10) */
#define EPT_CAP_WALK_4 (1ull << 6)
#define EPT_CAP_UC (1ull << 8)
#define EPT_CAP_WB (1ull << 14)
#define EPT_CAP_2MB (1ull << 16)
#define EPT_CAP_1GB (1ull << 17)
#define EPT_CAP_INVEPT (1ull << 20)
#define EPT_CAP_ACCESSED_DIRTY (1ull << 21)

/* What the CPU offers, read once from the capability MSRs (SDM appendix A). */
struct vmx_caps {
	uint32_t revision;              /* VMCS revision identifier */
	uint64_t basic;                 /* IA32_VMX_BASIC */
	uint64_t pin, primary, secondary, exit, entry;   /* TRUE MSRs where present */
	uint64_t misc;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	uint64_t ept_vpid;
};

extern struct vmx_caps vmx_caps;

/* Checks that VT-x is there and usable, reads the capabilities and enters VMX
 * root operation. On any failure prints why and stops the machine. */
void vmx_init(void);
/* VMXON on an application processor, after vmx_init() on the boot one. */
void vmx_init_ap(void);

/* Applies the CR0/CR4 bits VMX operation fixes (SDM appendix A.7, A.8). */
uint64_t vmx_fixed_cr0(uint64_t cr0, bool unrestricted_guest);
uint64_t vmx_fixed_cr4(uint64_t cr4);

#endif

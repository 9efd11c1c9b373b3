/* VMCS field encodings (SDM vol. 3C appendix B) and the control bits we use
 * (SDM vol. 3C 24.6-24.8). Names follow the SDM. */
#ifndef VMX_VMCS_FIELDS_H
#define VMX_VMCS_FIELDS_H

/* 16-bit fields */
#define VIRTUAL_PROCESSOR_ID            0x0000
#define GUEST_ES_SELECTOR               0x0800
#define GUEST_CS_SELECTOR               0x0802
#define GUEST_SS_SELECTOR               0x0804
#define GUEST_DS_SELECTOR               0x0806
#define GUEST_FS_SELECTOR               0x0808
#define GUEST_GS_SELECTOR               0x080a
#define GUEST_LDTR_SELECTOR             0x080c
#define GUEST_TR_SELECTOR               0x080e
#define HOST_ES_SELECTOR                0x0c00
#define HOST_CS_SELECTOR                0x0c02
#define HOST_SS_SELECTOR                0x0c04
#define HOST_DS_SELECTOR                0x0c06
#define HOST_FS_SELECTOR                0x0c08
#define HOST_GS_SELECTOR                0x0c0a
#define HOST_TR_SELECTOR                0x0c0c

/* 64-bit fields */
#define IO_BITMAP_A                     0x2000
#define IO_BITMAP_B                     0x2002
#define MSR_BITMAP                      0x2004
#define VM_EXIT_MSR_STORE_ADDR          0x2006
#define VM_EXIT_MSR_LOAD_ADDR           0x2008
#define VM_ENTRY_MSR_LOAD_ADDR          0x200a
#define TSC_OFFSET                      0x2010
#define EPT_POINTER                     0x201a
#define XSS_EXIT_BITMAP                 0x202c
#define GUEST_PHYSICAL_ADDRESS          0x2400
#define VMCS_LINK_POINTER               0x2800
#define GUEST_IA32_DEBUGCTL             0x2802
#define GUEST_IA32_PAT                  0x2804
#define GUEST_IA32_EFER                 0x2806
#define GUEST_PDPTE0                    0x280a
#define GUEST_PDPTE1                    0x280c
#define GUEST_PDPTE2                    0x280e
#define GUEST_PDPTE3                    0x2810
#define HOST_IA32_PAT                   0x2c00
#define HOST_IA32_EFER                  0x2c02

/* 32-bit fields */
#define PIN_BASED_VM_EXEC_CONTROL       0x4000
#define CPU_BASED_VM_EXEC_CONTROL       0x4002
#define EXCEPTION_BITMAP                0x4004
#define PAGE_FAULT_ERROR_CODE_MASK      0x4006
#define PAGE_FAULT_ERROR_CODE_MATCH     0x4008
#define CR3_TARGET_COUNT                0x400a
#define VM_EXIT_CONTROLS                0x400c
#define VM_EXIT_MSR_STORE_COUNT         0x400e
#define VM_EXIT_MSR_LOAD_COUNT          0x4010
#define VM_ENTRY_CONTROLS               0x4012
#define VM_ENTRY_MSR_LOAD_COUNT         0x4014
#define VM_ENTRY_INTR_INFO_FIELD        0x4016
#define VM_ENTRY_EXCEPTION_ERROR_CODE   0x4018
#define VM_ENTRY_INSTRUCTION_LEN        0x401a
#define SECONDARY_VM_EXEC_CONTROL       0x401e
#define VM_INSTRUCTION_ERROR            0x4400
#define VM_EXIT_REASON                  0x4402
#define VM_EXIT_INTR_INFO               0x4404
#define VM_EXIT_INTR_ERROR_CODE         0x4406
#define IDT_VECTORING_INFO_FIELD        0x4408
#define IDT_VECTORING_ERROR_CODE        0x440a
#define VM_EXIT_INSTRUCTION_LEN         0x440c
#define VMX_INSTRUCTION_INFO            0x440e
#define GUEST_ES_LIMIT                  0x4800
#define GUEST_CS_LIMIT                  0x4802
#define GUEST_SS_LIMIT                  0x4804
#define GUEST_DS_LIMIT                  0x4806
#define GUEST_FS_LIMIT                  0x4808
#define GUEST_GS_LIMIT                  0x480a
#define GUEST_LDTR_LIMIT                0x480c
#define GUEST_TR_LIMIT                  0x480e
#define GUEST_GDTR_LIMIT                0x4810
#define GUEST_IDTR_LIMIT                0x4812
#define GUEST_ES_AR_BYTES               0x4814
#define GUEST_CS_AR_BYTES               0x4816
#define GUEST_SS_AR_BYTES               0x4818
#define GUEST_DS_AR_BYTES               0x481a
#define GUEST_FS_AR_BYTES               0x481c
#define GUEST_GS_AR_BYTES               0x481e
#define GUEST_LDTR_AR_BYTES             0x4820
#define GUEST_TR_AR_BYTES               0x4822
#define GUEST_INTERRUPTIBILITY_INFO     0x4824
#define GUEST_ACTIVITY_STATE            0x4826
#define GUEST_SYSENTER_CS               0x482a
#define VMX_PREEMPTION_TIMER_VALUE      0x482e
#define HOST_IA32_SYSENTER_CS           0x4c00

/* Natural-width fields */
#define CR0_GUEST_HOST_MASK             0x6000
#define CR4_GUEST_HOST_MASK             0x6002
#define CR0_READ_SHADOW                 0x6004
#define CR4_READ_SHADOW                 0x6006
#define EXIT_QUALIFICATION              0x6400
#define GUEST_LINEAR_ADDRESS            0x640a
#define GUEST_CR0                       0x6800
#define GUEST_CR3                       0x6802
#define GUEST_CR4                       0x6804
#define GUEST_ES_BASE                   0x6806
#define GUEST_CS_BASE                   0x6808
#define GUEST_SS_BASE                   0x680a
#define GUEST_DS_BASE                   0x680c
#define GUEST_FS_BASE                   0x680e
#define GUEST_GS_BASE                   0x6810
#define GUEST_LDTR_BASE                 0x6812
#define GUEST_TR_BASE                   0x6814
#define GUEST_GDTR_BASE                 0x6816
#define GUEST_IDTR_BASE                 0x6818
#define GUEST_DR7                       0x681a
#define GUEST_RSP                       0x681c
#define GUEST_RIP                       0x681e
#define GUEST_RFLAGS                    0x6820
#define GUEST_PENDING_DBG_EXCEPTIONS    0x6822
#define GUEST_SYSENTER_ESP              0x6824
#define GUEST_SYSENTER_EIP              0x6826
#define HOST_CR0                        0x6c00
#define HOST_CR3                        0x6c02
#define HOST_CR4                        0x6c04
#define HOST_FS_BASE                    0x6c06
#define HOST_GS_BASE                    0x6c08
#define HOST_TR_BASE                    0x6c0a
#define HOST_GDTR_BASE                  0x6c0c
#define HOST_IDTR_BASE                  0x6c0e
#define HOST_IA32_SYSENTER_ESP          0x6c10
#define HOST_IA32_SYSENTER_EIP          0x6c12
#define HOST_RSP                        0x6c14
#define HOST_RIP                        0x6c16

/* Pin-based VM-execution controls (SDM 24.6.1) */
#define PIN_BASED_EXT_INTR_MASK         (1u << 0)
#define PIN_BASED_NMI_EXITING           (1u << 3)
#define PIN_BASED_VIRTUAL_NMIS          (1u << 5)
#define PIN_BASED_VMX_PREEMPTION_TIMER  (1u << 6)
#define PIN_BASED_POSTED_INTR           (1u << 7)

/* Primary processor-based VM-execution controls (SDM 24.6.2, table 24-6) */
#define CPU_BASED_INTR_WINDOW_EXITING   (1u << 2)
#define CPU_BASED_HLT_EXITING           (1u << 7)
#define CPU_BASED_NMI_WINDOW_EXITING    (1u << 22)
#define CPU_BASED_INVLPG_EXITING        (1u << 9)
#define CPU_BASED_CR3_LOAD_EXITING      (1u << 15)
#define CPU_BASED_CR3_STORE_EXITING     (1u << 16)
#define CPU_BASED_TPR_SHADOW            (1u << 21)
#define CPU_BASED_MOV_DR_EXITING        (1u << 23)
#define CPU_BASED_MONITOR_TRAP_FLAG     (1u << 27)
#define CPU_BASED_USE_IO_BITMAPS        (1u << 25)
#define CPU_BASED_USE_MSR_BITMAPS       (1u << 28)
#define CPU_BASED_ACTIVATE_SECONDARY_CONTROLS (1u << 31)

/* Secondary processor-based VM-execution controls (SDM 24.6.2, table 24-7) */
#define SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES (1u << 0)
#define SECONDARY_EXEC_ENABLE_EPT       (1u << 1)
#define SECONDARY_EXEC_ENABLE_RDTSCP    (1u << 3)
#define SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE (1u << 4)
#define SECONDARY_EXEC_ENABLE_VPID      (1u << 5)
#define SECONDARY_EXEC_UNRESTRICTED_GUEST (1u << 7)
#define SECONDARY_EXEC_APIC_REGISTER_VIRT (1u << 8)
#define SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY (1u << 9)
#define SECONDARY_EXEC_ENABLE_INVPCID   (1u << 12)
#define SECONDARY_EXEC_ENABLE_PML       (1u << 17)
#define SECONDARY_EXEC_XSAVES           (1u << 20)
#define SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE (1u << 26)

/* VM-exit controls (SDM 24.7.1) */
#define VM_EXIT_SAVE_DEBUG_CONTROLS     (1u << 2)
#define VM_EXIT_HOST_ADDR_SPACE_SIZE    (1u << 9)
#define VM_EXIT_ACK_INTR_ON_EXIT        (1u << 15)
#define VM_EXIT_SAVE_IA32_PAT           (1u << 18)
#define VM_EXIT_LOAD_IA32_PAT           (1u << 19)
#define VM_EXIT_SAVE_IA32_EFER          (1u << 20)
#define VM_EXIT_LOAD_IA32_EFER          (1u << 21)
#define VM_EXIT_SAVE_VMX_PREEMPTION_TIMER (1u << 22)

/* VM-entry controls (SDM 24.8.1) */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS    (1u << 2)
#define VM_ENTRY_IA32E_MODE             (1u << 9)
#define VM_ENTRY_SMM                    (1u << 10)
#define VM_ENTRY_DEACT_DUAL_MONITOR     (1u << 11)
#define VM_ENTRY_LOAD_IA32_PAT          (1u << 14)
#define VM_ENTRY_LOAD_IA32_EFER         (1u << 15)

/* Interruption-information format (SDM 24.8.3, 24.9.2) */
#define INTR_INFO_VECTOR_MASK           0xffu
#define INTR_INFO_TYPE_SHIFT            8
#define INTR_INFO_TYPE_MASK             (7u << 8)
#define INTR_INFO_DELIVER_CODE          (1u << 11)
#define INTR_INFO_NMI_UNBLOCKED_BY_IRET (1u << 12)
#define INTR_INFO_VALID                 (1u << 31)
#define INTR_TYPE_EXT_INTR              0
#define INTR_TYPE_NMI                   2
#define INTR_TYPE_HARD_EXCEPTION        3
#define INTR_TYPE_SOFT_INTR             4
#define INTR_TYPE_PRIV_SW_EXCEPTION     5
#define INTR_TYPE_SOFT_EXCEPTION        6
#define INTR_TYPE_OTHER_EVENT           7
/* A valid event of `type` and `vector`, for the VM-entry field (24.8.3). */
#define INTR_INFO_EVENT(type, vector) \
	(INTR_INFO_VALID | ((type) << INTR_INFO_TYPE_SHIFT) | (vector))

/* Guest activity states (SDM 24.4.2) */
#define GUEST_ACTIVITY_ACTIVE           0
#define GUEST_ACTIVITY_HLT              1
#define GUEST_ACTIVITY_SHUTDOWN         2
#define GUEST_ACTIVITY_WAIT_SIPI        3

/* Segment access rights (SDM 24.4.1, table 24-2): the descriptor's bits,
 * and bit 16 "unusable" */
#define AR_TYPE(ar)                     ((unsigned)(ar) & 0xf)
#define AR_S                            (1u << 4)
#define AR_DPL(ar)                      (((unsigned)(ar) >> 5) & 3)
#define AR_P                            (1u << 7)
#define AR_L                            (1u << 13)
#define AR_DB                           (1u << 14)
#define AR_G                            (1u << 15)
#define AR_UNUSABLE                     (1u << 16)

#endif

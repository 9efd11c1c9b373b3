/* A snapshot of what a VM entry checks (SDM vol. 3C 26.2, 26.3.1): the VMCS
 * fields, as VMREAD returns them, the capability MSRs and the processor's
 * facts. Pure data: the model of the checks (vmx/entry_checks.h) reads it on
 * the host as on the machine; vmx/vmcs_snapshot_take.c fills it from the
 * current VMCS.
 *
 * Every member is 64 bits wide, so the structure has no padding and the
 * table of its members (vmcs_snapshot_fields) covers it byte for byte: the
 * table reads it from the VMCS, prints it as a C initializer (a bug report
 * is then a unit test), and lets the fuzz target fill it. */
#ifndef VMX_VMCS_SNAPSHOT_H
#define VMX_VMCS_SNAPSHOT_H
#include <stddef.h>
#include <stdint.h>

/* Segment registers in the order of their VMCS encodings (SDM appendix B):
 * field encoding = the ES field's + 2 * index. */
enum vmcs_segment_index { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR,
			  SEG_COUNT };
/* Host selectors: ES..GS as above, then TR (there is no host LDTR). */
enum { HOST_SEG_TR = SEG_LDTR, HOST_SELECTOR_COUNT };

struct vmcs_segment {
	uint64_t selector, base, limit, ar;
};

struct vmcs_snapshot {
	struct {                        /* VM-execution, VM-exit, VM-entry controls (24.6-24.8) */
		uint64_t pin, primary, secondary, exit, entry;
		uint64_t cr3_target_count, io_bitmap_a, io_bitmap_b, msr_bitmap;
		uint64_t ept_pointer, vpid;
		uint64_t exit_msr_store_count, exit_msr_store_addr;
		uint64_t exit_msr_load_count, exit_msr_load_addr;
		uint64_t entry_msr_load_count, entry_msr_load_addr;
		uint64_t entry_intr_info, entry_exception_error_code, entry_instruction_length;
	} controls;
	struct {                        /* host-state area (24.5) */
		uint64_t cr0, cr3, cr4;
		uint64_t selector[HOST_SELECTOR_COUNT];
		uint64_t fs_base, gs_base, tr_base, gdtr_base, idtr_base;
		uint64_t sysenter_esp, sysenter_eip, efer, pat, rip;
	} host;
	struct {                        /* guest-state area (24.4) */
		uint64_t cr0, cr3, cr4, dr7, rip, rflags;
		struct vmcs_segment seg[SEG_COUNT];
		uint64_t gdtr_base, gdtr_limit, idtr_base, idtr_limit;
		uint64_t debugctl, sysenter_esp, sysenter_eip, efer, pat;
		uint64_t activity_state, interruptibility, pending_debug, link_pointer;
		uint64_t pdpte[4];
	} guest;
	struct {                        /* capability MSRs (appendix A): the TRUE ones where they exist */
		uint64_t basic, pin, primary, secondary, exit, entry, misc;
		uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1, ept_vpid;
	} caps;
	struct {                        /* the processor at the VM entry */
		uint64_t maxphyaddr;    /* CPUID.80000008H:EAX[7:0] */
		uint64_t linear_width;  /* CPUID.80000008H:EAX[15:8] */
		uint64_t efer;          /* its IA32_EFER: LMA says whether it is in IA-32e mode (26.2.4) */
		uint64_t vmcs_pointer;  /* the current-VMCS pointer (VMPTRST), for 26.3.1.5 */
	} cpu;
};

/* Where a member comes from. */
enum snapshot_source {
	SNAPSHOT_VMCS,                  /* a VMCS field: `id` is its encoding */
	SNAPSHOT_CAPABILITY,            /* a capability MSR: `id` is its offset in struct vmx_caps */
	SNAPSHOT_CPU,                   /* CPUID, IA32_EFER, VMPTRST */
};

struct snapshot_field {
	const char *name;               /* the member, as a C designator: "guest.seg[SEG_CS].ar" */
	enum snapshot_source source;
	uint32_t id;
	uint16_t offset;                /* in struct vmcs_snapshot */
};

extern const struct snapshot_field vmcs_snapshot_fields[];
extern const unsigned vmcs_snapshot_field_count;

/* The width in bits of a member's source: a VMCS field's from its encoding
 * (bits 14:13, SDM appendix B: 16-bit, 64-bit, 32-bit, natural), 64 for the
 * others. */
unsigned snapshot_field_bits(const struct snapshot_field *f);

static inline uint64_t *snapshot_member(struct vmcs_snapshot *s, const struct snapshot_field *f)
{
	return (uint64_t *)((char *)s + f->offset);
}

static inline uint64_t snapshot_value(const struct vmcs_snapshot *s,
				      const struct snapshot_field *f)
{
	return *(const uint64_t *)((const char *)s + f->offset);
}

#endif

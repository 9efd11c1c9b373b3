/* The VMX instructions as C functions (SDM vol. 3C ch. 30). Each returns the
 * VMX result: VMsucceed (0), VMfailInvalid (CF=1) or VMfailValid (ZF=1, the
 * error number is in the VM-instruction error field). */
#ifndef VMX_VMX_OPS_H
#define VMX_VMX_OPS_H
#include <stdint.h>

enum vmx_result {
	VMX_SUCCEED = 0,
	VMX_FAIL_INVALID = 1,
	VMX_FAIL_VALID = 2,
};

/* After a VMX instruction: CF=1 is VMfailInvalid, ZF=1 is VMfailValid (SDM 30.2). */
#define VMX_RESULT_ASM "setc %b0\n\tsetz %h0\n\t"

static inline enum vmx_result vmx_result_from_flags(uint16_t flags)
{
	if (flags & 0xff)
		return VMX_FAIL_INVALID;
	if (flags >> 8)
		return VMX_FAIL_VALID;
	return VMX_SUCCEED;
}

static inline enum vmx_result vmxon(uint64_t phys)
{
	uint16_t f;
	__asm__ volatile("vmxon %1\n\t" VMX_RESULT_ASM : "=Q"(f) : "m"(phys) : "cc", "memory");
	return vmx_result_from_flags(f);
}

static inline enum vmx_result vmclear(uint64_t phys)
{
	uint16_t f;
	__asm__ volatile("vmclear %1\n\t" VMX_RESULT_ASM : "=Q"(f) : "m"(phys) : "cc", "memory");
	return vmx_result_from_flags(f);
}

static inline enum vmx_result vmptrld(uint64_t phys)
{
	uint16_t f;
	__asm__ volatile("vmptrld %1\n\t" VMX_RESULT_ASM : "=Q"(f) : "m"(phys) : "cc", "memory");
	return vmx_result_from_flags(f);
}

static inline enum vmx_result vmwrite_checked(uint64_t field, uint64_t value)
{
	uint16_t f;
	__asm__ volatile("vmwrite %2, %1\n\t" VMX_RESULT_ASM
			 : "=Q"(f) : "r"(field), "rm"(value) : "cc", "memory");
	return vmx_result_from_flags(f);
}

static inline uint64_t vmread(uint64_t field)
{
	uint64_t value;
	__asm__ volatile("vmread %1, %0" : "=rm"(value) : "r"(field) : "cc");
	return value;
}

/* VMREAD that says whether the field exists (VMfailValid, error 12, when
 * the processor lacks it); *value is 0 then. */
static inline enum vmx_result vmread_checked(uint64_t field, uint64_t *value)
{
	uint16_t f;
	uint64_t v = 0;
	__asm__ volatile("vmread %2, %1\n\t" VMX_RESULT_ASM : "=Q"(f), "+r"(v) : "r"(field) : "cc");
	*value = f ? 0 : v;
	return vmx_result_from_flags(f);
}

/* The current-VMCS pointer (SDM 30.3 VMPTRST). */
static inline uint64_t vmptrst(void)
{
	uint64_t pointer;
	__asm__ volatile("vmptrst %0" : "=m"(pointer) : : "cc", "memory");
	return pointer;
}

struct invept_descriptor {
	uint64_t eptp;
	uint64_t reserved;
};

#define INVEPT_SINGLE_CONTEXT 1
#define INVEPT_ALL_CONTEXT 2

static inline enum vmx_result invept(uint64_t type, uint64_t eptp)
{
	struct invept_descriptor d = { eptp, 0 };
	uint16_t f;
	__asm__ volatile("invept %1, %2\n\t" VMX_RESULT_ASM
			 : "=Q"(f) : "m"(d), "r"(type) : "cc", "memory");
	return vmx_result_from_flags(f);
}

#define INVVPID_SINGLE_CONTEXT 1

static inline enum vmx_result invvpid(uint64_t type, uint16_t vpid)
{
	struct {
		uint64_t vpid;
		uint64_t linear_address;
	} d = { vpid, 0 };
	uint16_t f;
	__asm__ volatile("invvpid %1, %2\n\t" VMX_RESULT_ASM
			 : "=Q"(f) : "m"(d), "r"(type) : "cc", "memory");
	return vmx_result_from_flags(f);
}

#endif

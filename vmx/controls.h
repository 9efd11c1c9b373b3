/* Adjusting VM-execution, VM-exit and VM-entry controls to what the CPU
 * allows (SDM vol. 3C appendix A.3-A.5). Pure: unit-tested on the host.
 *
 * A capability MSR holds in its low 32 bits the allowed 0-settings (a 1 bit
 * there must be 1 in the control) and in its high 32 bits the allowed
 * 1-settings (a 0 bit there must be 0). */
#ifndef VMX_CONTROLS_H
#define VMX_CONTROLS_H
#include <stddef.h>
#include <stdint.h>

struct control_field {
	const char *name;               /* "primary processor-based" */
	const char *const *bit_names;   /* 32 entries, NULL for unnamed bits */
};

extern const struct control_field pin_based_controls;
extern const struct control_field primary_controls;
extern const struct control_field secondary_controls;
extern const struct control_field exit_controls;
extern const struct control_field entry_controls;

/* Sets `required` and as many of `optional` as the CPU allows, plus the bits
 * the CPU forces to 1. Returns 0, or -1 with a message naming the first
 * required bit the CPU cannot set. */
int vmx_adjust_controls(const struct control_field *field, uint64_t capability,
			uint32_t required, uint32_t optional, uint32_t *out,
			char *err, size_t err_size);

#endif

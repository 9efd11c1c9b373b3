/* The checks on the fields of VM-entry event injection (SDM vol. 3C
 * 26.2.1.3; the format in 24.8.3): the VM-entry interruption information,
 * exception error code and instruction length. They are checks on the
 * controls: a broken rule fails the entry with VM-instruction error 7. The
 * guest-state checks that depend on the event are 26.3.1.4 and 26.3.1.5.
 * Pure. */
#include "arch/cpu_bits.h"
#include "vmx/entry_checks_rules.h"
#include "vmx/event_rules.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx.h"

/* #DF, #TS, #NP, #SS, #GP, #PF, #AC: the exceptions that deliver an error code. */
static bool delivers_error_code(unsigned vector)
{
	return vector == VECTOR_DF || (vector >= VECTOR_TS && vector <= VECTOR_PF) ||
	       vector == VECTOR_AC;
}

static void check_type_and_vector(struct entry_checker *c)
{
	unsigned type = c->event_type, vector = c->event_vector;
	bool mtf = (c->s->caps.primary >> 32) & CPU_BASED_MONITOR_TRAP_FLAG;
	if (type == 1 || (type == INTR_TYPE_OTHER_EVENT && !mtf))
		entry_rule_broken(c, "26.2.1.3", "the interruption type must not be reserved (1; 7 "
				  "without the \"monitor trap flag\" control): type %u", type);
	if ((type == INTR_TYPE_NMI && vector != 2) ||
	    (type == INTR_TYPE_HARD_EXCEPTION && vector > 31) ||
	    (type == INTR_TYPE_OTHER_EVENT && vector != 0))
		entry_rule_broken(c, "26.2.1.3", "the vector must fit the interruption type (NMI: 2, "
				  "hardware exception: at most 31, other event: 0): type %u, "
				  "vector %u", type, vector);
}

/* Bit 11 is 1 if and only if (1) "unrestricted guest" is 0 or the guest's
 * CR0.PE is 1, (2) the type is hardware exception and (3) the vector is one
 * that delivers an error code. On processors that set IA32_VMX_BASIC[56]
 * (documented after 2016) it may be 1 or 0 for any vector of a hardware
 * exception in protected mode. */
static void check_error_code(struct entry_checker *c)
{
	uint32_t info = (uint32_t)c->s->controls.entry_intr_info;
	bool deliver = info & INTR_INFO_DELIVER_CODE;
	bool protected_mode = !c->unrestricted_guest || (c->s->guest.cr0 & CR0_PE);
	bool exception = c->event_type == INTR_TYPE_HARD_EXCEPTION;
	bool any_vector = c->s->caps.basic & VMX_BASIC_NO_ERROR_CODE_CHECK;
	bool must = protected_mode && exception && !any_vector &&
		    delivers_error_code(c->event_vector);
	bool may = protected_mode && exception && (any_vector || must);
	if (deliver != must && (!deliver || !may))
		entry_rule_broken(c, "26.2.1.3", "the deliver-error-code bit (bit 11) must be %u for "
				  "type %u, vector %u with CR0.PE %u and \"unrestricted guest\" %u: "
				  "interruption information 0x%x", must, c->event_type,
				  c->event_vector, (unsigned)(c->s->guest.cr0 & CR0_PE),
				  c->unrestricted_guest, info);
	/* Bits 31:16; the 2016 edition says 31:15, later ones 31:16 (bit 15
	 * is the SGX flag of a #PF error code). */
	uint32_t error_code = (uint32_t)c->s->controls.entry_exception_error_code;
	if (deliver && (error_code >> 16))
		entry_rule_broken(c, "26.2.1.3", "with bit 11 set, bits 31:16 of the VM-entry "
				  "exception error code must be 0: error code 0x%x", error_code);
}

void entry_checks_event_injection(struct entry_checker *c)
{
	if (!c->injecting)
		return;
	uint32_t info = (uint32_t)c->s->controls.entry_intr_info;
	check_type_and_vector(c);
	check_error_code(c);
	if (info & 0x7ffff000)
		entry_rule_broken(c, "26.2.1.3", "reserved bits 30:12 of the VM-entry "
				  "interruption information must be 0: 0x%x", info);
	unsigned type = c->event_type;
	uint32_t length = (uint32_t)c->s->controls.entry_instruction_length;
	bool zero_ok = c->s->caps.misc & VMX_MISC_ZERO_LENGTH_INJECTION;
	if ((type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_PRIV_SW_EXCEPTION ||
	     type == INTR_TYPE_SOFT_EXCEPTION) && (length > 15 || (length == 0 && !zero_ok)))
		entry_rule_broken(c, "26.2.1.3", "a software interrupt or exception needs a VM-entry "
				  "instruction length of 1-15 (0 only with IA32_VMX_MISC[30]): "
				  "type %u, length %u", type, length);
}

/* See event_rules.h. */
#include "vmx/event_rules.h"

uint64_t pending_debug_after_skip(uint64_t rflags, uint64_t debugctl, uint64_t pending)
{
	if ((rflags & RFLAGS_TF) && !(debugctl & DEBUGCTL_BTF))
		return pending | PENDING_DBG_BS;
	return pending;
}

enum exception_class { BENIGN, CONTRIBUTORY, PAGE_FAULT, DOUBLE_FAULT };

/* SDM vol. 3A table 6-4. */
static enum exception_class exception_class(unsigned vector)
{
	switch (vector) {
	case VECTOR_DE: case VECTOR_TS: case VECTOR_NP: case VECTOR_SS: case VECTOR_GP:
	case VECTOR_CP:
		return CONTRIBUTORY;
	case VECTOR_PF: case VECTOR_VE:
		return PAGE_FAULT;
	case VECTOR_DF:
		return DOUBLE_FAULT;
	default:
		return BENIGN;
	}
}

enum exception_combination exception_combine(unsigned first, unsigned second)
{
	enum exception_class a = exception_class(first), b = exception_class(second);
	if (b != CONTRIBUTORY && b != PAGE_FAULT)
		return DELIVER_SECOND;
	if (a == DOUBLE_FAULT)
		return TRIPLE_FAULT;
	if (a == PAGE_FAULT || (a == CONTRIBUTORY && b == CONTRIBUTORY))
		return DELIVER_DOUBLE_FAULT;
	return DELIVER_SECOND;
}

bool nmi_blocked(uint32_t interruptibility)
{
	return interruptibility &
	       (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS | INTERRUPTIBILITY_NMI);
}

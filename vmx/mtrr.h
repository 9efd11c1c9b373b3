/* Memory types from the MTRRs (SDM vol. 3A 11.11), for the EPT memory type of
 * each guest range: MMIO stays uncacheable, RAM write-back, as the firmware
 * set them. The decision logic is pure and unit-tested; mtrr_read() fills the
 * state from the MSRs. */
#ifndef VMX_MTRR_H
#define VMX_MTRR_H
#include <stdbool.h>
#include <stdint.h>

#define MTRR_TYPE_UC 0
#define MTRR_TYPE_WC 1
#define MTRR_TYPE_WT 4
#define MTRR_TYPE_WP 5
#define MTRR_TYPE_WB 6
#define MTRR_MIXED   (-1)      /* the range holds more than one type */
#define MTRR_MAX_VARIABLE 16
#define MTRR_FIXED_COUNT 88     /* 11 MSRs of 8 ranges */

struct mtrr_variable {
	uint64_t base;          /* IA32_MTRR_PHYSBASEn */
	uint64_t mask;          /* IA32_MTRR_PHYSMASKn */
};

struct mtrr_state {
	bool enabled;           /* IA32_MTRR_DEF_TYPE.E */
	bool fixed_enabled;     /* IA32_MTRR_DEF_TYPE.FE, with MTRRCAP.FIX */
	uint8_t default_type;
	uint8_t fixed[MTRR_FIXED_COUNT];
	unsigned variable_count;
	struct mtrr_variable variable[MTRR_MAX_VARIABLE];
	uint64_t address_mask;  /* bits of a physical address on this CPU */
};

/* The address bits variable range v compares with its base (SDM
 * 11.11.2.3): its PHYSMASK within the address width, above the page offset.
 * An address matches when (address & mask) == (base & mask). */
static inline uint64_t mtrr_variable_mask(const struct mtrr_state *s,
					  const struct mtrr_variable *v)
{
	return v->mask & s->address_mask & ~0xfffull;
}

/* The memory type of every byte of [base, base + size), or MTRR_MIXED:
 * more than one type there, or (cheaper to tell) a variable range that
 * covers part of it or has a non-contiguous mask. */
int mtrr_range_type(const struct mtrr_state *s, uint64_t base, uint64_t size);
const char *mtrr_type_name(int type);

void mtrr_read(struct mtrr_state *s);

#endif

/* The MADT's processor walk (arch/madt.c), fed a table from firmware, and
 * which processors an IPI reaches (platform/apic_dest.c), fed ICR values the
 * guest writes. Input: the ICR low and destination words, a target's APIC
 * ID, LDR and DFR (4 bytes each), then the MADT. */
#include <stdlib.h>
#include "arch/lapic.h"
#include "arch/madt.h"
#include "platform/apic_dest.h"
#include "tests/fuzz/fuzz.h"

static void check_walk(const uint8_t *madt, uint32_t length)
{
	uint32_t cursor = 0, previous = 0;
	struct madt_processor p;
	unsigned n = 0;
	while (madt_next_processor(madt, length, &cursor, &p)) {
		/* every entry read lies inside the table, and the walk advances */
		FUZZ_CHECK(p.flags_offset + 4 <= length && cursor <= length);
		FUZZ_CHECK(cursor > previous && p.flags_offset >= 44);
		previous = cursor;
		FUZZ_CHECK(++n <= length / 8);
	}
	FUZZ_CHECK(!madt_next_processor(madt, length, &cursor, &p));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint32_t icr = (uint32_t)fuzz_take(&in, 4), dest = (uint32_t)fuzz_take(&in, 4);
	struct apic_identity t = { (uint32_t)fuzz_take(&in, 4), (uint32_t)fuzz_take(&in, 4),
				   (uint32_t)fuzz_take(&in, 4) };
	for (int x2apic = 0; x2apic < 2; x2apic++) {
		bool self = apic_ipi_reaches(&t, true, icr, dest, x2apic);
		bool other = apic_ipi_reaches(&t, false, icr, dest, x2apic);
		unsigned shorthand = (icr & ICR_SHORTHAND_MASK) >> ICR_SHORTHAND_SHIFT;
		/* the shorthands decide alone; without one, who sends is irrelevant */
		if (shorthand == 1)
			FUZZ_CHECK(self && !other);
		else if (shorthand == 2)
			FUZZ_CHECK(self && other);
		else if (shorthand == 3)
			FUZZ_CHECK(!self && other);
		else
			FUZZ_CHECK(self == other);
	}
	size_t got;
	uint8_t *madt = fuzz_take_rest(&in, &got);
	check_walk(madt, (uint32_t)got);
	free(madt);
	return 0;
}

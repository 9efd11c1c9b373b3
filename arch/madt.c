/* See madt.h. */
#include "arch/madt.h"
#include "lib/bytes.h"

#define MADT_ENTRIES 44
#define MADT_LOCAL_APIC 0
#define MADT_LOCAL_X2APIC 9

bool madt_next_processor(const uint8_t *madt, uint32_t length, uint32_t *cursor,
			 struct madt_processor *p)
{
	uint32_t at = *cursor ? *cursor : MADT_ENTRIES;
	/* An entry whose length runs past the table's end is the last one;
	 * its fields still count when they lie inside the table, since an OS
	 * that walks entries by their headers (Linux does) reads them. */
	while (at + 2 <= length && madt[at + 1] >= 2) {
		uint8_t type = madt[at], entry_length = madt[at + 1];
		*cursor = entry_length <= length - at ? at + entry_length : length;
		if (type == MADT_LOCAL_APIC && entry_length >= 8 && at + 8 <= length) {
			*p = (struct madt_processor){ madt[at + 3], load32(madt + at + 4), at + 4 };
			return true;
		}
		if (type == MADT_LOCAL_X2APIC && entry_length >= 16 && at + 16 <= length) {
			*p = (struct madt_processor){ load32(madt + at + 4), load32(madt + at + 8),
						      at + 8 };
			return true;
		}
		at += entry_length;
	}
	*cursor = length;
	return false;
}

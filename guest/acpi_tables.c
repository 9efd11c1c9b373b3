/* See acpi_tables.h. Layouts: ACPI 6.x 5.2.5 (RSDP), 5.2.6 (header), 5.2.7
 * (RSDT), 5.2.8 (XSDT). */
#include "guest/acpi_tables.h"
#include "arch/madt.h"
#include "lib/bytes.h"
#include "lib/string.h"

#define HEADER 36
#define RSDP_V1_LENGTH 20
#define RSDP_V2_LENGTH 36
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24
#define RSDP_EXT_CHECKSUM 32
#define TABLE_LENGTH 4
#define TABLE_CHECKSUM 9

static void seal(uint8_t *table)
{
	table[TABLE_CHECKSUM] = 0;
	table[TABLE_CHECKSUM] = (uint8_t)-acpi_sum(table, load32(table + TABLE_LENGTH));
}

/* Disables (clears "enabled" and "online capable" of) every processor entry
 * whose APIC ID is not in `virtualized` (ACPI 6.x 5.2.12.2 and 5.2.12.12):
 * the guest must not start a processor the hypervisor does not run. */
static unsigned disable_other_processors(uint8_t *madt, const uint32_t *virtualized,
					 unsigned count)
{
	unsigned hidden = 0;
	uint32_t length = load32(madt + TABLE_LENGTH), cursor = 0;
	struct madt_processor p;
	while (madt_next_processor(madt, length, &cursor, &p)) {
		bool keep = false;
		for (unsigned i = 0; i < count; i++)
			keep |= virtualized[i] == p.apic_id;
		if (!keep && (p.flags & (MADT_ENABLED | MADT_ONLINE_CAPABLE))) {
			store32(madt + p.flags_offset,
				p.flags & ~(MADT_ENABLED | MADT_ONLINE_CAPABLE));
			hidden++;
		}
	}
	seal(madt);
	return hidden;
}

/* Copies a root table (entries of entry_size bytes) with one more entry;
 * an entry that points at the MADT points at madt_copy instead. */
static size_t extend_root(const uint8_t *old, unsigned entry_size, uint64_t extra,
			  uint64_t madt, uint64_t madt_copy, uint8_t *out)
{
	uint32_t length = load32(old + TABLE_LENGTH);
	memcpy(out, old, length);
	for (uint32_t at = HEADER; madt_copy && at + entry_size <= length; at += entry_size) {
		uint64_t address = entry_size == 8 ? load64(out + at) : load32(out + at);
		if (address != madt)
			continue;
		if (entry_size == 8)
			store64(out + at, madt_copy);
		else
			store32(out + at, (uint32_t)madt_copy);
	}
	if (entry_size == 8)
		store64(out + length, extra);
	else
		store32(out + length, (uint32_t)extra);
	store32(out + TABLE_LENGTH, length + entry_size);
	seal(out);
	return length + entry_size;
}

/* The firmware's MADT ("APIC"), found through the root table, or 0. */
static uint64_t find_madt(const uint8_t *root, unsigned entry_size, acpi_read_fn read,
			  void *ctx, const uint8_t **table)
{
	uint32_t length = load32(root + TABLE_LENGTH);
	for (uint32_t at = HEADER; at + entry_size <= length; at += entry_size) {
		uint64_t address = entry_size == 8 ? load64(root + at) : load32(root + at);
		const uint8_t *t = acpi_read_table(read, ctx, address);
		if (t && !memcmp(t, "APIC", 4)) {
			*table = t;
			return address;
		}
	}
	return 0;
}

long acpi_tables_with_hypervisor(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
				 void *ctx, uint8_t *out, size_t size, uint64_t base,
				 const uint32_t *virtualized, unsigned virtualized_count,
				 unsigned *hidden_processors)
{
	*hidden_processors = 0;
	if (rsdp_length < RSDP_V1_LENGTH || memcmp(rsdp, "RSD PTR ", 8) ||
	    acpi_sum(rsdp, RSDP_V1_LENGTH))
		return -1;
	int v2 = rsdp_length >= RSDP_V2_LENGTH && rsdp[15] >= 2 && load64(rsdp + RSDP_XSDT);
	const uint8_t *rsdt = acpi_read_table(read, ctx, load32(rsdp + RSDP_RSDT));
	const uint8_t *xsdt = v2 ? acpi_read_table(read, ctx, load64(rsdp + RSDP_XSDT)) : NULL;
	if (!rsdt || (v2 && !xsdt))
		return -1;
	const uint8_t *madt = NULL;
	uint64_t madt_address = xsdt ? find_madt(xsdt, 8, read, ctx, &madt)
				     : find_madt(rsdt, 4, read, ctx, &madt);
	size_t need = HEADER + RSDP_V2_LENGTH + load32(rsdt + TABLE_LENGTH) + 4 +
		      (xsdt ? load32(xsdt + TABLE_LENGTH) + 8 : 0) +
		      (madt ? load32(madt + TABLE_LENGTH) : 0) + 64;
	/* The RSDP's RSDT field and the RSDT's entries are 32-bit addresses
	 * (ACPI 6.x 5.2.5.3, 5.2.7): everything built must lie below 4 GiB. */
	if (need > size || base + need > 0x100000000ull)
		return -1;
	memset(out, 0, need);

	/* The hypervisor's table: a header naming it, nothing else. */
	size_t at = 0;
	uint8_t *own = out;
	memcpy(own, HYPERVISOR_TABLE_SIGNATURE, 4);
	store32(own + TABLE_LENGTH, HEADER);
	own[8] = 1;                                     /* revision */
	memcpy(own + 10, HYPERVISOR_OEM_ID, 6);
	memcpy(own + 16, HYPERVISOR_OEM_TABLE_ID, 8);
	store32(own + 24, 1);                              /* OEM revision */
	memcpy(own + 28, "TVHV", 4);                    /* creator */
	store32(own + 32, 1);
	seal(own);
	at = (HEADER + 15) & ~15ul;

	uint64_t madt_copy = 0;
	if (madt) {
		madt_copy = base + at;
		memcpy(out + at, madt, load32(madt + TABLE_LENGTH));
		*hidden_processors = disable_other_processors(out + at, virtualized,
							      virtualized_count);
		at = (at + load32(madt + TABLE_LENGTH) + 15) & ~15ul;
	}
	size_t rsdt_at = at;
	at = (at + extend_root(rsdt, 4, base, madt_address, madt_copy, out + at) + 15) & ~15ul;
	size_t xsdt_at = at;
	if (xsdt)
		at = (at + extend_root(xsdt, 8, base, madt_address, madt_copy, out + at) + 15) & ~15ul;

	uint8_t *new_rsdp = out + at;
	memcpy(new_rsdp, rsdp, v2 ? RSDP_V2_LENGTH : RSDP_V1_LENGTH);
	store32(new_rsdp + RSDP_RSDT, (uint32_t)(base + rsdt_at));
	new_rsdp[8] = 0;
	new_rsdp[8] = (uint8_t)-acpi_sum(new_rsdp, RSDP_V1_LENGTH);
	if (v2) {
		store64(new_rsdp + RSDP_XSDT, base + xsdt_at);
		/* The copy is the 36-byte ACPI 2.0 RSDP, whatever length the
		 * firmware's claimed (ACPI 6.x 5.2.5.3: the extended checksum
		 * covers `length` bytes). */
		store32(new_rsdp + RSDP_LENGTH, RSDP_V2_LENGTH);
		new_rsdp[RSDP_EXT_CHECKSUM] = 0;
		new_rsdp[RSDP_EXT_CHECKSUM] = (uint8_t)-acpi_sum(new_rsdp, RSDP_V2_LENGTH);
	}
	return (long)at;
}

/* The guest's ACPI tables (guest/acpi_tables.c): the firmware's, extended
 * with the hypervisor's table and a MADT with the other processors off,
 * built into a buffer of exactly the size the loader gives. Input: see
 * acpi_input.h. Checked: the new RSDP, RSDT and XSDT are valid tables
 * inside the buffer, and the PM1a control port found through them is the
 * one found through the firmware's. */
#include "arch/acpi.h"
#include "guest/acpi_tables.h"
#include "lib/bytes.h"
#include "tests/fuzz/acpi_input.h"

#define MADT_ENTRIES 44

/* Physical memory: the firmware's window, and once built, the new tables.
 * `touched_out` records a firmware read that reached the new tables' place. */
struct machine {
	struct fake_memory memory;
	uint64_t out_base, out_size;
	bool touched_out;
};

static const uint8_t *read_memory(void *ctx, uint64_t address, uint64_t length)
{
	struct machine *m = ctx;
	if (address < m->out_base + m->out_size && address + length > m->out_base)
		m->touched_out = true;
	return fake_memory_read(&m->memory, address, length);
}

static bool inside_out(const struct machine *m, uint64_t address, uint64_t length)
{
	return address >= m->out_base && address - m->out_base <= m->out_size &&
	       length <= m->out_size - (address - m->out_base);
}

/* A new root table: valid, inside the buffer, with one entry more than the
 * firmware's, the last one the hypervisor's table. Returns it. */
static const uint8_t *check_root(struct machine *m, uint64_t address, const uint8_t *old,
				 unsigned entry_size)
{
	const uint8_t *root = acpi_read_table(read_memory, m, address);
	FUZZ_CHECK(root != NULL);
	uint32_t length = load32(root + 4);
	FUZZ_CHECK(inside_out(m, address, length));
	FUZZ_CHECK(length == load32(old + 4) + entry_size);
	uint64_t last = entry_size == 8 ? load64(root + length - 8) : load32(root + length - 4);
	FUZZ_CHECK(last == m->out_base);
	return root;
}

/* In the guest's MADT only the boot processor is enabled or online capable
 * (ACPI 6.x 5.2.12.2, 5.2.12.12). */
static void check_madt(const uint8_t *madt, uint32_t boot_apic_id)
{
	uint32_t length = load32(madt + 4);
	for (uint32_t at = MADT_ENTRIES; at + 2 <= length && madt[at + 1] >= 2;
	     at += madt[at + 1]) {
		uint32_t id, flags;
		if (madt[at] == 0 && madt[at + 1] >= 8 && at + 8 <= length) {
			id = madt[at + 3];
			flags = load32(madt + at + 4);
		} else if (madt[at] == 9 && madt[at + 1] >= 16 && at + 16 <= length) {
			id = load32(madt + at + 4);
			flags = load32(madt + at + 8);
		} else {
			continue;
		}
		FUZZ_CHECK(id == boot_apic_id || !(flags & 3));
	}
}

static void check_tables(struct machine *m, const struct acpi_input *a, const uint8_t *out,
			 long at)
{
	bool v2 = a->rsdp_length >= 36 && a->rsdp[15] >= 2 && load64(a->rsdp + 24);
	size_t rsdp_length = v2 ? 36 : 20;
	FUZZ_CHECK(at >= 0 && (size_t)at + rsdp_length <= a->out_size);
	const uint8_t *rsdp = out + at;
	FUZZ_CHECK(!memcmp(rsdp, "RSD PTR ", 8) && acpi_sum(rsdp, 20) == 0);
	FUZZ_CHECK(!v2 || acpi_sum(rsdp, 36) == 0);
	FUZZ_CHECK(!memcmp(out, HYPERVISOR_TABLE_SIGNATURE, 4) && acpi_sum(out, 36) == 0);

	/* The firmware's roots, read again before anything of the new ones. */
	const uint8_t *old_rsdt = acpi_read_table(read_memory, m, load32(a->rsdp + 16));
	FUZZ_CHECK(old_rsdt != NULL);
	const uint8_t *root = check_root(m, load32(rsdp + 16), old_rsdt, 4);
	if (v2) {
		const uint8_t *old_xsdt = acpi_read_table(read_memory, m, load64(a->rsdp + 24));
		FUZZ_CHECK(old_xsdt != NULL);
		root = check_root(m, load64(rsdp + 24), old_xsdt, 8);
	}
	unsigned entry_size = v2 ? 8 : 4;
	for (uint32_t e = 36; e + entry_size <= load32(root + 4); e += entry_size) {
		uint64_t address = v2 ? load64(root + e) : load32(root + e);
		const uint8_t *t = inside_out(m, address, 36) ? acpi_read_table(read_memory, m, address)
							       : NULL;
		if (t && !memcmp(t, "APIC", 4))
			check_madt(t, a->boot_apic_id);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_input a;
	acpi_input_take(&a, data, size);
	static struct machine m;
	memset(&m, 0, sizeof(m));
	fake_memory_add(&m.memory, a.window_base, a.window, a.window_size);
	m.out_base = a.out_base;
	m.out_size = a.out_size;

	/* Where the firmware's tables lead, before the new ones exist. */
	uint16_t port_before = 0, port_after = 0;
	bool before = acpi_find_pm1a_control(a.rsdp, a.rsdp_length, read_memory, &m, &port_before);

	uint8_t *out = malloc(a.out_size ? a.out_size : 1);
	memset(out, 0xa5, a.out_size);
	unsigned hidden = 12345;
	long at = acpi_tables_with_hypervisor(a.rsdp, a.rsdp_length, read_memory, &m, out,
					      a.out_size, a.out_base, &a.boot_apic_id, 1, &hidden);
	/* The comparison holds when the firmware's tables lie clear of the new
	 * ones' place (the loader puts them in low memory the firmware left). */
	bool apart = !m.touched_out && (a.window_base >= a.out_base + a.out_size ||
					a.window_base + a.window_size <= a.out_base);
	if (at < 0) {
		FUZZ_CHECK(at == -1 && hidden == 0);
	} else if (apart) {
		fake_memory_add(&m.memory, a.out_base, out, a.out_size);
		check_tables(&m, &a, out, at);
		bool v2 = a.rsdp_length >= 36 && a.rsdp[15] >= 2 && load64(a.rsdp + 24);
		bool after = acpi_find_pm1a_control(out + at, v2 ? 36 : 20, read_memory, &m,
						    &port_after);
		FUZZ_CHECK(before == after && port_before == port_after);
	}
	fake_memory_release(&m.memory);
	free(out);
	acpi_input_free(&a);
	return 0;
}

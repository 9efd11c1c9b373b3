/* DMAR parsing: QEMU's shape, a firmware shape with RMRRs and bridges, and
 * hostile tables (lengths that lie, ranges that wrap, too many entries). */
#include <string.h>
#include "tests/unit/unit.h"
#include "arch/acpi.h"
#include "iommu/dmar.h"

static uint8_t table[4096];
static uint32_t used;
static char err[160];
static struct dmar_info info;

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void start(uint8_t haw_minus_one, uint8_t flags)
{
	memset(table, 0, sizeof(table));
	memcpy(table, "DMAR", 4);
	table[36] = haw_minus_one;
	table[37] = flags;
	used = 48;
}

/* A structure header; returns its offset (its length is set by end_struct). */
static uint32_t begin_struct(uint16_t type, uint32_t fixed)
{
	uint32_t at = used;
	put16(table + at, type);
	used += fixed;
	return at;
}

static void end_struct(uint32_t at)
{
	put16(table + at + 2, (uint16_t)(used - at));
}

static uint32_t drhd(uint8_t flags, uint16_t segment, uint64_t base)
{
	uint32_t at = begin_struct(0, 16);
	table[at + 4] = flags;
	put16(table + at + 6, segment);
	put64(table + at + 8, base);
	return at;
}

static uint32_t rmrr(uint64_t base, uint64_t limit)
{
	uint32_t at = begin_struct(1, 24);
	put64(table + at + 8, base);
	put64(table + at + 16, limit);
	return at;
}

/* A scope with `steps` (device, function) pairs from `path`. */
static void scope(uint8_t type, uint8_t id, uint8_t bus, const uint8_t *path, unsigned steps)
{
	table[used] = type;
	table[used + 1] = (uint8_t)(6 + 2 * steps);
	table[used + 4] = id;
	table[used + 5] = bus;
	memcpy(table + used + 6, path, 2 * steps);
	used += 6 + 2 * steps;
}

static int parse(void)
{
	put32(table + 4, used);
	err[0] = '\0';
	return dmar_parse(table, used, &info, err, sizeof(err));
}

/* What QEMU 7.2's intel-iommu gives (-M q35 -device intel-iommu). */
static void qemu_shape(void)
{
	start(38, 1);
	uint32_t u = drhd(0, 0, 0xfed90000);
	scope(DMAR_SCOPE_IOAPIC, 0, 0xff, (const uint8_t[]){ 0, 0 }, 1);
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, (const uint8_t[]){ 3, 0 }, 1);
	end_struct(u);
	CHECK(parse() == 0);
	CHECK(info.host_address_width == 39);
	CHECK(info.interrupt_remapping && !info.x2apic_opt_out);
	CHECK(info.unit_count == 1 && info.rmrr_count == 0);
	CHECK(info.units[0].register_base == 0xfed90000);
	CHECK(info.units[0].register_size == 4096);
	CHECK(!info.units[0].include_pci_all);
	CHECK(info.units[0].scopes.count == 2);
	const struct dmar_scope *s = &info.units[0].scopes.scope[1];
	CHECK(s->type == DMAR_SCOPE_PCI_ENDPOINT && s->start_bus == 0 && s->path_length == 1 &&
	      s->path[0].device == 3 && s->path[0].function == 0);
	char text[80];
	dmar_scope_describe(&info.units[0].scopes.scope[0], text, sizeof(text));
	CHECK_STR(text, "IOAPIC 0 at ff:00.0");
	dmar_scope_describe(s, text, sizeof(text));
	CHECK_STR(text, "PCI endpoint at 00:03.0");
}

/* Two units (graphics alone, the rest INCLUDE_PCI_ALL), a USB RMRR behind a
 * bridge, an ATSR to skip, 8 pages of registers. */
static void firmware_shape(void)
{
	start(45, 0);
	uint32_t g = drhd(0, 0, 0xfed90000);
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, (const uint8_t[]){ 2, 0 }, 1);
	end_struct(g);
	uint32_t all = drhd(1, 0, 0xfed91000);
	table[all + 5] = 3;                     /* 2^3 pages */
	end_struct(all);
	uint32_t r = rmrr(0x3e2e0000, 0x3e2fffff);
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, (const uint8_t[]){ 0x1c, 0, 0, 0 }, 2);
	end_struct(r);
	uint32_t atsr = begin_struct(2, 8);
	end_struct(atsr);
	CHECK(parse() == 0);
	CHECK(info.host_address_width == 46);
	CHECK(info.unit_count == 2 && info.units[1].include_pci_all);
	CHECK(info.units[1].register_size == 8 * 4096);
	CHECK(info.units[1].scopes.count == 0);
	CHECK(info.rmrr_count == 1 && info.rmrrs[0].base == 0x3e2e0000 &&
	      info.rmrrs[0].end == 0x3e300000);
	CHECK(info.rmrrs[0].scopes.scope[0].path_length == 2);
	CHECK(info.other_structures == 1);
	char text[80];
	dmar_scope_describe(&info.rmrrs[0].scopes.scope[0], text, sizeof(text));
	CHECK_STR(text, "PCI endpoint at 00:1c.0 -> 00.0");
}

static void lengths_that_lie(void)
{
	start(38, 0);
	uint32_t u = drhd(0, 0, 0xfed90000);
	end_struct(u);
	put16(table + u + 2, 200);              /* structure longer than the table */
	CHECK(parse() == -1 && strstr(err, "bad length"));

	start(38, 0);
	u = drhd(0, 0, 0xfed90000);
	end_struct(u);
	put16(table + u + 2, 0);                /* a zero length would loop forever */
	CHECK(parse() == -1);

	start(38, 0);
	u = drhd(0, 0, 0xfed90000);
	put16(table + u + 2, 8);                /* shorter than a DRHD */
	used = u + 8;
	CHECK(parse() == -1 && strstr(err, "shorter"));

	start(38, 0);
	u = drhd(0, 0, 0xfed90000);
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, (const uint8_t[]){ 3, 0 }, 1);
	table[used - 7] = 40;                   /* scope runs past its structure */
	end_struct(u);
	CHECK(parse() == -1 && strstr(err, "device scope"));

	start(38, 0);
	u = drhd(0, 0, 0xfed90000);
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, (const uint8_t[]){ 3, 0 }, 1);
	table[used - 7] = 7;                    /* odd path length, the structure ends there */
	used -= 1;
	end_struct(u);
	CHECK(parse() == -1);

	start(38, 0);
	u = drhd(0, 0, 0xfed90000);
	end_struct(u);
	put32(table + 4, used);
	CHECK(dmar_parse(table, used - 1, &info, err, sizeof(err)) == -1);     /* header disagrees */
	CHECK(dmar_parse(table, 20, &info, err, sizeof(err)) == -1);
	used = 48;                              /* no unit at all */
	CHECK(parse() == -1 && strstr(err, "no remapping unit"));
}

static void bad_values(void)
{
	start(38, 0);
	end_struct(drhd(0, 0, 0xfed90800));    /* not page-aligned */
	CHECK(parse() == -1 && strstr(err, "register base"));

	start(38, 0);
	end_struct(drhd(0, 0, 0));
	CHECK(parse() == -1);

	start(38, 0);
	end_struct(drhd(0, 0, 0xfffffffffffff000ull));
	CHECK(parse() == -1 && strstr(err, "end of the address space"));

	start(38, 0);
	end_struct(drhd(1, 0, 0xfed90000));
	end_struct(drhd(1, 0, 0xfed91000));    /* two INCLUDE_PCI_ALL in segment 0 */
	CHECK(parse() == -1 && strstr(err, "INCLUDE_PCI_ALL"));
	start(38, 0);
	end_struct(drhd(1, 0, 0xfed90000));
	end_struct(drhd(1, 1, 0xfed91000));    /* one per segment is fine */
	CHECK(parse() == 0 && info.units[1].segment == 1);

	start(38, 0);
	end_struct(drhd(0, 0, 0xfed90000));
	end_struct(drhd(0, 0, 0xfed90000));    /* the same registers twice */
	CHECK(parse() == -1);

	const uint64_t bad_ranges[][2] = {
		{ 0x1000, 0xfff },              /* limit below base */
		{ 0x1800, 0x1fff },             /* base not aligned */
		{ 0x1000, 0x1ffe },             /* limit + 1 not aligned */
		{ 0xfffffffffffff000ull, UINT64_MAX },  /* end wraps */
	};
	for (unsigned i = 0; i < 4; i++) {
		start(38, 0);
		end_struct(drhd(0, 0, 0xfed90000));
		end_struct(rmrr(bad_ranges[i][0], bad_ranges[i][1]));
		CHECK(parse() == -1 && strstr(err, "RMRR"));
	}

	start(38, 0);
	uint32_t u = drhd(0, 0, 0xfed90000);
	scope(9, 0, 0, (const uint8_t[]){ 3, 0 }, 1);   /* unknown scope type */
	end_struct(u);
	CHECK(parse() == -1 && strstr(err, "unknown type"));

	start(38, 0);
	u = drhd(0, 0, 0xfed90000);
	scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, (const uint8_t[]){ 32, 0 }, 1);  /* device 32 */
	end_struct(u);
	CHECK(parse() == -1);

	start(38, 0);
	end_struct(drhd(0, 0, 0xfed90000));
	end_struct(begin_struct(77, 4));       /* unknown structure type */
	CHECK(parse() == -1 && strstr(err, "unknown type 77"));

	start(70, 0);                           /* 71-bit host addresses */
	end_struct(drhd(0, 0, 0xfed90000));
	CHECK(parse() == -1);
}

static void too_many(void)
{
	start(38, 0);
	for (unsigned i = 0; i <= DMAR_MAX_UNITS; i++)
		end_struct(drhd(0, (uint16_t)i, 0xfed90000 + 0x1000ull * i));
	CHECK(parse() == -1 && strstr(err, "more than"));

	start(38, 0);
	end_struct(drhd(0, 0, 0xfed90000));
	for (unsigned i = 0; i <= DMAR_MAX_RMRRS; i++)
		end_struct(rmrr(0x100000ull * (i + 1), 0x100000ull * (i + 1) + 0xfff));
	CHECK(parse() == -1 && strstr(err, "more than"));

	start(38, 0);
	uint32_t u = drhd(0, 0, 0xfed90000);
	for (unsigned i = 0; i <= DMAR_MAX_SCOPES; i++)
		scope(DMAR_SCOPE_PCI_ENDPOINT, 0, 0, (const uint8_t[]){ (uint8_t)i, 0 }, 1);
	end_struct(u);
	CHECK(parse() == -1 && strstr(err, "device scopes"));

	start(38, 0);
	u = drhd(0, 0, 0xfed90000);
	uint8_t path[2 * (DMAR_MAX_PATH + 1)] = { 0 };
	scope(DMAR_SCOPE_PCI_SUB_HIERARCHY, 0, 0, path, DMAR_MAX_PATH + 1);
	end_struct(u);
	CHECK(parse() == -1 && strstr(err, "steps"));
}

/* The DMAR found through the RSDT like any other table. */
static uint8_t memory[0x3000];

static const uint8_t *read_memory(void *ctx, uint64_t address, uint64_t length)
{
	(void)ctx;
	return address + length <= sizeof(memory) ? memory + address : NULL;
}

static void fix_checksum(uint8_t *t, uint32_t length)
{
	t[9] = 0;
	t[9] = (uint8_t)-acpi_sum(t, length);
}

static void found_through_rsdt(void)
{
	start(38, 0);
	end_struct(drhd(0, 0, 0xfed90000));
	put32(table + 4, used);
	memcpy(memory + 0x2000, table, used);
	fix_checksum(memory + 0x2000, used);
	uint8_t *rsdt = memory + 0x1000;
	memcpy(rsdt, "RSDT", 4);
	put32(rsdt + 4, 40);
	put32(rsdt + 36, 0x2000);
	fix_checksum(rsdt, 40);
	uint8_t rsdp[20] = "RSD PTR ";
	put32(rsdp + 16, 0x1000);
	rsdp[8] = (uint8_t)-acpi_sum(rsdp, 20);
	const uint8_t *t = acpi_find_table(rsdp, 20, read_memory, NULL, "DMAR");
	CHECK(t == memory + 0x2000);
	CHECK(acpi_find_table(rsdp, 20, read_memory, NULL, "FACP") == NULL);
	memory[0x2000 + 50] ^= 1;               /* checksum broken: not found */
	CHECK(acpi_find_table(rsdp, 20, read_memory, NULL, "DMAR") == NULL);
}

const struct unit_test dmar_tests[] = {
	{ "qemu_shape", qemu_shape },
	{ "firmware_shape", firmware_shape },
	{ "lengths_that_lie", lengths_that_lie },
	{ "bad_values", bad_values },
	{ "too_many", too_many },
	{ "found_through_rsdt", found_through_rsdt },
};
const unsigned dmar_test_count = sizeof(dmar_tests) / sizeof(dmar_tests[0]);

/* Which processors an IPI reaches. */
#include "tests/unit/unit.h"
#include "arch/lapic.h"
#include "platform/apic_dest.h"

#define SH(n) ((uint32_t)(n) << ICR_SHORTHAND_SHIFT)

static void shorthands_and_physical(void)
{
	struct apic_identity t = { .apic_id = 3 };
	uint32_t init = ICR_DELIVERY_INIT | ICR_LEVEL_ASSERT;
	CHECK(apic_ipi_reaches(&t, true, init | SH(1), 0, false));
	CHECK(!apic_ipi_reaches(&t, false, init | SH(1), 3, false));
	CHECK(apic_ipi_reaches(&t, true, init | SH(2), 0, false));
	CHECK(apic_ipi_reaches(&t, false, init | SH(2), 0, false));
	CHECK(!apic_ipi_reaches(&t, true, init | SH(3), 0, false));
	CHECK(apic_ipi_reaches(&t, false, init | SH(3), 0, false));
	CHECK(apic_ipi_reaches(&t, false, init, 3, false));
	CHECK(!apic_ipi_reaches(&t, false, init, 4, false));
	CHECK(apic_ipi_reaches(&t, false, init, 0xff, false));          /* xAPIC broadcast */
	CHECK(!apic_ipi_reaches(&t, false, init, 0xff, true));          /* an x2APIC ID */
	CHECK(apic_ipi_reaches(&t, false, init, 0xffffffff, true));     /* x2APIC broadcast */
	CHECK(!apic_ipi_reaches(&t, false, init, 0x103, true));         /* no ID folding */
}

static void logical_modes(void)
{
	uint32_t init = ICR_DELIVERY_INIT | ICR_LEVEL_ASSERT | ICR_DEST_LOGICAL;
	struct apic_identity flat = { .apic_id = 1, .ldr = 0x02000000, .dfr = 0xffffffff };
	CHECK(apic_ipi_reaches(&flat, false, init, 0x02, false));
	CHECK(apic_ipi_reaches(&flat, false, init, 0x03, false));
	CHECK(!apic_ipi_reaches(&flat, false, init, 0x01, false));
	struct apic_identity cluster = { .apic_id = 5, .ldr = 0x24000000, .dfr = 0x0fffffff };
	CHECK(apic_ipi_reaches(&cluster, false, init, 0x24, false));
	CHECK(apic_ipi_reaches(&cluster, false, init, 0x2c, false));
	CHECK(!apic_ipi_reaches(&cluster, false, init, 0x14, false));   /* other cluster */
	CHECK(!apic_ipi_reaches(&cluster, false, init, 0x28, false));   /* other member */
	CHECK(apic_ipi_reaches(&cluster, false, init, 0xff, false));
	/* x2APIC: APIC ID 0x12 is cluster 1, member bit 2 */
	struct apic_identity x2 = { .apic_id = 0x12 };
	CHECK(apic_ipi_reaches(&x2, false, init, 0x00010004, true));
	CHECK(apic_ipi_reaches(&x2, false, init, 0x00010006, true));
	CHECK(!apic_ipi_reaches(&x2, false, init, 0x00020004, true));
	CHECK(!apic_ipi_reaches(&x2, false, init, 0x00010002, true));
}

const struct unit_test apic_dest_tests[] = {
	{ "shorthands_and_physical", shorthands_and_physical },
	{ "logical_modes", logical_modes },
};
const unsigned apic_dest_test_count = sizeof(apic_dest_tests) / sizeof(apic_dest_tests[0]);

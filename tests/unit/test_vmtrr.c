/* Virtual MTRRs: reads give back what was written, the CPU's validity
 * checks (#GP), and the range whose memory type a write may change. */
#include <string.h>
#include "tests/unit/unit.h"
#include "platform/vmtrr.h"

#define MIB 0x100000ull
#define GIB (1024 * MIB)
#define VALID (1ull << 11)

static struct vmtrr m;

static void setup(void)
{
	memset(&m, 0, sizeof(m));
	m.supported = true;
	m.cap = 0x508;                  /* WC, FIX, 8 variable ranges (Bochs) */
	m.state.address_mask = (1ull << 40) - 1;
	m.state.variable_count = 8;
	m.state.enabled = true;
	m.state.fixed_enabled = true;
	m.state.default_type = MTRR_TYPE_WB;
	m.state.variable[0] = (struct mtrr_variable){ 0xc0000000 | MTRR_TYPE_UC,
						      (~(GIB - 1) & m.state.address_mask) | VALID };
}

static void reads_give_the_state(void)
{
	setup();
	uint64_t v;
	CHECK(vmtrr_read(&m, 0xfe, &v) && v == 0x508);
	CHECK(vmtrr_read(&m, 0x2ff, &v) && v == 0xc06);
	CHECK(vmtrr_read(&m, 0x200, &v) && v == 0xc0000000);
	CHECK(vmtrr_read(&m, 0x201, &v) && v == 0xffc0000800);
	CHECK(vmtrr_read(&m, 0x20f, &v) && v == 0);
	CHECK(!vmtrr_read(&m, 0x210, &v));                      /* range 8: none */
	m.state.fixed[8 * 3 + 1] = MTRR_TYPE_WP;
	CHECK(vmtrr_read(&m, 0x268, &v) && v == 0x0500);
	m.supported = false;
	CHECK(!vmtrr_read(&m, 0x2ff, &v));
}

static void writes_checked_as_the_cpu_does(void)
{
	setup();
	struct vmtrr_extent x;
	CHECK(!vmtrr_write(&m, 0xfe, 0x508, &x));               /* MTRRCAP is read-only */
	CHECK(!vmtrr_write(&m, 0x2ff, 0xc02, &x));              /* type 2 is reserved */
	CHECK(!vmtrr_write(&m, 0x2ff, 0x1c06, &x));             /* bit 12 reserved */
	CHECK(!vmtrr_write(&m, 0x2ff, 0xd06, &x));              /* bits 9:8 reserved */
	CHECK(!vmtrr_write(&m, 0x250, 0x0606060606060703ull, &x)); /* a byte of type 3 */
	CHECK(!vmtrr_write(&m, 0x202, 0x100 | MTRR_TYPE_WB, &x));  /* PHYSBASE bits 11:8 */
	CHECK(!vmtrr_write(&m, 0x202, (1ull << 40) | MTRR_TYPE_WB, &x)); /* above MAXPHYADDR */
	CHECK(!vmtrr_write(&m, 0x203, VALID | 1, &x));          /* PHYSMASK bits 10:0 */
	CHECK(!vmtrr_write(&m, 0x210, 0, &x));                  /* no range 8 */
	m.cap &= ~MTRRCAP_WC;
	CHECK(!vmtrr_write(&m, 0x202, MTRR_TYPE_WC, &x));       /* WC not offered */
	m.cap &= ~MTRRCAP_FIX;
	CHECK(!vmtrr_write(&m, 0x250, 0, &x));                  /* no fixed ranges */
	CHECK(!vmtrr_write(&m, 0x2ff, 0xc06, &x));              /* FE without them */
	/* Nothing was changed by the refused writes. */
	uint64_t v;
	CHECK(vmtrr_read(&m, 0x2ff, &v) && v == 0xc06);
	CHECK(vmtrr_read(&m, 0x202, &v) && v == 0);
}

static void extent_of_a_write(void)
{
	setup();
	struct vmtrr_extent x;
	uint64_t v;
	/* A new variable range: its base alone changes nothing (not valid),
	 * its mask then covers 2 GiB + 4 MiB, 2 MiB long. */
	CHECK(vmtrr_write(&m, 0x202, (2 * GIB + 4 * MIB) | MTRR_TYPE_WC, &x));
	CHECK(x.start == x.end);
	CHECK(vmtrr_write(&m, 0x203, (~(2 * MIB - 1) & m.state.address_mask) | VALID, &x));
	CHECK(x.start == 2 * GIB + 4 * MIB && x.end == 2 * GIB + 6 * MIB);
	CHECK(vmtrr_read(&m, 0x203, &v) && v == ((~(2 * MIB - 1) & m.state.address_mask) | VALID));
	/* Moving range 0 from 3 GiB to 1 GiB: both places. */
	CHECK(vmtrr_write(&m, 0x200, GIB | MTRR_TYPE_UC, &x));
	CHECK(x.start == GIB && x.end == 4 * GIB);
	/* The same value again: nothing. */
	CHECK(vmtrr_write(&m, 0x200, GIB | MTRR_TYPE_UC, &x));
	CHECK(x.start == x.end);
	/* A non-contiguous mask (a hole at bit 20) matches 0-0x1fff and
	 * 0x100000-0x101fff: the extent spans both. */
	CHECK(vmtrr_write(&m, 0x204, 0x1000 | MTRR_TYPE_WT, &x));
	CHECK(vmtrr_write(&m, 0x205, (~0x1fffull & ~0x100000ull & m.state.address_mask) | VALID,
			  &x));
	CHECK(x.start == 0 && x.end == 0x102000);
	/* A fixed range: the first MiB. */
	CHECK(vmtrr_write(&m, 0x259, 0x0101010101010101ull, &x));
	CHECK(x.start == 0 && x.end == MIB);
	CHECK(vmtrr_read(&m, 0x259, &v) && v == 0x0101010101010101ull);
	/* MTRRs off: everything. */
	CHECK(vmtrr_write(&m, 0x2ff, 0x006, &x));
	CHECK(x.start == 0 && x.end == 1ull << 40 && !m.state.enabled);
}

const struct unit_test vmtrr_tests[] = {
	{ "reads_give_the_state", reads_give_the_state },
	{ "writes_checked_as_the_cpu_does", writes_checked_as_the_cpu_does },
	{ "extent_of_a_write", extent_of_a_write },
};
const unsigned vmtrr_test_count = sizeof(vmtrr_tests) / sizeof(vmtrr_tests[0]);

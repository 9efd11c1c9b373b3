#include "tests/unit/unit.h"
#include "vmx/pae.h"

static void paging_mode(void)
{
	CHECK(pae_paging(1ull << 31, 1ull << 5, 0));
	CHECK(!pae_paging(0, 1ull << 5, 0));                   /* paging off */
	CHECK(!pae_paging(1ull << 31, 0, 0));                  /* 32-bit paging */
	CHECK(!pae_paging(1ull << 31, 1ull << 5, 1ull << 10)); /* IA-32e: PML4, no PDPTEs */
	CHECK(!pae_paging(1ull << 31, 1ull << 5, 1ull << 10 | 1ull << 8));
}

static void reserved_bits(void)
{
	uint64_t p[4] = { 0x1000 | 1, 0, 0x2000 | 1, 0x3000 | 1 | (1ull << 9) | (1ull << 11) };
	CHECK(pae_pdptes_valid(p, 39));        /* PWT, PCD (3, 4) and bits 11:9 are not reserved */
	p[0] |= 1ull << 3 | 1ull << 4;
	CHECK(pae_pdptes_valid(p, 39));
	for (unsigned bit = 1; bit <= 8; bit++) {
		if (bit == 3 || bit == 4)
			continue;
		uint64_t q[4] = { 0x1000 | 1 | (1ull << bit), 0, 0, 0 };
		CHECK(!pae_pdptes_valid(q, 39));
		q[0] &= ~1ull;                  /* not present: not checked */
		CHECK(pae_pdptes_valid(q, 39));
	}
	uint64_t high[4] = { 0, 0, 0, (1ull << 39) | 1 };
	CHECK(!pae_pdptes_valid(high, 39));
	CHECK(pae_pdptes_valid(high, 40));
	uint64_t xd[4] = { (1ull << 63) | 1, 0, 0, 0 };  /* XD is reserved in a PDPTE */
	CHECK(!pae_pdptes_valid(xd, 52));
}

const struct unit_test pae_tests[] = {
	{ "paging_mode", paging_mode },
	{ "reserved_bits", reserved_bits },
};
const unsigned pae_test_count = sizeof(pae_tests) / sizeof(pae_tests[0]);

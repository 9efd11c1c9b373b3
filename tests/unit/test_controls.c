#include <string.h>
#include "tests/unit/unit.h"
#include "vmx/controls.h"

static char err[200];

static void forced_and_optional_bits(void)
{
	/* allowed-0 (must be 1): bits 1, 4; allowed-1 (may be 1): 0-7 */
	uint64_t cap = ((uint64_t)0xff << 32) | 0x12;
	uint32_t out = 0;
	CHECK(vmx_adjust_controls(&primary_controls, cap, 1u << 7, (1u << 2) | (1u << 9), &out,
				  err, sizeof(err)) == 0);
	/* required 7, optional 2 allowed, optional 9 dropped, forced 1 and 4 */
	CHECK(out == ((1u << 7) | (1u << 2) | (1u << 1) | (1u << 4)));
}

static void missing_required_bit_is_named(void)
{
	uint64_t cap = ((uint64_t)0x7f << 32);     /* bit 7 not allowed */
	uint32_t out = 0xdead;
	CHECK(vmx_adjust_controls(&secondary_controls, cap, (1u << 1) | (1u << 7), 0, &out, err,
				  sizeof(err)) == -1);
	CHECK(strstr(err, "secondary processor-based VM-execution") != NULL);
	CHECK(strstr(err, "\"unrestricted guest\" (bit 7)") != NULL);
	CHECK(out == 0xdead);
}

static void unnamed_bit(void)
{
	CHECK(vmx_adjust_controls(&exit_controls, 0, 1u << 30, 0, &(uint32_t){ 0 }, err,
				  sizeof(err)) == -1);
	CHECK(strstr(err, "\"unnamed\" (bit 30)") != NULL);
}

static void true_msr_allows_clearing_default1(void)
{
	/* A TRUE MSR may report default-1 bits (e.g. CR3-load exiting, bit 15)
	 * as allowed 0: then they stay clear when not requested. */
	uint64_t true_cap = ((uint64_t)0xffffffff << 32) | 0x04006172u;
	uint32_t out;
	CHECK(vmx_adjust_controls(&primary_controls, true_cap, 0, 0, &out, err, sizeof(err)) == 0);
	CHECK(!(out & (1u << 15)));
	uint64_t legacy_cap = true_cap | (1u << 15) | (1u << 16);
	CHECK(vmx_adjust_controls(&primary_controls, legacy_cap, 0, 0, &out, err, sizeof(err)) == 0);
	CHECK(out & (1u << 15));
}

const struct unit_test controls_tests[] = {
	{ "forced_and_optional_bits", forced_and_optional_bits },
	{ "missing_required_bit_is_named", missing_required_bit_is_named },
	{ "unnamed_bit", unnamed_bit },
	{ "true_msr_allows_clearing_default1", true_msr_allows_clearing_default1 },
};
const unsigned controls_test_count = sizeof(controls_tests) / sizeof(controls_tests[0]);

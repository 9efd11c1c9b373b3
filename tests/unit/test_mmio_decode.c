/* The decoder of stores to the xAPIC page. */
#include "tests/unit/unit.h"
#include "platform/mmio_decode.h"

static void decodes_kernel_stores(void)
{
	struct mmio_store s;
	/* mov %eax,(%rdx) */
	const uint8_t a[] = { 0x89, 0x02 };
	CHECK(mmio_decode_store(a, sizeof(a), true, &s) == 0 && s.length == 2 && s.reg == 0 &&
	      !s.is_immediate && !s.is_exchange);
	/* mov %r9d,0x300(%rax): REX.R, disp32 */
	const uint8_t b[] = { 0x44, 0x89, 0x88, 0x00, 0x03, 0x00, 0x00, 0x90 };
	CHECK(mmio_decode_store(b, sizeof(b), true, &s) == 0 && s.length == 7 && s.reg == 9);
	/* movl $0xc4500,0xfee00300 (32-bit code, disp32 without base) */
	const uint8_t c[] = { 0xc7, 0x05, 0x00, 0x03, 0xe0, 0xfe, 0x00, 0x45, 0x0c, 0x00 };
	CHECK(mmio_decode_store(c, sizeof(c), false, &s) == 0 && s.length == 10 &&
	      s.is_immediate && s.immediate == 0xc4500);
	/* xchg %eax,-0xa00(%rbx,%rcx,1): SIB, disp8 is 1 byte... here disp32 */
	const uint8_t d[] = { 0x87, 0x84, 0x0b, 0x00, 0xf6, 0xff, 0xff };
	CHECK(mmio_decode_store(d, sizeof(d), true, &s) == 0 && s.length == 7 && s.is_exchange);
	/* mov %esi,%fs:0x10(%rdi) with a segment prefix, disp8 */
	const uint8_t e[] = { 0x64, 0x89, 0x77, 0x10 };
	CHECK(mmio_decode_store(e, sizeof(e), true, &s) == 0 && s.length == 4 && s.reg == 6);
	/* mov %eax,0xfee00310 (A3 moffs32), and its 64-bit form with moffs64 */
	const uint8_t g[] = { 0xa3, 0x10, 0x03, 0xe0, 0xfe };
	CHECK(mmio_decode_store(g, sizeof(g), false, &s) == 0 && s.length == 5 && s.reg == 0 &&
	      !s.is_immediate);
	CHECK(mmio_decode_store(g, sizeof(g), true, &s) == -1);       /* 8-byte offset cut */
	const uint8_t h[] = { 0xa3, 0x10, 0x03, 0xe0, 0xfe, 0, 0, 0, 0 };
	CHECK(mmio_decode_store(h, sizeof(h), true, &s) == 0 && s.length == 9);
	/* SIB with no base and mod 0: disp32 follows */
	const uint8_t f[] = { 0x89, 0x04, 0x25, 0x00, 0x03, 0xe0, 0xfe };
	CHECK(mmio_decode_store(f, sizeof(f), true, &s) == 0 && s.length == 7);
}

static void refuses_the_rest(void)
{
	struct mmio_store s;
	const uint8_t wide[] = { 0x48, 0x89, 0x02 };            /* REX.W: 64-bit store */
	const uint8_t reg_operand[] = { 0x89, 0xc2 };           /* mov %eax,%edx */
	const uint8_t other[] = { 0x8b, 0x02 };                 /* a load */
	const uint8_t short_operand[] = { 0x66, 0x89, 0x02 };   /* 16-bit store */
	const uint8_t cut[] = { 0xc7, 0x05, 0x00, 0x03, 0xe0 }; /* disp32 cut short */
	const uint8_t c7_not_0[] = { 0xc7, 0x0a, 1, 2, 3, 4 };  /* C7 /1 is not MOV */
	const uint8_t rex_in_32[] = { 0x44, 0x89, 0x02 };       /* 0x44 is INC in 32-bit code */
	CHECK(mmio_decode_store(wide, sizeof(wide), true, &s) == -1);
	CHECK(mmio_decode_store(reg_operand, sizeof(reg_operand), true, &s) == -1);
	CHECK(mmio_decode_store(other, sizeof(other), true, &s) == -1);
	CHECK(mmio_decode_store(short_operand, sizeof(short_operand), true, &s) == -1);
	CHECK(mmio_decode_store(cut, sizeof(cut), false, &s) == -1);
	CHECK(mmio_decode_store(c7_not_0, sizeof(c7_not_0), true, &s) == -1);
	CHECK(mmio_decode_store(rex_in_32, sizeof(rex_in_32), false, &s) == -1);
	CHECK(mmio_decode_store(wide, 0, true, &s) == -1);
	/* every truncation of a valid store is refused, never read past */
	const uint8_t b[] = { 0x44, 0x89, 0x88, 0x00, 0x03, 0x00, 0x00 };
	for (unsigned n = 0; n < sizeof(b); n++)
		CHECK(mmio_decode_store(b, n, true, &s) == -1);
}

const struct unit_test mmio_decode_tests[] = {
	{ "decodes_kernel_stores", decodes_kernel_stores },
	{ "refuses_the_rest", refuses_the_rest },
};
const unsigned mmio_decode_test_count = sizeof(mmio_decode_tests) / sizeof(mmio_decode_tests[0]);

/* The decoder of stores to the xAPIC page. */
#include "tests/unit/unit.h"
#include "platform/mmio_decode.h"

#define CODE16 2
#define CODE32 4
#define CODE64 8

static int decode(const uint8_t *code, unsigned n, unsigned code_size, struct mmio_store *s)
{
	return mmio_decode_store(code, n, code_size, s);
}

static void decodes_kernel_stores(void)
{
	struct mmio_store s;
	/* mov %eax,(%rdx) */
	const uint8_t a[] = { 0x89, 0x02 };
	CHECK(decode(a, sizeof(a), CODE64, &s) == 0 && s.length == 2 && s.reg == 0 &&
	      s.size == 4 && s.source == MMIO_FROM_REGISTER && !s.is_exchange);
	/* mov %r9d,0x300(%rax): REX.R, disp32 */
	const uint8_t b[] = { 0x44, 0x89, 0x88, 0x00, 0x03, 0x00, 0x00, 0x90 };
	CHECK(decode(b, sizeof(b), CODE64, &s) == 0 && s.length == 7 && s.reg == 9);
	/* movl $0xc4500,0xfee00300 (32-bit code, disp32 without base) */
	const uint8_t c[] = { 0xc7, 0x05, 0x00, 0x03, 0xe0, 0xfe, 0x00, 0x45, 0x0c, 0x00 };
	CHECK(decode(c, sizeof(c), CODE32, &s) == 0 && s.length == 10 &&
	      s.source == MMIO_FROM_IMMEDIATE && s.immediate == 0xc4500 && s.size == 4);
	/* xchg %eax,-0xa00(%rbx,%rcx,1): SIB, disp32 */
	const uint8_t d[] = { 0x87, 0x84, 0x0b, 0x00, 0xf6, 0xff, 0xff };
	CHECK(decode(d, sizeof(d), CODE64, &s) == 0 && s.length == 7 && s.is_exchange);
	/* mov %esi,%fs:0x10(%rdi) with a segment prefix, disp8 */
	const uint8_t e[] = { 0x64, 0x89, 0x77, 0x10 };
	CHECK(decode(e, sizeof(e), CODE64, &s) == 0 && s.length == 4 && s.reg == 6);
	/* mov %eax,0xfee00310 (A3 moffs32), and its 64-bit form with moffs64 */
	const uint8_t g[] = { 0xa3, 0x10, 0x03, 0xe0, 0xfe };
	CHECK(decode(g, sizeof(g), CODE32, &s) == 0 && s.length == 5 && s.reg == 0 &&
	      s.source == MMIO_FROM_REGISTER);
	CHECK(decode(g, sizeof(g), CODE64, &s) == -1);      /* 8-byte offset cut */
	const uint8_t h[] = { 0xa3, 0x10, 0x03, 0xe0, 0xfe, 0, 0, 0, 0 };
	CHECK(decode(h, sizeof(h), CODE64, &s) == 0 && s.length == 9);
	/* SIB with no base and mod 0: disp32 follows */
	const uint8_t f[] = { 0x89, 0x04, 0x25, 0x00, 0x03, 0xe0, 0xfe };
	CHECK(decode(f, sizeof(f), CODE64, &s) == 0 && s.length == 7);
}

/* The operand size: 16 by default in 16-bit code, 32 with 0x66 there;
 * 0x66 makes 32- and 64-bit code store 16 bits. */
static void operand_sizes(void)
{
	struct mmio_store s;
	const uint8_t mov16[] = { 0x66, 0x89, 0x02 };           /* mov %ax,(%edx) */
	CHECK(decode(mov16, sizeof(mov16), CODE32, &s) == 0 && s.size == 2 && s.length == 3);
	CHECK(decode(mov16, sizeof(mov16), CODE64, &s) == 0 && s.size == 2);
	CHECK(decode(mov16, sizeof(mov16), CODE16, &s) == 0 && s.size == 4);
	const uint8_t imm16[] = { 0x66, 0xc7, 0x00, 0x34, 0x12 };  /* movw $0x1234,(%eax) */
	CHECK(decode(imm16, sizeof(imm16), CODE32, &s) == 0 && s.size == 2 &&
	      s.immediate == 0x1234 && s.length == 5);
	const uint8_t byte[] = { 0xc6, 0x00, 0x7f };            /* movb $0x7f,(%eax) */
	CHECK(decode(byte, sizeof(byte), CODE32, &s) == 0 && s.size == 1 &&
	      s.immediate == 0x7f && s.length == 3);
	/* mov %ah,(%ebx): AH is byte 1 of RAX without REX, SPL with it */
	const uint8_t ah[] = { 0x88, 0x23 };
	CHECK(decode(ah, sizeof(ah), CODE32, &s) == 0 && s.size == 1 && s.reg == 0 && s.high_byte);
	const uint8_t spl[] = { 0x40, 0x88, 0x23 };
	CHECK(decode(spl, sizeof(spl), CODE64, &s) == 0 && s.reg == 4 && !s.high_byte);
	/* REX.W on a byte store changes nothing */
	const uint8_t wbyte[] = { 0x48, 0x88, 0x03 };
	CHECK(decode(wbyte, sizeof(wbyte), CODE64, &s) == 0 && s.size == 1 && s.reg == 0);
	/* mov %al,0x1234 in 16-bit code: A2 with a 2-byte offset */
	const uint8_t moffs[] = { 0xa2, 0x34, 0x12 };
	CHECK(decode(moffs, sizeof(moffs), CODE16, &s) == 0 && s.size == 1 && s.length == 3);
}

/* 16-bit addressing has no SIB, and its disp16 forms differ from 32-bit
 * ones (SDM vol. 2 table 2-1). */
static void addressing_16(void)
{
	struct mmio_store s;
	/* mov %ax,(%si) in real mode: rm 4 is [SI] there, a SIB in 32-bit code */
	const uint8_t si[] = { 0x89, 0x04, 0x90, 0x90, 0x90, 0x90, 0x90 };
	CHECK(decode(si, sizeof(si), CODE16, &s) == 0 && s.length == 2 && s.size == 2);
	CHECK(decode(si, sizeof(si), CODE32, &s) == 0 && s.length == 3);
	/* mov %ax,0x300 in real mode: mod 0, rm 6 is a disp16 */
	const uint8_t direct[] = { 0x89, 0x06, 0x00, 0x03 };
	CHECK(decode(direct, sizeof(direct), CODE16, &s) == 0 && s.length == 4);
	/* mov %ax,0x10(%bp,%di): mod 2 is a disp16 */
	const uint8_t disp16[] = { 0x89, 0x83, 0x10, 0x00 };
	CHECK(decode(disp16, sizeof(disp16), CODE16, &s) == 0 && s.length == 4);
	/* 0x67 in 32-bit code: 16-bit addressing; in 16-bit code: 32-bit */
	const uint8_t a16[] = { 0x67, 0x89, 0x06, 0x00, 0x03 };
	CHECK(decode(a16, sizeof(a16), CODE32, &s) == 0 && s.length == 5 && s.address_size == 2);
	const uint8_t a32[] = { 0x67, 0x89, 0x04, 0x24 };     /* mov %ax,(%esp) */
	CHECK(decode(a32, sizeof(a32), CODE16, &s) == 0 && s.length == 4 && s.address_size == 4);
}

static void string_moves(void)
{
	struct mmio_store s;
	const uint8_t movsd[] = { 0xa5 };
	CHECK(decode(movsd, 1, CODE32, &s) == 0 && s.source == MMIO_FROM_MEMORY &&
	      s.size == 4 && !s.rep && s.segment == SEG_DS && s.address_size == 4 && s.length == 1);
	/* rep movsw with an FS source in 64-bit code */
	const uint8_t rep[] = { 0xf3, 0x64, 0x66, 0xa5 };
	CHECK(decode(rep, sizeof(rep), CODE64, &s) == 0 && s.rep && s.size == 2 &&
	      s.segment == SEG_FS && s.address_size == 8 && s.length == 4);
	const uint8_t movsb16[] = { 0xa4 };
	CHECK(decode(movsb16, 1, CODE16, &s) == 0 && s.size == 1 && s.address_size == 2);
	const uint8_t movsq[] = { 0x48, 0xa5 };                 /* 64-bit elements */
	CHECK(decode(movsq, sizeof(movsq), CODE64, &s) == -1);
}

static void refuses_the_rest(void)
{
	struct mmio_store s;
	const uint8_t wide[] = { 0x48, 0x89, 0x02 };            /* REX.W: 64-bit store */
	const uint8_t reg_operand[] = { 0x89, 0xc2 };           /* mov %eax,%edx */
	const uint8_t other[] = { 0x8b, 0x02 };                 /* a load */
	const uint8_t cut[] = { 0xc7, 0x05, 0x00, 0x03, 0xe0 }; /* disp32 cut short */
	const uint8_t c7_not_0[] = { 0xc7, 0x0a, 1, 2, 3, 4 };  /* C7 /1 is not MOV */
	const uint8_t rex_in_32[] = { 0x44, 0x89, 0x02 };       /* 0x44 is INC in 32-bit code */
	const uint8_t rex_not_last[] = { 0x48, 0x66, 0x89, 0x02 };  /* REX then 0x66: no REX.W */
	CHECK(decode(wide, sizeof(wide), CODE64, &s) == -1);
	CHECK(decode(reg_operand, sizeof(reg_operand), CODE64, &s) == -1);
	CHECK(decode(other, sizeof(other), CODE64, &s) == -1);
	CHECK(decode(cut, sizeof(cut), CODE32, &s) == -1);
	CHECK(decode(c7_not_0, sizeof(c7_not_0), CODE64, &s) == -1);
	CHECK(decode(rex_in_32, sizeof(rex_in_32), CODE32, &s) == -1);
	CHECK(decode(rex_not_last, sizeof(rex_not_last), CODE64, &s) == 0 && s.size == 2);
	CHECK(decode(wide, 0, CODE64, &s) == -1);
	/* every truncation of a valid store is refused, never read past */
	const uint8_t b[] = { 0x44, 0x89, 0x88, 0x00, 0x03, 0x00, 0x00 };
	for (unsigned n = 0; n < sizeof(b); n++)
		CHECK(decode(b, n, CODE64, &s) == -1);
	/* movw $imm,(%esi) in 32-bit code; without 0x66 in 16-bit code,
	 * movw $0x1234,0x300: the same ModR/M byte, a different length */
	const uint8_t imm16[] = { 0x66, 0xc7, 0x06, 0x00, 0x03, 0x34, 0x12 };
	for (unsigned n = 0; n < 5; n++)
		CHECK(decode(imm16, n, CODE32, &s) == -1);
	CHECK(decode(imm16, sizeof(imm16), CODE32, &s) == 0 && s.length == 5 &&
	      s.immediate == 0x300);
	CHECK(decode(imm16 + 1, sizeof(imm16) - 1, CODE16, &s) == 0 && s.length == 6 &&
	      s.immediate == 0x1234);
}

const struct unit_test mmio_decode_tests[] = {
	{ "decodes_kernel_stores", decodes_kernel_stores },
	{ "operand_sizes", operand_sizes },
	{ "addressing_16", addressing_16 },
	{ "string_moves", string_moves },
	{ "refuses_the_rest", refuses_the_rest },
};
const unsigned mmio_decode_test_count = sizeof(mmio_decode_tests) / sizeof(mmio_decode_tests[0]);

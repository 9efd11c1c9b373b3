/* Decoding the guest instruction that wrote to a write-protected MMIO page
 * (the xAPIC page): EPT gives the address but not the value, so the value is
 * taken from the instruction (SDM vol. 2, chapter 2: prefixes, REX, ModR/M,
 * SIB, displacement; the operand and address sizes of table 2-1 and 3.6).
 * The stores accepted, of 8, 16 or 32 bits, in 16-, 32- and 64-bit code:
 *   MOV r/m, r (88, 89 /r)     MOV r/m, imm (C6 /0, C7 /0)
 *   MOV moffs, AL/eAX (A2, A3) XCHG r/m, r (86, 87 /r)
 *   MOVS (A4, A5), with or without a REP prefix.
 * A 64-bit store (REX.W) is refused: no APIC register is 64 bits wide.
 * Pure: unit-tested on the host. */
#ifndef PLATFORM_MMIO_DECODE_H
#define PLATFORM_MMIO_DECODE_H
#include <stdbool.h>
#include <stdint.h>

#define MMIO_INSN_MAX 15

/* Where the stored value comes from. */
enum mmio_source {
	MMIO_FROM_REGISTER,     /* reg (and high_byte); XCHG also writes it */
	MMIO_FROM_IMMEDIATE,
	MMIO_FROM_MEMORY,       /* MOVS: segment:rSI, then rSI and rDI move */
};

/* Segment registers in the order of their VMCS fields (SDM appendix B). */
enum mmio_segment { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

struct mmio_store {
	unsigned length;        /* bytes of the whole instruction */
	unsigned size;          /* bytes stored: 1, 2 or 4 */
	unsigned address_size;  /* 2, 4 or 8: of rSI, rDI, rCX for MOVS */
	enum mmio_source source;
	bool is_exchange;       /* XCHG: the register also receives the old value */
	bool high_byte;         /* an 8-bit store of AH, CH, DH or BH (reg 0-3) */
	bool rep;               /* MOVS with REP: one element per exit, rCX counts */
	unsigned reg;           /* GPR number (0 RAX ... 15 R15) of MMIO_FROM_REGISTER */
	enum mmio_segment segment;      /* MOVS: the source's segment (DS unless overridden) */
	uint32_t immediate;
};

/* code holds `available` bytes at the guest RIP; code_size is the default
 * operand and address size of the code segment in bytes: 2 (CS.D = 0), 4
 * (CS.D = 1) or 8 (64-bit mode, CS.L = 1). Returns 0, or -1 for anything
 * else (another opcode, a register operand, a 64-bit store, bytes cut
 * short). */
int mmio_decode_store(const uint8_t *code, unsigned available, unsigned code_size,
		      struct mmio_store *out);

#endif

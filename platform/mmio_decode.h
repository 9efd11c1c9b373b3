/* Decoding the guest instruction that wrote to a write-protected MMIO page
 * (the xAPIC page): EPT gives the address but not the value, so the value is
 * taken from the instruction (SDM vol. 2, chapter 2: prefixes, REX, ModR/M,
 * SIB, displacement). Only the 32-bit stores a kernel uses for the APIC are
 * accepted: MOV r/m32, r32 (89 /r), MOV r/m32, imm32 (C7 /0),
 * MOV moffs32, EAX (A3) and XCHG r/m32, r32 (87 /r). Pure: unit-tested on the host. */
#ifndef PLATFORM_MMIO_DECODE_H
#define PLATFORM_MMIO_DECODE_H
#include <stdbool.h>
#include <stdint.h>

#define MMIO_INSN_MAX 15

struct mmio_store {
	unsigned length;        /* bytes of the whole instruction */
	bool is_immediate;
	bool is_exchange;       /* XCHG: the register also receives the old value */
	unsigned reg;           /* GPR number (0 RAX ... 15 R15) when not immediate */
	uint32_t immediate;
};

/* code holds `available` bytes at the guest RIP; long_mode is CS.L (64-bit
 * code), else 32-bit code with CS.D = 1. Returns 0, or -1 for anything else
 * (16-bit operands or addressing, other opcodes, a register operand). */
int mmio_decode_store(const uint8_t *code, unsigned available, bool long_mode,
		      struct mmio_store *out);

#endif

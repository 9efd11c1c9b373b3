/* See mmio_decode.h. */
#include "platform/mmio_decode.h"

static bool is_ignored_prefix(uint8_t b)
{
	/* segment overrides (the address is known from EPT); LOCK */
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65 ||
	       b == 0xf0;
}

/* Bytes of ModR/M, SIB and displacement for 32/64-bit addressing (SDM vol. 2
 * tables 2-2 and 2-3); 0 when the operand is a register or bytes run out. */
static unsigned modrm_length(const uint8_t *p, unsigned available)
{
	if (available < 1)
		return 0;
	unsigned mod = p[0] >> 6, rm = p[0] & 7, n = 1;
	if (mod == 3)
		return 0;
	if (rm == 4) {
		if (available < 2)
			return 0;
		n++;
		if (mod == 0 && (p[1] & 7) == 5)
			n += 4;         /* SIB with no base: disp32 */
	} else if (mod == 0 && rm == 5) {
		n += 4;                 /* disp32, RIP-relative in 64-bit mode */
	}
	n += mod == 1 ? 1 : mod == 2 ? 4 : 0;
	return n <= available ? n : 0;
}

int mmio_decode_store(const uint8_t *code, unsigned available, bool long_mode,
		      struct mmio_store *out)
{
	unsigned at = 0;
	uint8_t rex = 0;
	if (available > MMIO_INSN_MAX)
		available = MMIO_INSN_MAX;
	while (at < available && is_ignored_prefix(code[at]))
		at++;
	if (at < available && long_mode && (code[at] & 0xf0) == 0x40)
		rex = code[at++];
	if (at >= available || (rex & 0x08))
		return -1;              /* no opcode, or REX.W: a 64-bit store */
	uint8_t opcode = code[at++];
	if (opcode == 0xa3) {
		/* MOV moffs, EAX: the address follows, 8 bytes in 64-bit code */
		unsigned offset_size = long_mode ? 8 : 4;
		if (at + offset_size > available)
			return -1;
		*out = (struct mmio_store){ .length = at + offset_size, .reg = 0 };
		return 0;
	}
	if (opcode != 0x89 && opcode != 0x87 && opcode != 0xc7)
		return -1;
	unsigned modrm = modrm_length(code + at, available - at);
	if (!modrm)
		return -1;
	unsigned reg = (code[at] >> 3) & 7;
	*out = (struct mmio_store){ .is_exchange = opcode == 0x87 };
	at += modrm;
	if (opcode == 0xc7) {
		if (reg != 0 || at + 4 > available)
			return -1;
		out->is_immediate = true;
		out->immediate = (uint32_t)code[at] | (uint32_t)code[at + 1] << 8 |
				 (uint32_t)code[at + 2] << 16 | (uint32_t)code[at + 3] << 24;
		at += 4;
	} else {
		out->reg = reg | ((rex & 0x04) << 1);
	}
	out->length = at;
	return 0;
}

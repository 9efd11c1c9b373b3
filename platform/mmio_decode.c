/* See mmio_decode.h. */
#include "platform/mmio_decode.h"

#define PREFIX_OPERAND_SIZE 0x66
#define PREFIX_ADDRESS_SIZE 0x67
#define REX_W 0x08
#define REX_R 0x04

/* The legacy prefixes before the opcode (SDM vol. 2, 2.1.1). */
struct prefixes {
	bool operand_size, address_size, rep;
	enum mmio_segment segment;
	uint8_t rex;            /* 64-bit code: the REX byte right before the opcode */
};

static bool take_prefix(uint8_t b, struct prefixes *p)
{
	switch (b) {
	case 0x26: p->segment = SEG_ES; return true;
	case 0x2e: p->segment = SEG_CS; return true;
	case 0x36: p->segment = SEG_SS; return true;
	case 0x3e: p->segment = SEG_DS; return true;
	case 0x64: p->segment = SEG_FS; return true;
	case 0x65: p->segment = SEG_GS; return true;
	case PREFIX_OPERAND_SIZE: p->operand_size = true; return true;
	case PREFIX_ADDRESS_SIZE: p->address_size = true; return true;
	case 0xf2: case 0xf3: p->rep = true; return true;
	case 0xf0: return true;         /* LOCK */
	default: return false;
	}
}

/* Bytes of ModR/M, SIB and displacement (SDM vol. 2 tables 2-1, 2-2 and
 * 2-3); 0 when the operand is a register or the bytes run out. */
static unsigned modrm_length(const uint8_t *p, unsigned available, unsigned address_size)
{
	if (available < 1)
		return 0;
	unsigned mod = p[0] >> 6, rm = p[0] & 7, n = 1;
	if (mod == 3)
		return 0;
	if (address_size == 2) {
		/* 16-bit addressing: no SIB; mod 0 with rm 6 is a disp16 */
		n += (mod == 0 && rm == 6) || mod == 2 ? 2 : mod == 1 ? 1 : 0;
		return n <= available ? n : 0;
	}
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

static uint32_t little_endian(const uint8_t *p, unsigned size)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/* The register operand of ModR/M's reg field; for an 8-bit store without a
 * REX prefix, 4-7 are AH, CH, DH, BH (SDM vol. 2, 3.7.2.1). */
static void register_operand(uint8_t modrm, const struct prefixes *p, struct mmio_store *out)
{
	unsigned reg = (modrm >> 3) & 7;
	if (out->size == 1 && !p->rex && reg >= 4) {
		out->high_byte = true;
		reg -= 4;
	}
	out->reg = reg | ((p->rex & REX_R) << 1);
}

int mmio_decode_store(const uint8_t *code, unsigned available, unsigned code_size,
		      struct mmio_store *out)
{
	struct prefixes p = { .segment = SEG_DS };
	unsigned at = 0;
	if (available > MMIO_INSN_MAX)
		available = MMIO_INSN_MAX;
	for (; at < available; at++) {
		if (code_size == 8 && (code[at] & 0xf0) == 0x40) {
			p.rex = code[at];       /* counts only right before the opcode */
			continue;
		}
		if (!take_prefix(code[at], &p))
			break;
		p.rex = 0;
	}
	if (at >= available)
		return -1;
	uint8_t opcode = code[at++];
	switch (opcode) {
	case 0x88: case 0x89:           /* MOV r/m, r */
	case 0x86: case 0x87:           /* XCHG r/m, r */
	case 0xc6: case 0xc7:           /* MOV r/m, imm */
	case 0xa2: case 0xa3:           /* MOV moffs, AL/eAX */
	case 0xa4: case 0xa5:           /* MOVS */
		break;
	default:
		return -1;
	}
	bool byte_op = !(opcode & 1);   /* each pair: the even opcode stores a byte */
	if (!byte_op && (p.rex & REX_W))
		return -1;              /* a 64-bit store */
	unsigned operand = code_size == 2 ? (p.operand_size ? 4 : 2) : (p.operand_size ? 2 : 4);
	unsigned address = code_size == 8 ? (p.address_size ? 4 : 8)
			   : (p.address_size ? 6 - code_size : code_size);
	*out = (struct mmio_store){ .size = byte_op ? 1 : operand, .address_size = address,
				    .segment = p.segment };
	if (opcode == 0xa4 || opcode == 0xa5) {
		out->source = MMIO_FROM_MEMORY;
		out->rep = p.rep;
	} else if (opcode == 0xa2 || opcode == 0xa3) {
		/* MOV moffs, AL/eAX: the offset follows, of the address size */
		if (at + address > available)
			return -1;
		at += address;
	} else {
		unsigned modrm = modrm_length(code + at, available - at, address);
		if (!modrm)
			return -1;
		uint8_t modrm_byte = code[at];
		at += modrm;
		if (opcode == 0xc6 || opcode == 0xc7) {
			if (((modrm_byte >> 3) & 7) != 0 || at + out->size > available)
				return -1;      /* C6/C7 /0 only: MOV */
			out->source = MMIO_FROM_IMMEDIATE;
			out->immediate = little_endian(code + at, out->size);
			at += out->size;
		} else {
			out->is_exchange = opcode == 0x86 || opcode == 0x87;
			register_operand(modrm_byte, &p, out);
		}
	}
	out->length = at;
	return 0;
}

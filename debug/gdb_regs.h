/* The registers gdb sees, in the order of the target description the stub
 * sends (i386 for a guest outside long mode, i386:x86-64 in it), and their
 * encoding in g/G/p/P packets (little-endian hex; "xx" for a register the
 * stub cannot show: the x87 and SSE state). Pure: the description's XML,
 * the g packet and register decoding come from one table and are
 * unit-tested on the host. */
#ifndef DEBUG_GDB_REGS_H
#define DEBUG_GDB_REGS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a register's value lives; the target side (debug/gdb_stub.c) reads
 * and writes them. The first 15 follow struct guest_regs. */
enum gdb_reg_source {
	REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_RBP,
	REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
	REG_RSP, REG_RIP, REG_RFLAGS,
	REG_CS, REG_SS, REG_DS, REG_ES, REG_FS, REG_GS,
	REG_FS_BASE, REG_GS_BASE,
	REG_CR0, REG_CR2, REG_CR3, REG_CR4, REG_EFER,
	REG_UNAVAILABLE,                /* x87 and SSE: not shown */
};

struct gdb_reg {
	const char *name;
	unsigned bits;
	const char *type;               /* a type gdb predefines */
	const char *feature;            /* the XML feature it belongs to */
	enum gdb_reg_source source;
};

struct gdb_reg_layout {
	const char *architecture;       /* "i386" or "i386:x86-64" */
	const struct gdb_reg *regs;
	unsigned count;
};

const struct gdb_reg_layout *gdb_reg_layout(bool long_mode);

/* The target description (qXfer:features:read:target.xml). Returns its
 * length, or 0 if it does not fit in size bytes. */
size_t gdb_target_xml(const struct gdb_reg_layout *l, char *out, size_t size);

/* Reads a register's value; returns false if it cannot be shown. */
typedef bool (*gdb_reg_read_fn)(void *ctx, enum gdb_reg_source source, uint64_t *value);

/* Encodes register n (p) or all of them (g); returns the number of hex
 * digits written, or 0 if out (size bytes) is too small. */
size_t gdb_encode_register(const struct gdb_reg_layout *l, unsigned n, gdb_reg_read_fn read,
			   void *ctx, char *out, size_t size);
size_t gdb_encode_registers(const struct gdb_reg_layout *l, gdb_reg_read_fn read, void *ctx,
			    char *out, size_t size);

/* Decodes the value of register n from hex (P, or its part of G: offset
 * gdb_register_offset digits into the G data). Returns 0, or -1 if the
 * hex is not exactly the register's size or not hex. A register wider
 * than 64 bits (the unavailable ones) decodes to 0. */
int gdb_decode_register(const struct gdb_reg_layout *l, unsigned n, const char *hex,
			size_t length, uint64_t *value);
/* The offset of register n in a g/G packet, in hex digits; the total
 * length for n == count. */
size_t gdb_register_offset(const struct gdb_reg_layout *l, unsigned n);

#endif

/* The register tables and their encodings; see gdb_regs.h. The order and
 * the names are those gdb requires of the features org.gnu.gdb.i386.core
 * (general registers, then the x87 registers) and org.gnu.gdb.i386.sse;
 * org.gnu.gdb.i386.segments has the FS and GS bases. The control registers
 * are in a feature of our own, which gdb shows as extra registers. */
#include "debug/gdb_regs.h"
#include "debug/gdb_packet.h"
#include "lib/format.h"
#include "lib/string.h"

#define CORE "org.gnu.gdb.i386.core"
#define SSE "org.gnu.gdb.i386.sse"
#define SYSTEM "org.hypervisor.gdb.i386.sys"

#define UNSHOWN(name, bits, type, feature) { name, bits, type, feature, REG_UNAVAILABLE }
#define X87                                                                        \
	UNSHOWN("st0", 80, "i387_ext", CORE), UNSHOWN("st1", 80, "i387_ext", CORE),   \
	UNSHOWN("st2", 80, "i387_ext", CORE), UNSHOWN("st3", 80, "i387_ext", CORE),   \
	UNSHOWN("st4", 80, "i387_ext", CORE), UNSHOWN("st5", 80, "i387_ext", CORE),   \
	UNSHOWN("st6", 80, "i387_ext", CORE), UNSHOWN("st7", 80, "i387_ext", CORE),   \
	UNSHOWN("fctrl", 32, "int", CORE), UNSHOWN("fstat", 32, "int", CORE),         \
	UNSHOWN("ftag", 32, "int", CORE), UNSHOWN("fiseg", 32, "int", CORE),          \
	UNSHOWN("fioff", 32, "int", CORE), UNSHOWN("foseg", 32, "int", CORE),         \
	UNSHOWN("fooff", 32, "int", CORE), UNSHOWN("fop", 32, "int", CORE)
#define XMM(n) UNSHOWN("xmm" #n, 128, "uint128", SSE)
#define SELECTORS(type)                                                            \
	{ "cs", 32, type, CORE, REG_CS }, { "ss", 32, type, CORE, REG_SS },           \
	{ "ds", 32, type, CORE, REG_DS }, { "es", 32, type, CORE, REG_ES },           \
	{ "fs", 32, type, CORE, REG_FS }, { "gs", 32, type, CORE, REG_GS }
#define CONTROL(bits)                                                              \
	{ "cr0", bits, "int", SYSTEM, REG_CR0 }, { "cr2", bits, "int", SYSTEM, REG_CR2 }, \
	{ "cr3", bits, "int", SYSTEM, REG_CR3 }, { "cr4", bits, "int", SYSTEM, REG_CR4 }, \
	{ "efer", 64, "int", SYSTEM, REG_EFER }

static const struct gdb_reg i386_regs[] = {
	{ "eax", 32, "int32", CORE, REG_RAX }, { "ecx", 32, "int32", CORE, REG_RCX },
	{ "edx", 32, "int32", CORE, REG_RDX }, { "ebx", 32, "int32", CORE, REG_RBX },
	{ "esp", 32, "data_ptr", CORE, REG_RSP }, { "ebp", 32, "data_ptr", CORE, REG_RBP },
	{ "esi", 32, "int32", CORE, REG_RSI }, { "edi", 32, "int32", CORE, REG_RDI },
	{ "eip", 32, "code_ptr", CORE, REG_RIP }, { "eflags", 32, "int32", CORE, REG_RFLAGS },
	SELECTORS("int32"),
	X87,
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	UNSHOWN("mxcsr", 32, "int", SSE),
	{ "fs_base", 32, "int", SYSTEM, REG_FS_BASE },
	{ "gs_base", 32, "int", SYSTEM, REG_GS_BASE },
	CONTROL(32),
};

static const struct gdb_reg x86_64_regs[] = {
	{ "rax", 64, "int64", CORE, REG_RAX }, { "rbx", 64, "int64", CORE, REG_RBX },
	{ "rcx", 64, "int64", CORE, REG_RCX }, { "rdx", 64, "int64", CORE, REG_RDX },
	{ "rsi", 64, "int64", CORE, REG_RSI }, { "rdi", 64, "int64", CORE, REG_RDI },
	{ "rbp", 64, "data_ptr", CORE, REG_RBP }, { "rsp", 64, "data_ptr", CORE, REG_RSP },
	{ "r8", 64, "int64", CORE, REG_R8 }, { "r9", 64, "int64", CORE, REG_R9 },
	{ "r10", 64, "int64", CORE, REG_R10 }, { "r11", 64, "int64", CORE, REG_R11 },
	{ "r12", 64, "int64", CORE, REG_R12 }, { "r13", 64, "int64", CORE, REG_R13 },
	{ "r14", 64, "int64", CORE, REG_R14 }, { "r15", 64, "int64", CORE, REG_R15 },
	{ "rip", 64, "code_ptr", CORE, REG_RIP }, { "eflags", 32, "int32", CORE, REG_RFLAGS },
	SELECTORS("int32"),
	X87,
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	XMM(8), XMM(9), XMM(10), XMM(11), XMM(12), XMM(13), XMM(14), XMM(15),
	UNSHOWN("mxcsr", 32, "int", SSE),
	{ "fs_base", 64, "int", SYSTEM, REG_FS_BASE },
	{ "gs_base", 64, "int", SYSTEM, REG_GS_BASE },
	CONTROL(64),
};

static const struct gdb_reg_layout layouts[] = {
	{ "i386", i386_regs, sizeof(i386_regs) / sizeof(i386_regs[0]) },
	{ "i386:x86-64", x86_64_regs, sizeof(x86_64_regs) / sizeof(x86_64_regs[0]) },
};

const struct gdb_reg_layout *gdb_reg_layout(bool long_mode)
{
	return &layouts[long_mode ? 1 : 0];
}

struct text {
	char *out;
	size_t size, used;
	bool overflow;
};

static void append(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = format_buffer(t->out + t->used, t->size - t->used, fmt, ap);
	va_end(ap);
	if ((size_t)n >= t->size - t->used)
		t->overflow = true;
	else
		t->used += (size_t)n;
}

/* One <feature> per run of registers of the same feature, in table order;
 * gdb numbers the registers in the order they appear. */
size_t gdb_target_xml(const struct gdb_reg_layout *l, char *out, size_t size)
{
	struct text t = { out, size, 0, size == 0 };
	append(&t, "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
		   "<target><architecture>%s</architecture>", l->architecture);
	for (unsigned i = 0; i < l->count && !t.overflow; i++) {
		const struct gdb_reg *r = &l->regs[i];
		if (i == 0 || strcmp(r->feature, l->regs[i - 1].feature))
			append(&t, "%s<feature name=\"%s\">", i ? "</feature>" : "", r->feature);
		append(&t, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\"/>", r->name, r->bits,
		       r->type);
	}
	append(&t, "</feature></target>");
	return t.overflow ? 0 : t.used;
}

size_t gdb_register_offset(const struct gdb_reg_layout *l, unsigned n)
{
	size_t offset = 0;
	for (unsigned i = 0; i < n && i < l->count; i++)
		offset += l->regs[i].bits / 4;
	return offset;
}

size_t gdb_encode_register(const struct gdb_reg_layout *l, unsigned n, gdb_reg_read_fn read,
			   void *ctx, char *out, size_t size)
{
	if (n >= l->count)
		return 0;
	const struct gdb_reg *r = &l->regs[n];
	size_t digits = r->bits / 4;
	uint64_t value;
	if (digits > size)
		return 0;
	if (r->source == REG_UNAVAILABLE || !read(ctx, r->source, &value)) {
		memset(out, 'x', digits);
		return digits;
	}
	uint8_t bytes[8];
	for (unsigned i = 0; i < r->bits / 8; i++)
		bytes[i] = (uint8_t)(value >> (8 * i));
	gdb_hex_encode(bytes, r->bits / 8, out);
	return digits;
}

size_t gdb_encode_registers(const struct gdb_reg_layout *l, gdb_reg_read_fn read, void *ctx,
			    char *out, size_t size)
{
	size_t used = 0;
	for (unsigned n = 0; n < l->count; n++) {
		size_t digits = gdb_encode_register(l, n, read, ctx, out + used, size - used);
		if (!digits)
			return 0;
		used += digits;
	}
	return used;
}

int gdb_decode_register(const struct gdb_reg_layout *l, unsigned n, const char *hex,
			size_t length, uint64_t *value)
{
	if (n >= l->count || length != l->regs[n].bits / 4)
		return -1;
	uint8_t bytes[16];
	size_t count = length / 2;
	if (gdb_hex_decode(hex, count, bytes))
		return -1;
	*value = 0;
	for (size_t i = 0; i < count && i < 8; i++)
		*value |= (uint64_t)bytes[i] << (8 * i);
	if (count > 8)
		*value = 0;
	return 0;
}

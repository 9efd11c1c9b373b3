/* Parsing the GDB remote commands the stub serves into a struct. Pure:
 * unit-tested on the host. A packet that names a known command but is
 * malformed is an error (the stub replies E01); an unknown one is
 * GDB_UNSUPPORTED (the stub replies with an empty packet, as the protocol
 * asks). */
#ifndef DEBUG_GDB_COMMAND_H
#define DEBUG_GDB_COMMAND_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gdb_command_kind {
	GDB_UNSUPPORTED,
	GDB_STOP_REASON,                /* ? */
	GDB_READ_REGISTERS,             /* g */
	GDB_WRITE_REGISTERS,            /* G XX... */
	GDB_READ_REGISTER,              /* p n */
	GDB_WRITE_REGISTER,             /* P n=XX... */
	GDB_READ_MEMORY,                /* m addr,length */
	GDB_WRITE_MEMORY,               /* M addr,length:XX... */
	GDB_WRITE_MEMORY_BINARY,        /* X addr,length:bytes */
	GDB_CONTINUE,                   /* c [addr], vCont;c */
	GDB_STEP,                       /* s [addr], vCont;s[:thread][;c] */
	GDB_VCONT_QUERY,                /* vCont? */
	GDB_INSERT_BREAKPOINT,          /* Z type,addr,kind */
	GDB_REMOVE_BREAKPOINT,          /* z type,addr,kind */
	GDB_DETACH,                     /* D */
	GDB_KILL,                       /* k */
	GDB_QUERY_SUPPORTED,            /* qSupported[:features] */
	GDB_READ_FEATURES,              /* qXfer:features:read:annex:offset,length */
	GDB_SET_THREAD,                 /* Hg id, Hc id */
	GDB_THREAD_ALIVE,               /* T id */
	GDB_CURRENT_THREAD,             /* qC */
	GDB_FIRST_THREAD_INFO,          /* qfThreadInfo */
	GDB_NEXT_THREAD_INFO,           /* qsThreadInfo */
	GDB_QUERY_ATTACHED,             /* qAttached */
};

/* GDB breakpoint types (the Z/z packets' first field). */
enum gdb_breakpoint_type {
	GDB_BREAK_SOFTWARE = 0,
	GDB_BREAK_HARDWARE = 1,
	GDB_WATCH_WRITE = 2,
	GDB_WATCH_READ = 3,
	GDB_WATCH_ACCESS = 4,
};

struct gdb_command {
	enum gdb_command_kind kind;
	uint64_t address;               /* m M X Z z, and c/s with an address */
	uint64_t length;                /* m M X; Z/z kind (breakpoint size); qXfer length */
	uint64_t offset;                /* qXfer */
	unsigned number;                /* p P: register; Z z: type; H: 'g' or 'c' */
	int64_t thread;                 /* H T, vCont's step: -1 all, 0 any */
	bool has_address;               /* c/s resume at address */
	const char *data;               /* G P M (hex) X (binary) */
	size_t data_length;
	const char *annex;              /* qXfer: the file name */
	size_t annex_length;
};

/* Returns 0, or -1 for a known command that is malformed. */
int gdb_parse_command(const char *packet, size_t length, struct gdb_command *out);

#endif

/* The serial monitor's command language and its entry key sequence. Pure:
 * unit-tested on the host, malformed commands included. */
#ifndef DEBUG_MONITOR_PARSE_H
#define DEBUG_MONITOR_PARSE_H
#include <stddef.h>
#include <stdint.h>

enum monitor_verb {
	MON_HELP, MON_REGS, MON_VMCS, MON_STATS, MON_RING, MON_MEM, MON_VMEM, MON_XLATE,
	MON_FILTER, MON_STEP, MON_CONTINUE, MON_RESET, MON_POWEROFF, MON_CPUS, MON_CPU,
};

struct monitor_command {
	enum monitor_verb verb;
	unsigned argc;                  /* numbers parsed */
	uint64_t args[2];
	const char *word;               /* the text argument of vmcs and filter */
	size_t word_length;
};

/* Parses one line; returns 0, or -1 with a message (unknown command, missing
 * or extra argument, bad number). */
int monitor_parse(const char *line, struct monitor_command *out, char *err, size_t err_size);

/* The key sequence that enters the monitor: Ctrl-] then 'm'. Ctrl-] twice
 * sends one Ctrl-] to the guest; Ctrl-] then any other key sends both. */
#define MONITOR_ESCAPE 0x1d

struct escape_state {
	int pending;                    /* a Ctrl-] is held back */
};

/* Feeds one received byte: returns -1 to enter the monitor, else the number
 * of bytes (0-2) written to `deliver` for the guest. */
int escape_feed(struct escape_state *s, char c, char deliver[2]);

#endif

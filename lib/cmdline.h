/* The hypervisor's command line (from grub.cfg's multiboot2 line), parsed into
 * options. Pure: unit-tested on the host. Unknown options and bad values are
 * reported through the warning callback, naming them, and otherwise ignored. */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H
#include <stdbool.h>

struct hv_options {
	bool intercept_pf;      /* intercept=pf: trap guest #PF through the exception bitmap */
	bool trace_exits;       /* trace=exits: one line per VM exit */
	bool verbose;           /* verbose: more detail at boot */
	bool selftest_exception; /* selftest=exception: fault on purpose (tests the report) */
};

typedef void (*cmdline_warn_fn)(const char *message, void *ctx);

/* Returns the number of warnings issued. A NULL cmdline is an empty one. */
int cmdline_parse(const char *cmdline, struct hv_options *out, cmdline_warn_fn warn, void *ctx);

/* One line per option, for the boot log. */
void cmdline_describe(const struct hv_options *o, char *buf, unsigned size);

#endif

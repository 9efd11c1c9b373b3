/* The hypervisor's command line (from grub.cfg's multiboot2 line), parsed into
 * options. Pure: unit-tested on the host. Unknown options and bad values are
 * reported through the warning callback, naming them, and otherwise ignored. */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H
#include <stdbool.h>
#include "debug/trace_filter.h"

/* Faults the tests provoke on purpose, to check the reports. */
enum selftest {
	SELFTEST_NONE,
	SELFTEST_EXCEPTION,             /* a #UD in the hypervisor */
	SELFTEST_VMENTRY_FAILURE,       /* invalid guest state: VM entry fails */
	SELFTEST_VMFAIL,                /* invalid host state: VMLAUNCH fails */
	SELFTEST_DMA,                   /* QEMU's edu device DMAs into hypervisor memory */
	SELFTEST_XSETBV,                /* XSETBV handler: the CPU alone checks XCR0 */
	SELFTEST_NMI,                   /* an NMI in VMX root operation, at the first VMCALL */
};

/* selftest=vmentry-failure:GROUP: a VM entry that breaks one rule of that
 * group of SDM 26.2/26.3 (vmx/launch.c provoke_selftest); the plain
 * selftest=vmentry-failure breaks RFLAGS bit 1 (26.3.1.4). */
enum vmentry_failure_group {
	VMENTRY_FAILURE_RFLAGS_BIT_1,
	VMENTRY_FAILURE_CONTROLS,               /* 26.2.1.1: VM-instruction error 7 */
	VMENTRY_FAILURE_HOST,                   /* 26.2.4: error 8 */
	VMENTRY_FAILURE_SEGMENTS,               /* 26.3.1.2 */
	VMENTRY_FAILURE_CONTROL_REGISTERS,      /* 26.3.1.1 */
	VMENTRY_FAILURE_RIP_RFLAGS,             /* 26.3.1.4 */
	VMENTRY_FAILURE_ACTIVITY,               /* 26.3.1.5: activity and interruptibility */
	VMENTRY_FAILURE_EVENT_INJECTION,        /* 26.2.1.3: error 7 */
};

/* The serial monitor. Off by default: watching for its key sequence means
 * intercepting the guest's reads of the UART status, an exit for every poll
 * of a serial driver. Every other setting includes the key sequence. */
enum monitor_start {
	MONITOR_OFF,
	MONITOR_ON_KEYS,                /* Ctrl-] m while the guest reads the serial port */
	MONITOR_AT_BOOT,                /* before the first VM entry */
	MONITOR_ON_FATAL,               /* also when the guest is stopped for a fault */
};

/* Where the hypervisor's messages go. The screen is the one GRUB handed
 * over (arch/console.c); without one, `both` is the serial port alone. */
enum console_output {
	CONSOLE_BOTH,
	CONSOLE_SERIAL,
	CONSOLE_SCREEN,
};

/* The gdb stub (gdb=com2[,nowait], gdb=com1): its UART's base port, 0 if off. */
struct gdb_options {
	unsigned port;
	bool nowait;            /* the guest runs until gdb interrupts it */
};

struct hv_options {
	int intercept_pf;       /* intercept=pf: trap guest #PF through the exception bitmap */
	struct trace_filter trace;      /* trace=LIST: exits traced one line each */
	int monitor;            /* monitor=...: enum monitor_start */
	struct gdb_options gdb; /* gdb=PORT[,nowait] */
	int verbose;            /* verbose: more detail at boot */
	int selftest;           /* selftest=...: enum selftest */
	int vmentry_failure;    /* selftest=vmentry-failure:GROUP: enum vmentry_failure_group */
	int vmcheck;            /* vmcheck: the model of the VM-entry checks before entries */
	int iommu_off;          /* iommu=off: device DMA not confined (VT-d left alone) */
	int console;            /* console=...: enum console_output */
	int stats_ticks;        /* stats=ticks: TSC ticks per exit reason too */
};

typedef void (*cmdline_warn_fn)(const char *message, void *ctx);

/* Returns the number of warnings issued. A NULL cmdline is an empty one. */
int cmdline_parse(const char *cmdline, struct hv_options *out, cmdline_warn_fn warn, void *ctx);

/* One line per option, for the boot log. */
void cmdline_describe(const struct hv_options *o, char *buf, unsigned size);

#endif

/* The gdb stub's target side; see gdb_stub.h. Each vCPU is a thread, id
 * vCPU index + 1. A stop stops all: the vCPU that stops takes the stop (one
 * at a time), holds the others (debug/debugger_hold.c) and serves gdb's
 * packets in serve(). The stub runs on the processor of the thread gdb
 * chose with Hg, as VMREAD and VMWRITE reach only the current VMCS, and
 * memory is read through that vCPU's page tables: Hg hands the line to the
 * chosen vCPU, which waits held, serving when chosen. c and D release all;
 * s releases only the thread that steps, the others stay held until its
 * step ends. Each vCPU loads gdb's breakpoints, its step and a new RIP on
 * its own processor as it leaves the hold (gdb_stub_vcpu_resumes).
 * While the guest runs, the VMX-preemption timer (SDM 25.5.1) of the boot
 * vCPU exits on a bounded schedule and gdb_stub_poll() reads the line: 0x03
 * stops the guest with SIGINT, and a packet from a gdb that was not
 * attached attaches it. */
#include "debug/gdb_stub.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/percpu.h"
#include "arch/serial.h"
#include "debug/debug_exception.h"
#include "debug/debug_regs.h"
#include "debug/debugger_hold.h"
#include "debug/gdb_command.h"
#include "debug/gdb_packet.h"
#include "debug/gdb_regs.h"
#include "debug/guest_access.h"
#include "lib/format.h"
#include "lib/string.h"
#include "platform/io_ports.h"
#include "vmx/launch.h"
#include "vmx/vmcs.h"
#include "vmx/vmcs_setup.h"
#include "vmx/vmx.h"

#define SIGINT 2
#define SIGTRAP 5
#define SIGSEGV 11
#define SOFTWARE_BREAKPOINTS 32
#define INT3 0xcc
#define RFLAGS_FIXED (1ull << 1)
/* The preemption timer's period: about 5 ms of a 3 GHz TSC; in Bochs
 * (ticks are instructions) a fraction of a second of emulated time. */
#define POLL_TSC_TICKS (1ull << 24)
#define VMX_MISC_TIMER_RATE_MASK 0x1f
/* 115200 baud is a byte every 87 us: a packet whose next byte takes more
 * than this (about 45 ms at 3 GHz) is left for the next poll. */
#define PACKET_BYTE_TICKS (1ull << 27)
#define ERROR_BAD_PACKET "E01"
#define ERROR_FAULT "E0e"               /* EFAULT-like: address not accessible */
#define ERROR_NO_SLOT "E1c"             /* ENOSPC-like */
#define ERROR_NO_THREAD "E16"

struct software_breakpoint {
	uint64_t address;
	uint8_t saved;
	bool used;
};

static struct {
	uint16_t port;
	bool enabled, nowait, attached;
	bool packet_waiting;            /* the poll received a packet: serve it first */
	volatile bool killed;           /* k: the guest ends, no stop any more */
	volatile int stopping;          /* a stop, or a step with the others held */
	struct vcpu *volatile server;   /* the vCPU whose processor serves gdb now */
	struct vcpu *stopped;           /* the thread of the last stop reply */
	struct vcpu *volatile stepping; /* the thread that steps, the others held */
	struct vcpu *continue_thread;   /* Hc; 0: the one gdb chose with Hg */
	struct vcpu *volatile resume_vcpu;      /* c/s ADDR: the thread that resumes there */
	uint64_t resume_address;
	uint32_t timer_value;
	const struct gdb_reg_layout *layout;    /* fixed when gdb reads target.xml */
	struct gdb_rx rx;
	char stop_reply[48];
	char reply[GDB_PACKET_MAX + 1];
	char framed[2 * GDB_PACKET_MAX + 8];
	size_t framed_length;
	char xml[4096];
	struct software_breakpoint breakpoints[SOFTWARE_BREAKPOINTS];
} gdb;

/* ---- the line ---- */

static void send_framed(void)
{
	for (size_t i = 0; i < gdb.framed_length; i++)
		uart_write(gdb.port, gdb.framed[i]);
}

static void send_packet(const char *payload, size_t length)
{
	gdb.framed_length = gdb_frame(payload, length, gdb.framed, sizeof(gdb.framed));
	send_framed();
}

static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void reply(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = format_buffer(gdb.reply, sizeof(gdb.reply), fmt, ap);
	va_end(ap);
	send_packet(gdb.reply, (size_t)n < sizeof(gdb.reply) ? (size_t)n : sizeof(gdb.reply) - 1);
}

/* ---- registers ---- */

static bool long_mode(void)
{
	return vmread(GUEST_IA32_EFER) & EFER_LMA;
}

static const struct gdb_reg_layout *layout(void)
{
	return gdb.layout ? gdb.layout : gdb_reg_layout(long_mode());
}

static bool read_register(void *ctx, enum gdb_reg_source source, uint64_t *value)
{
	static const uint32_t vmcs_field[] = {
		[REG_RSP] = GUEST_RSP, [REG_RIP] = GUEST_RIP, [REG_RFLAGS] = GUEST_RFLAGS,
		[REG_CS] = GUEST_CS_SELECTOR, [REG_SS] = GUEST_SS_SELECTOR,
		[REG_DS] = GUEST_DS_SELECTOR, [REG_ES] = GUEST_ES_SELECTOR,
		[REG_FS] = GUEST_FS_SELECTOR, [REG_GS] = GUEST_GS_SELECTOR,
		[REG_FS_BASE] = GUEST_FS_BASE, [REG_GS_BASE] = GUEST_GS_BASE,
		[REG_CR3] = GUEST_CR3, [REG_EFER] = GUEST_IA32_EFER,
	};
	struct vcpu *v = ctx;
	if (source <= REG_R15)
		*value = (&v->regs.rax)[source];        /* struct guest_regs order */
	else if (source == REG_CR0)
		*value = guest_cr0();
	else if (source == REG_CR4)
		*value = guest_cr4();
	else if (source == REG_CR2)
		*value = read_cr2();            /* the hypervisor leaves CR2 the guest's */
	else if (source < REG_UNAVAILABLE)
		*value = vmread(vmcs_field[source]);
	else
		return false;
	return true;
}

/* gdb may change the general registers, RIP and the flags; the others
 * only to the value they have. */
static int write_register(struct vcpu *v, enum gdb_reg_source source, uint64_t value)
{
	uint64_t current;
	if (source <= REG_R15)
		(&v->regs.rax)[source] = value;
	else if (source == REG_RSP)
		vmcs_write(GUEST_RSP, value);
	else if (source == REG_RIP)
		vmcs_write(GUEST_RIP, value);
	else if (source == REG_RFLAGS)
		vmcs_write(GUEST_RFLAGS, value | RFLAGS_FIXED);
	else if (source < REG_UNAVAILABLE && read_register(v, source, &current) &&
		 current != value)
		return -1;
	return 0;
}

/* A 32-bit layout writes the low halves: keep the upper ones. */
static uint64_t merge_width(struct vcpu *v, enum gdb_reg_source source, unsigned bits,
			    uint64_t value)
{
	uint64_t current = 0;
	if (bits >= 64 || source >= REG_UNAVAILABLE || !read_register(v, source, &current))
		return value;
	uint64_t mask = (1ull << bits) - 1;
	return (current & ~mask) | (value & mask);
}

static void write_one_register(struct vcpu *v, const struct gdb_command *c)
{
	const struct gdb_reg_layout *l = layout();
	uint64_t value;
	if (gdb_decode_register(l, c->number, c->data, c->data_length, &value)) {
		reply(ERROR_BAD_PACKET);
		return;
	}
	const struct gdb_reg *r = &l->regs[c->number];
	if (r->source != REG_UNAVAILABLE &&
	    write_register(v, r->source, merge_width(v, r->source, r->bits, value))) {
		reply(ERROR_BAD_PACKET);
		return;
	}
	reply("OK");
}

static void write_all_registers(struct vcpu *v, const struct gdb_command *c)
{
	const struct gdb_reg_layout *l = layout();
	if (c->data_length != gdb_register_offset(l, l->count)) {
		reply(ERROR_BAD_PACKET);
		return;
	}
	for (unsigned n = 0; n < l->count; n++) {
		const struct gdb_reg *r = &l->regs[n];
		size_t at = gdb_register_offset(l, n);
		uint64_t value;
		if (r->source == REG_UNAVAILABLE ||
		    gdb_decode_register(l, n, c->data + at, r->bits / 4, &value))
			continue;               /* "xx": gdb does not know it either */
		write_register(v, r->source, merge_width(v, r->source, r->bits, value));
	}
	reply("OK");
}

/* ---- memory and software breakpoints ---- */

/* gdb sees guest memory as it was before the stub's INT3s. */
static void hide_breakpoints(uint64_t address, uint8_t *bytes, size_t length)
{
	for (unsigned i = 0; i < SOFTWARE_BREAKPOINTS; i++) {
		const struct software_breakpoint *b = &gdb.breakpoints[i];
		if (b->used && b->address - address < length)
			bytes[b->address - address] = b->saved;
	}
}

static void read_memory(const struct gdb_command *c)
{
	static uint8_t bytes[GDB_PACKET_MAX / 2];
	size_t length = c->length < sizeof(bytes) ? c->length : sizeof(bytes);
	size_t got = guest_virtual_read(c->address, bytes, length);
	if (got == 0 && length) {
		reply(ERROR_FAULT);
		return;
	}
	hide_breakpoints(c->address, bytes, got);
	gdb_hex_encode(bytes, got, gdb.reply);
	send_packet(gdb.reply, 2 * got);
}

static void write_memory(const struct gdb_command *c)
{
	static uint8_t bytes[GDB_PACKET_MAX];
	const void *data = c->data;
	if (c->kind == GDB_WRITE_MEMORY) {
		if (gdb_hex_decode(c->data, c->length, bytes)) {
			reply(ERROR_BAD_PACKET);
			return;
		}
		data = bytes;
	}
	reply(guest_virtual_write(c->address, data, c->length) == c->length ? "OK" : ERROR_FAULT);
}

static struct software_breakpoint *find_breakpoint(uint64_t address)
{
	for (unsigned i = 0; i < SOFTWARE_BREAKPOINTS; i++)
		if (gdb.breakpoints[i].used && gdb.breakpoints[i].address == address)
			return &gdb.breakpoints[i];
	return 0;
}

static const char *insert_software_breakpoint(uint64_t address)
{
	static const uint8_t int3 = INT3;
	if (find_breakpoint(address))
		return "OK";
	struct software_breakpoint *free = find_breakpoint(0);
	for (unsigned i = 0; !free && i < SOFTWARE_BREAKPOINTS; i++)
		if (!gdb.breakpoints[i].used)
			free = &gdb.breakpoints[i];
	if (!free)
		return ERROR_NO_SLOT;
	if (!guest_virtual_read(address, &free->saved, 1) ||
	    !guest_virtual_write(address, &int3, 1))
		return ERROR_FAULT;
	free->address = address;
	free->used = true;
	return "OK";
}

static const char *remove_software_breakpoint(uint64_t address)
{
	struct software_breakpoint *b = find_breakpoint(address);
	if (!b)
		return "OK";
	b->used = false;
	return guest_virtual_write(address, &b->saved, 1) ? "OK" : ERROR_FAULT;
}

static void remove_all_breakpoints(void)
{
	for (unsigned i = 0; i < SOFTWARE_BREAKPOINTS; i++)
		if (gdb.breakpoints[i].used)
			remove_software_breakpoint(gdb.breakpoints[i].address);
	debug_regs_clear();             /* each vCPU gets its own back (gdb_stub_vcpu_resumes) */
}

static void breakpoint(struct vcpu *v, const struct gdb_command *c)
{
	bool insert = c->kind == GDB_INSERT_BREAKPOINT;
	if (c->number == GDB_BREAK_SOFTWARE) {
		reply("%s", insert ? insert_software_breakpoint(c->address)
				   : remove_software_breakpoint(c->address));
		return;
	}
	int rc = insert ? debug_regs_insert(v, c->number, c->address, c->length)
			: debug_regs_remove(v, c->number, c->address, c->length);
	debug_intercept_exception(VECTOR_DB, debug_regs_in_use());
	reply(rc ? ERROR_NO_SLOT : "OK");
}

/* ---- threads: one per vCPU held for gdb ---- */

static unsigned thread_of(const struct vcpu *v)
{
	return v->cpu + 1;
}

/* The vCPU of a thread id, if it is held for gdb (and so can serve). */
static struct vcpu *vcpu_of_thread(int64_t id)
{
	if (id < 1 || id > cpu_count)
		return 0;
	struct vcpu *v = vcpu_of_cpu((unsigned)id - 1);
	return debugger_is_held(v) ? v : 0;
}

static void thread_list(void)
{
	size_t n = 0;
	for (unsigned i = 0; i < cpu_count; i++)
		if (debugger_is_held(vcpu_of_cpu(i)))
			n += (size_t)format_string(gdb.reply + n, sizeof(gdb.reply) - n, "%c%x",
						   n ? ',' : 'm', thread_of(vcpu_of_cpu(i)));
	send_packet(gdb.reply, n);
}

/* Hg hands the line to the chosen thread's processor after the reply; Hc
 * names the thread that s and c resume. 0 and -1 keep the current one. */
static void set_thread(const struct gdb_command *c)
{
	struct vcpu *t = vcpu_of_thread(c->thread);
	if (c->thread > 0 && !t) {
		reply(ERROR_NO_THREAD);
		return;
	}
	if (c->number == 'c')
		gdb.continue_thread = t;
	reply("OK");
	if (c->number == 'g' && t)
		__atomic_store_n(&gdb.server, t, __ATOMIC_SEQ_CST);
}

/* ---- the session ---- */

static void target_description(const struct gdb_command *c)
{
	if (c->annex_length != 10 || strncmp(c->annex, "target.xml", 10)) {
		reply("E00");
		return;
	}
	if (!gdb.layout)
		gdb.layout = gdb_reg_layout(long_mode());
	size_t length = gdb_target_xml(gdb.layout, gdb.xml, sizeof(gdb.xml));
	if (c->offset >= length) {
		reply("l");
		return;
	}
	size_t chunk = length - c->offset;
	if (chunk > c->length)
		chunk = c->length;
	if (chunk > GDB_PACKET_MAX - 1)
		chunk = GDB_PACKET_MAX - 1;
	gdb.reply[0] = c->offset + chunk < length ? 'm' : 'l';
	memcpy(gdb.reply + 1, gdb.xml + c->offset, chunk);
	send_packet(gdb.reply, chunk + 1);
}

/* The thread a resume acts on: vCont's, Hc's, or the one serving. */
static struct vcpu *resume_target(struct vcpu *v, const struct gdb_command *c)
{
	struct vcpu *t = vcpu_of_thread(c->thread);
	return t ? t : gdb.continue_thread ? gdb.continue_thread : v;
}

/* Ends the stop: every vCPU loads gdb's state as it leaves the hold. A
 * step releases only the thread that steps; the stop stays taken, and the
 * end of the step is that thread's stop (take_the_stop). */
static void resume(struct vcpu *v, const struct gdb_command *c)
{
	struct vcpu *target = resume_target(v, c);
	gdb.resume_address = c->address;
	gdb.resume_vcpu = c->has_address ? target : 0;
	debugger_reload_all();
	__atomic_store_n(&gdb.server, 0, __ATOMIC_SEQ_CST);
	if (c->kind == GDB_STEP) {
		gdb.stepping = target;
		debugger_release(target);
		return;
	}
	for (unsigned i = 0; i < cpu_count; i++)
		debugger_release(vcpu_of_cpu(i));
	__atomic_store_n(&gdb.stopping, 0, __ATOMIC_RELEASE);
}

static void detach(struct vcpu *v)
{
	remove_all_breakpoints();
	gdb.attached = false;
	gdb.layout = 0;
	gdb.continue_thread = 0;
	reply("OK");
	printk("gdb: detached; the guest runs on\n");
	resume(v, &(struct gdb_command){ .kind = GDB_CONTINUE });
}

/* The guest ends from here (end_guest); the others stay held until then. */
static void kill(struct vcpu *v)
{
	printk("gdb: the debugger killed the guest\n");
	gdb.killed = true;
	v->state = GUEST_KILLED;
	__atomic_store_n(&gdb.server, 0, __ATOMIC_SEQ_CST);
	debugger_release(v);
}

/* Serves one packet on v's processor. */
static void serve_packet(struct vcpu *v, const struct gdb_command *c)
{
	switch (c->kind) {
	case GDB_UNSUPPORTED: reply("%s", ""); break;
	case GDB_QUERY_SUPPORTED:
		reply("PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+",
		      GDB_PACKET_MAX);
		break;
	case GDB_READ_FEATURES: target_description(c); break;
	case GDB_STOP_REASON:
		gdb.attached = true;
		reply("%s", gdb.stop_reply);
		break;
	case GDB_READ_REGISTERS: {
		size_t n = gdb_encode_registers(layout(), read_register, v, gdb.reply,
						sizeof(gdb.reply));
		send_packet(gdb.reply, n);
		break;
	}
	case GDB_READ_REGISTER: {
		size_t n = gdb_encode_register(layout(), c->number, read_register, v, gdb.reply,
					       sizeof(gdb.reply));
		n ? send_packet(gdb.reply, n) : reply(ERROR_BAD_PACKET);
		break;
	}
	case GDB_WRITE_REGISTERS: write_all_registers(v, c); break;
	case GDB_WRITE_REGISTER: write_one_register(v, c); break;
	case GDB_READ_MEMORY: read_memory(c); break;
	case GDB_WRITE_MEMORY:
	case GDB_WRITE_MEMORY_BINARY: write_memory(c); break;
	case GDB_INSERT_BREAKPOINT:
	case GDB_REMOVE_BREAKPOINT: breakpoint(v, c); break;
	case GDB_VCONT_QUERY: reply("vCont;c;C;s;S"); break;
	case GDB_CONTINUE:
	case GDB_STEP: resume(v, c); break;
	case GDB_DETACH: detach(v); break;
	case GDB_KILL: kill(v); break;
	case GDB_SET_THREAD: set_thread(c); break;
	case GDB_THREAD_ALIVE: reply(vcpu_of_thread(c->thread) ? "OK" : ERROR_NO_THREAD); break;
	case GDB_CURRENT_THREAD: reply("QC%x", thread_of(gdb.stopped)); break;
	case GDB_FIRST_THREAD_INFO: thread_list(); break;
	case GDB_NEXT_THREAD_INFO: reply("l"); break;
	case GDB_QUERY_ATTACHED: reply("1"); break;
	}
}

static void serve_received(struct vcpu *v)
{
	struct gdb_command c;
	uart_write(gdb.port, '+');
	if (gdb_parse_command(gdb.rx.data, gdb.rx.length, &c)) {
		reply(ERROR_BAD_PACKET);
		return;
	}
	serve_packet(v, &c);
}

static void take_byte(struct vcpu *v, char byte)
{
	switch (gdb_rx_feed(&gdb.rx, byte)) {
	case GDB_RX_PACKET: serve_received(v); break;
	case GDB_RX_BAD: uart_write(gdb.port, '-'); break;
	case GDB_RX_NAK: send_framed(); break;
	default: break;                 /* an ACK, or 0x03 while stopped */
	}
}

/* The guest is stopped and gdb chose v: serve until gdb resumes the guest
 * or chooses another thread. */
static void serve(struct vcpu *v)
{
	char byte;
	if (gdb.packet_waiting) {
		gdb.packet_waiting = false;
		serve_received(v);
	}
	while (__atomic_load_n(&gdb.server, __ATOMIC_SEQ_CST) == v) {
		if (uart_try_read(gdb.port, &byte))
			take_byte(v, byte);
		else
			__asm__ volatile("pause");
	}
}

void gdb_stub_serve_if_chosen(struct vcpu *v)
{
	if (__atomic_load_n(&gdb.server, __ATOMIC_SEQ_CST) == v)
		serve(v);
}

/* One stop at a time: a vCPU that stops while another's stop is served
 * waits held (gdb may inspect it), and stops once gdb resumes. The end of
 * a step is the stepping thread's: the others are held already. False if
 * the guest ends meanwhile (gdb's k may come while v waits here). */
static bool take_the_stop(struct vcpu *v)
{
	for (;;) {
		if (gdb.stepping == v) {
			gdb.stepping = 0;
			return true;
		}
		if (!__atomic_exchange_n(&gdb.stopping, 1, __ATOMIC_ACQUIRE))
			return true;
		if (guest_is_ending() || gdb.killed)
			return false;
		debugger_take_request(v);
		__asm__ volatile("pause");
	}
}

/* v stopped for gdb: every other vCPU leaves the guest, then gdb hears of
 * the stop and is served (from v's processor first) until it resumes v. */
static void stop(struct vcpu *v, int signal, const char *reason)
{
	if (!take_the_stop(v))
		return;
	if (v->stepping)
		guest_step_end(v);      /* a breakpoint or fault came first */
	debugger_hold_others(v);
	format_string(gdb.stop_reply, sizeof(gdb.stop_reply), "T%02xthread:%x;%s", signal,
		      thread_of(v), reason);
	gdb.stopped = v;
	gdb.server = v;
	debugger_hold(v);
	if (gdb.attached)
		reply("%s", gdb.stop_reply);
	debugger_take_request(v);
}

/* ---- the hypervisor's side ---- */

/* The UART's registers read as a missing device's (all ones); writes
 * vanish: the guest sees no serial port there. */
static void port_taken(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	(void)v;
	if (a->in)
		*value = 0xffffffff;
}

void gdb_stub_init(struct vmx_bitmaps *b, const struct gdb_options *o)
{
	if (!o->port)
		return;
	gdb.port = (uint16_t)o->port;
	gdb.enabled = true;
	gdb.nowait = o->nowait;
	gdb_rx_reset(&gdb.rx);
	debugger_reload_all();          /* each vCPU intercepts #BP from its first entry */
	if (gdb.port != COM1_PORT)
		uart_init(gdb.port);            /* COM1 is the console's, set up at boot */
	for (uint16_t p = 0; p < UART_PORT_COUNT; p++)
		io_intercept_port(b, gdb.port + p, port_taken);
}

/* SDM 25.5.1: the timer counts down at the TSC rate shifted right by
 * IA32_VMX_MISC[4:0]; with "save VMX-preemption timer value" the count
 * goes on across exits, so the poll comes on a bounded schedule however
 * often the guest exits. */
static void start_poll_timer(void)
{
	uint32_t pin_allowed = (uint32_t)(vmx_caps.pin >> 32);
	uint32_t exit_allowed = (uint32_t)(vmx_caps.exit >> 32);
	if (!(pin_allowed & PIN_BASED_VMX_PREEMPTION_TIMER) ||
	    !(exit_allowed & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER)) {
		printk("gdb: the CPU has no VMX-preemption timer: gdb's interrupt (Ctrl-C) "
		       "is not seen while the guest runs\n");
		return;
	}
	gdb.timer_value = (uint32_t)(POLL_TSC_TICKS >> (vmx_caps.misc & VMX_MISC_TIMER_RATE_MASK));
	vmcs_write(PIN_BASED_VM_EXEC_CONTROL,
		   vmread(PIN_BASED_VM_EXEC_CONTROL) | PIN_BASED_VMX_PREEMPTION_TIMER);
	vmcs_write(VM_EXIT_CONTROLS, vmread(VM_EXIT_CONTROLS) | VM_EXIT_SAVE_VMX_PREEMPTION_TIMER);
	vmcs_write(VMX_PREEMPTION_TIMER_VALUE, gdb.timer_value);
}

void gdb_stub_start(struct vcpu *v)
{
	if (!gdb.enabled)
		return;
	start_poll_timer();
	if (gdb.nowait) {
		printk("gdb: stub on port 0x%x (115200 8N1); the guest runs, attach at any time\n",
		       gdb.port);
		return;
	}
	printk("gdb: stub on port 0x%x (115200 8N1); waiting for gdb to attach\n", gdb.port);
	stop(v, SIGTRAP, "");
}

/* The next byte of the line; inside a packet, waits up to PACKET_BYTE_TICKS
 * for it: a packet is read whole at once, not 16 bytes (the UART's FIFO)
 * per poll, which would take gdb's patience (it sends it again). */
static bool next_byte(char *byte)
{
	uint64_t start = rdtsc();
	do {
		if (uart_try_read(gdb.port, byte))
			return true;
	} while (gdb.rx.state != RX_IDLE && rdtsc() - start < PACKET_BYTE_TICKS);
	return false;
}

void gdb_stub_poll(struct vcpu *v)
{
	char byte;
	vmcs_write(VMX_PREEMPTION_TIMER_VALUE, gdb.timer_value);
	if (__atomic_load_n(&gdb.stopping, __ATOMIC_ACQUIRE))
		return;                 /* another vCPU has the line */
	while (v->state == GUEST_RUNNING && next_byte(&byte)) {
		enum gdb_rx_event e = gdb_rx_feed(&gdb.rx, byte);
		if (e == GDB_RX_INTERRUPT && gdb.attached) {
			stop(v, SIGINT, "");
			return;
		}
		if (e == GDB_RX_PACKET) {       /* gdb attaching to the running guest */
			gdb.packet_waiting = true;
			stop(v, SIGINT, "");
			return;
		}
		if (e == GDB_RX_BAD)
			uart_write(gdb.port, '-');
	}
}

bool gdb_stub_needs_debug_exceptions(void)
{
	return debug_regs_in_use();
}

bool gdb_stub_step_done(struct vcpu *v)
{
	if (gdb.stepping != v)
		return false;
	stop(v, SIGTRAP, "");
	return true;
}

/* On v's own processor, as it leaves the hold: gdb's #BP interception and
 * breakpoints, a new RIP (c/s ADDR), its step. */
void gdb_stub_vcpu_resumes(struct vcpu *v)
{
	debug_intercept_exception(VECTOR_BP, gdb.enabled);
	debug_regs_load(v);
	if (gdb.resume_vcpu == v) {
		gdb.resume_vcpu = 0;
		vmcs_write(GUEST_RIP, gdb.resume_address);
	}
	if (gdb.stepping == v && !v->stepping)
		guest_step_start(v);
	debug_intercept_exception(VECTOR_DB, debug_regs_in_use() || v->stepping);
}

/* An intercepted INT3 is not delivered: the exit saves the RIP of the INT3
 * itself and its length (SDM 27.1, 27.2.4). gdb's breakpoints stop; the
 * guest's own INT3 is delivered to it as the software exception it was
 * (SDM 26.5.1: with its instruction length). */
static void breakpoint_hit(struct vcpu *v)
{
	if (gdb.attached && find_breakpoint(vmread(GUEST_RIP))) {
		stop(v, SIGTRAP, "swbreak:;");
		return;
	}
	vcpu_queue_event(INTR_INFO_EVENT(INTR_TYPE_SOFT_EXCEPTION, VECTOR_BP), 0,
			 (uint32_t)vmread(VM_EXIT_INSTRUCTION_LEN));
}

/* A #DB with gdb's slots armed: gdb's hit, or the guest's own. An
 * instruction breakpoint is a fault, so RF lets the guest run past it. */
static void debug_hit(struct vcpu *v)
{
	static const char *const watch_kind[] = { [GDB_WATCH_WRITE] = "watch",
						  [GDB_WATCH_READ] = "rwatch",
						  [GDB_WATCH_ACCESS] = "awatch" };
	uint64_t qualification = v->exit->qualification, address;
	unsigned type;
	char reason[40];
	if (!gdb.attached || !debug_regs_hit(qualification, &type, &address)) {
		debug_regs_reflect(v, qualification);
		return;
	}
	if (type == GDB_BREAK_HARDWARE) {
		vmcs_write(GUEST_RFLAGS, vmread(GUEST_RFLAGS) | RFLAGS_RF);
		format_string(reason, sizeof(reason), "hwbreak:;");
	} else {
		format_string(reason, sizeof(reason), "%s:%llx;", watch_kind[type],
			      (unsigned long long)address);
	}
	stop(v, SIGTRAP, reason);
}

bool gdb_stub_exception(struct vcpu *v, unsigned vector)
{
	if (!gdb.enabled)
		return false;
	if (vector == VECTOR_BP)
		breakpoint_hit(v);
	else
		debug_hit(v);
	return true;
}

void gdb_stub_guest_stopped(struct vcpu *v)
{
	if (gdb.enabled && gdb.attached)
		stop(v, SIGSEGV, "");
}

/* gdb waits for a stop reply: the end is W (exit status) or X (signal). */
void gdb_stub_guest_ended(const struct vcpu *v)
{
	if (!gdb.enabled || !gdb.attached)
		return;
	if (v->state == GUEST_EXITED)
		reply("W%02x", v->exit_status & 0xff);
	else if (v->state == GUEST_KILLED)
		reply("X%02x", SIGSEGV);
	else
		reply("W00");
}

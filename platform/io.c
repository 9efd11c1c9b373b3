/* I/O instructions (SDM vol. 3C 27.2.1, table 27-5). Only the ports set in
 * the I/O bitmap exit; the guest owns every other port directly. */
#include "vmx/exit.h"
#include "arch/console.h"
#include "platform/io_ports.h"
#include "vmx/bitmaps.h"
#include "vmx/vmcs.h"

#define MAX_INTERCEPTED_PORTS 32

static io_port_handler_fn handlers[MAX_INTERCEPTED_PORTS];
static unsigned handler_count;
/* 1 + the index in handlers of each port's handler, 0 for none: the
 * handler of an exit's port in one load. */
static uint8_t handler_of_port[65536];

void io_intercept_port(struct vmx_bitmaps *b, uint16_t port, io_port_handler_fn fn)
{
	if (handler_count == MAX_INTERCEPTED_PORTS)
		panic("too many intercepted I/O ports");
	handlers[handler_count++] = fn;
	handler_of_port[port] = (uint8_t)handler_count;
	bitmaps_intercept_port(b, port);
}

/* The access as the guest made it, on the real port. */
void io_pass_through(const struct io_access *a, uint32_t *value)
{
	if (a->in) {
		if (a->size == 1)
			__asm__ volatile("inb %w1, %b0" : "=a"(*value) : "Nd"(a->port));
		else if (a->size == 2)
			__asm__ volatile("inw %w1, %w0" : "=a"(*value) : "Nd"(a->port));
		else
			__asm__ volatile("inl %w1, %0" : "=a"(*value) : "Nd"(a->port));
	} else {
		if (a->size == 1)
			__asm__ volatile("outb %b0, %w1" ::"a"(*value), "Nd"(a->port));
		else if (a->size == 2)
			__asm__ volatile("outw %w0, %w1" ::"a"(*value), "Nd"(a->port));
		else
			__asm__ volatile("outl %0, %w1" ::"a"(*value), "Nd"(a->port));
	}
}

static struct io_access decode(uint64_t q)
{
	return (struct io_access){
		.size = (unsigned)(q & 7) + 1,
		.in = q & (1u << 3),
		.string = q & (1u << 4),
		.rep = q & (1u << 5),
		.port = (uint16_t)(q >> 16),
	};
}

/* Port 0xf4 (QEMU's isa-debug-exit convention): the guest ends the run and
 * gives its status. */
static void guest_exit_port(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	if (a->in) {
		*value = 0xffffffff;
		return;
	}
	v->exit_status = (int)(*value & 0xff);
	v->state = GUEST_EXITED;
}

void io_intercept_exit_port(struct vmx_bitmaps *b)
{
	io_intercept_port(b, IO_PORT_GUEST_EXIT, guest_exit_port);
}

/* As the bus splits a wide access to 8-bit registers (an OUTW to 0x91
 * writes 0x92). */
void io_access_bytewise(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	uint32_t result = 0;
	for (unsigned i = 0; i < a->size && v->state == GUEST_RUNNING; i++) {
		struct io_access byte = { .port = (uint16_t)(a->port + i), .size = 1, .in = a->in };
		uint32_t part = (*value >> (8 * i)) & 0xff;
		unsigned handler = handler_of_port[byte.port];
		if (handler)
			handlers[handler - 1](v, &byte, &part);
		else
			io_pass_through(&byte, &part);
		result |= (part & 0xff) << (8 * i);
	}
	if (a->in)
		*value = result;
}

/* An access exits when any byte it touches is intercepted (SDM 25.1.3): one
 * that starts at a handled port goes to its handler, any other is split
 * into its bytes (platform/smram.c handles 0xcf8, whose dword touches 0xcf9). */
void handle_io_instruction(struct vcpu *v)
{
	static const uint32_t size_mask[5] = { 0, 0xff, 0xffff, 0, 0xffffffff };
	struct io_access a = decode(v->exit->qualification);
	if (a.string) {
		vcpu_kill(v, "string I/O (%s) at intercepted port 0x%x is not emulated",
			  a.in ? "INS" : "OUTS", a.port);
		return;
	}
	uint32_t mask = size_mask[a.size];
	uint32_t value = (uint32_t)v->regs.rax & mask;
	unsigned handler = handler_of_port[a.port];
	if (handler)
		handlers[handler - 1](v, &a, &value);
	else
		io_access_bytewise(v, &a, &value);
	/* IN to EAX clears bits 63:32, like any 32-bit register write. */
	if (a.in)
		v->regs.rax = a.size == 4 ? value : (v->regs.rax & ~(uint64_t)mask) | (value & mask);
	vcpu_skip_instruction(v);
}

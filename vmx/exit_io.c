/* I/O instructions (SDM vol. 3C 27.2.1, table 27-5). Only the ports set in
 * the I/O bitmap exit; the guest owns every other port directly. */
#include "vmx/exit.h"
#include "arch/console.h"
#include "vmx/io_ports.h"
#include "vmx/vmcs.h"

struct io_access {
	uint16_t port;
	unsigned size;          /* 1, 2 or 4 bytes */
	bool in;
	bool string;
	bool rep;
};

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
	v->state = GUEST_STOPPED;
}

static const struct io_port_handler {
	uint16_t port;
	void (*fn)(struct vcpu *v, const struct io_access *a, uint32_t *value);
} io_port_handlers[] = {
	{ IO_PORT_GUEST_EXIT, guest_exit_port },
};

void handle_io_instruction(struct vcpu *v)
{
	struct io_access a = decode(v->exit.qualification);
	if (a.string) {
		vcpu_kill(v, "string I/O (%s) to intercepted port 0x%x is not emulated",
			  a.in ? "INS" : "OUTS", a.port);
		return;
	}
	uint32_t mask = a.size == 4 ? 0xffffffffu : (1u << (8 * a.size)) - 1;
	uint32_t value = (uint32_t)v->regs.rax & mask;
	for (unsigned i = 0; i < sizeof(io_port_handlers) / sizeof(io_port_handlers[0]); i++) {
		if (io_port_handlers[i].port != a.port)
			continue;
		io_port_handlers[i].fn(v, &a, &value);
		/* IN to EAX clears bits 63:32, like any 32-bit register write. */
		if (a.in)
			v->regs.rax = a.size == 4 ? value
						  : (v->regs.rax & ~(uint64_t)mask) | (value & mask);
		vcpu_skip_instruction(v);
		return;
	}
	vcpu_kill(v, "I/O %s of %u bytes at intercepted port 0x%x has no handler",
		  a.in ? "read" : "write", a.size, a.port);
}

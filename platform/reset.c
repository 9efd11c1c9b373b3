/* See reset.h. The ports stay the guest's: reads and every other write are
 * passed to the hardware as the guest made them. */
#include "platform/reset.h"
#include "lib/spinlock.h"
#include "platform/io_ports.h"

#define RESET_CONTROL_PORT 0xcf9
#define RESET_CONTROL_RST_CPU (1u << 2)
#define SYSTEM_CONTROL_PORT_A 0x92
#define PORT_A_FAST_RESET (1u << 0)
#define PORT_A_A20 (1u << 1)
#define KBC_DATA_PORT 0x60
#define KBC_COMMAND_PORT 0x64
#define KBC_WRITE_OUTPUT_PORT 0xd1
#define KBC_DISABLE_A20 0xdd
#define KBC_PULSE_FIRST 0xf0    /* 0xf0-0xff pulse the output-port bits whose */
				/* command bit is 0 for 6 us; bit 0 is RESET */
#define OUTPUT_PORT_RESET_HIGH (1u << 0)        /* active low: 0 resets */
#define OUTPUT_PORT_A20 (1u << 1)

static void reset_control_access(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	if (!a->in && a->size == 1 && (*value & RESET_CONTROL_RST_CPU)) {
		vcpu_request_reset(v, "port 0xcf9");
		return;
	}
	io_pass_through(a, value);
}

static void port_a_access(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	if (!a->in && (*value & PORT_A_FAST_RESET)) {
		vcpu_request_reset(v, "port 0x92, fast reset");
		return;
	}
	if (!a->in)
		*value |= PORT_A_A20;
	io_pass_through(a, value);
}

/* The keyboard controller takes a command on port 0x64, and some commands a
 * byte on port 0x60 after it; one lock keeps a command and its byte
 * together when several processors write. */
static struct spinlock kbc_lock;
static bool output_port_byte_next;

static void kbc_command(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	uint8_t command = (uint8_t)*value;
	if (command >= KBC_PULSE_FIRST && !(command & OUTPUT_PORT_RESET_HIGH)) {
		vcpu_request_reset(v, "keyboard controller, reset pulse");
		return;
	}
	output_port_byte_next = command == KBC_WRITE_OUTPUT_PORT;
	if (command != KBC_DISABLE_A20)
		io_pass_through(a, value);
}

static void kbc_data(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	if (output_port_byte_next) {
		output_port_byte_next = false;
		if (!(*value & OUTPUT_PORT_RESET_HIGH)) {
			vcpu_request_reset(v, "keyboard controller, output port");
			return;
		}
		*value |= OUTPUT_PORT_A20;
	}
	io_pass_through(a, value);
}

static void kbc_access(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	spin_lock(&kbc_lock);
	if (a->in)
		io_pass_through(a, value);
	else if (a->port == KBC_COMMAND_PORT)
		kbc_command(v, a, value);
	else
		kbc_data(v, a, value);
	spin_unlock(&kbc_lock);
}

void guest_reset_init(struct vmx_bitmaps *b)
{
	io_intercept_port(b, RESET_CONTROL_PORT, reset_control_access);
	io_intercept_port(b, SYSTEM_CONTROL_PORT_A, port_a_access);
	io_intercept_port(b, KBC_DATA_PORT, kbc_access);
	io_intercept_port(b, KBC_COMMAND_PORT, kbc_access);
}

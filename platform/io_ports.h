/* Intercepted I/O ports: a handler per port (platform/io.c). */
#ifndef PLATFORM_IO_PORTS_H
#define PLATFORM_IO_PORTS_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/bitmaps.h"
#include "vmx/vcpu.h"

#define IO_PORT_GUEST_EXIT 0xf4     /* a guest writes its exit status here */

/* One decoded I/O instruction (SDM vol. 3C 27.2.1, table 27-5). */
struct io_access {
	uint16_t port;
	unsigned size;          /* 1, 2 or 4 bytes */
	bool in;
	bool string;
	bool rep;
};

/* Handles an access; *value is what an OUT wrote or what an IN returns. */
typedef void (*io_port_handler_fn)(struct vcpu *v, const struct io_access *a, uint32_t *value);

/* Sets the port in the I/O bitmap and routes its exits to fn. */
void io_intercept_port(struct vmx_bitmaps *b, uint16_t port, io_port_handler_fn fn);
void io_intercept_exit_port(struct vmx_bitmaps *b);
/* Performs the access on the real port. */
void io_pass_through(const struct io_access *a, uint32_t *value);
/* Performs the access a byte at a time, each byte through the handler of
 * its port if it has one. */
void io_access_bytewise(struct vcpu *v, const struct io_access *a, uint32_t *value);

#endif

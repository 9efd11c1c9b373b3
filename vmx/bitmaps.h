/* The I/O and MSR bitmaps (SDM vol. 3C 24.6.4, 24.6.9): which port accesses
 * and which RDMSR/WRMSR cause VM exits. */
#ifndef VMX_BITMAPS_H
#define VMX_BITMAPS_H
#include <stdbool.h>
#include <stdint.h>

struct vmx_bitmaps {
	uint8_t *io_a;          /* ports 0x0000-0x7fff */
	uint8_t *io_b;          /* ports 0x8000-0xffff */
	uint8_t *msr;           /* read low, read high, write low, write high */
};

/* Allocates the bitmaps: no port and no MSR intercepted. */
void bitmaps_init(struct vmx_bitmaps *b);
void bitmaps_intercept_port(struct vmx_bitmaps *b, uint16_t port);
/* RDMSR and WRMSR of msr exit. MSRs outside 0-0x1fff and
 * 0xc0000000-0xc0001fff always exit: msr must be inside them. */
void bitmaps_intercept_msr(struct vmx_bitmaps *b, uint32_t msr);

#endif

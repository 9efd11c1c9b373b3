/* Turning an exit's qualification into words: I/O port and direction, MSR,
 * control register and operation, EPT access and addresses, exception
 * vector, error code and CR2. Pure: unit-tested on the host. */
#ifndef DEBUG_EXIT_DECODE_H
#define DEBUG_EXIT_DECODE_H
#include <stddef.h>
#include <stdint.h>

/* The exit fields the decoder may use; the caller reads the ones the reason
 * needs (see exit_decode_needs_*). */
struct exit_info {
	uint32_t reason;
	uint64_t qualification;
	uint64_t rcx;                   /* MSR number for RDMSR/WRMSR */
	uint64_t guest_physical;        /* EPT violations and misconfigurations */
	uint64_t guest_linear;          /* EPT violations with a valid linear address */
	uint32_t interruption_info;     /* exceptions */
	uint32_t interruption_error;
};

/* True when the decoder uses the EPT address fields or the interruption
 * fields for this reason (inline: asked on every exit). */
static inline int exit_decode_needs_addresses(uint32_t reason)
{
	return reason == 48 || reason == 49;    /* EPT violation, misconfiguration */
}

static inline int exit_decode_needs_interruption(uint32_t reason)
{
	return reason == 0;                     /* exception or NMI */
}

/* Writes a short description, e.g. "out port 0x3f8 size 1" or
 * "write of GPA 0x8000040 (entry allowed ---), GLA 0x8000040". */
void exit_decode(const struct exit_info *x, char *buf, size_t size);

#endif

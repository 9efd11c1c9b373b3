/* See smm_probe.h. */
#include "guest/tests/smm_probe.h"

#define MARKER ((volatile uint32_t *)0x9000u)
#define MARKER_VALUE 0x5a5a5a5au

static const uint8_t smm_code[] = {
	0x66, 0xc7, 0x06, 0x00, 0x90, 0x5a, 0x5a, 0x5a, 0x5a,  /* movl $0x5a5a5a5a, 0x9000 */
	0x67, 0x66, 0xc7, 0x05, 0x40, 0x00, 0x00, 0x08,         /* movl $0xdeadbeef, ... */
	0xef, 0xbe, 0xad, 0xde,                                 /* ... 0x08000040 (the image) */
	0x0f, 0xaa,                                             /* rsm */
};

void smm_probe_install(uint32_t address)
{
	for (unsigned i = 0; i < sizeof(smm_code); i++)
		((volatile uint8_t *)address)[i] = smm_code[i];
	*MARKER = 0;
}

bool smm_probe_ran(void)
{
	return *MARKER == MARKER_VALUE;
}

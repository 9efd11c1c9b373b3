/* For the test guests that try to run their own code in system-management
 * mode: 16-bit SMM code (SDM vol. 3C 34.5.1: CS based at SMBASE, data
 * segments based at 0 with 4 GiB limits) that writes a marker and a word of
 * the hypervisor's image, then returns (RSM). If it ever runs, the guest
 * ran outside VMX: the marker tells the guest, the image checksum the
 * hypervisor. Linked into the guests that use it (Makefile: SMM_GUESTS). */
#ifndef GUEST_TESTS_SMM_PROBE_H
#define GUEST_TESTS_SMM_PROBE_H
#include <stdbool.h>
#include <stdint.h>

/* Copies the code to `address` (an SMM entry point: SMBASE + 0x8000) and
 * clears the marker. */
void smm_probe_install(uint32_t address);
/* True once the code has run. */
bool smm_probe_ran(void);

#endif

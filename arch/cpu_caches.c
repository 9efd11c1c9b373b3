/* Turning the caches on, on each processor as it starts. */
#include "arch/cpu.h"

/* Some firmware (Bochs' BIOS) leaves the caches off: CR0.CD and NW set.
 * Turn them on (SDM vol. 3A 11.5.3). It matters for the guest too: VM entry
 * does not change CR0.CD and NW (SDM vol. 3C 26.3.2.1), so the guest would
 * inherit uncached memory. */
void cpu_enable_caches(void)
{
	uint64_t cr0 = read_cr0();
	if (cr0 & (CR0_CD | CR0_NW)) {
		write_cr0(cr0 & ~(CR0_CD | CR0_NW));
		__asm__ volatile("wbinvd" ::: "memory");
	}
}

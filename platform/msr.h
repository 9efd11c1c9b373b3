/* The guest's MSRs: the MSR bitmap from the one MSR policy
 * (platform/msr_policy.c), the emulated MSRs and the virtual MTRRs. */
#ifndef PLATFORM_MSR_H
#define PLATFORM_MSR_H
#include "vmx/bitmaps.h"
#include "vmx/mtrr.h"

/* Intercepts the MSRs the hypervisor owns; every other MSR is passed through. */
void msr_setup_bitmap(struct vmx_bitmaps *b);
/* The guest's MTRRs start as a copy of the physical ones; EPT's memory
 * types follow this copy (vmx/launch.c:build_ept). */
const struct mtrr_state *guest_mtrrs_init(void);
/* After the run: how often the guest wrote its MTRRs, and that the host's
 * stayed as they were. Prints nothing if it never wrote them. */
void guest_mtrrs_print_summary(void);

#endif

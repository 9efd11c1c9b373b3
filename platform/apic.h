/* The guest's local APICs: the guest owns them, except what would let it
 * run a processor outside VMX or reach the hypervisor's memory. Every ICR
 * write is seen: INIT and SIPI are emulated (the target vCPU goes back to its
 * wait-for-SIPI state, or starts in real mode at the SIPI vector); every
 * other IPI goes to the physical APIC unchanged. xAPIC: the APIC page is
 * read-only in EPT and each write is decoded and done by the hypervisor;
 * x2APIC: writes of MSR 0x830 exit. IA32_APIC_BASE is the hypervisor's. */
#ifndef PLATFORM_APIC_H
#define PLATFORM_APIC_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/ept.h"
#include "vmx/vcpu.h"

/* Write-protects the xAPIC page in `ept` (platform/msr.c intercepts the
 * MSRs). */
void apic_init(struct ept *ept);
bool apic_page_contains(uint64_t gpa);
/* An EPT-violation write to the APIC page: decode, emulate, skip. */
void apic_mmio_write(struct vcpu *v, uint64_t gpa);
/* The emulation of IA32_APIC_BASE and the x2APIC ICR (platform/msr.c). */
bool apic_write_x2apic_icr(struct vcpu *v, uint32_t msr, uint64_t value);
bool apic_read_through(struct vcpu *v, uint32_t msr, uint64_t *value);
bool apic_write_apic_base(struct vcpu *v, uint32_t msr, uint64_t value);

/* Makes the processor running `target` leave the guest at once, with an
 * NMI that its exit handler knows is not the guest's (vcpu.kicks). */
void apic_kick(struct vcpu *target);

#endif

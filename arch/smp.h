/* Starting the application processors at boot. Every processor the MADT
 * lists (up to MAX_CPUS) is brought into the hypervisor and into VMX root
 * operation before the guest runs; none ever runs guest code outside VMX. */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/percpu.h"
#include "boot/multiboot2.h"

/* Reads the processors the firmware lists (the MADT's enabled ones, at most
 * MAX_CPUS; the others are named and left out): the ones to virtualize. */
void smp_plan(const struct boot_info *bi);
/* The APIC IDs of the processors the guest gets (planned, then started),
 * the boot processor's first; returns how many. */
unsigned smp_processors(uint32_t *apic_ids);
/* On the boot processor, after vmx_init(): starts every other planned
 * processor. Each ends in vcpu_ap_main() (vmx/launch.c), waiting for the
 * guest to start it. A processor that does not answer is named and left
 * out; cpu_count says how many run. Returns true if that is fewer than
 * planned (the guest's tables must then say so). */
bool smp_start_aps(const struct boot_info *bi);

#endif

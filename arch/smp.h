/* Starting the application processors at boot. Every processor the MADT
 * lists (up to MAX_CPUS) is brought into the hypervisor and into VMX root
 * operation before the guest runs; none ever runs guest code outside VMX. */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H
#include "boot/multiboot2.h"

/* On the boot processor, after vmx_init(): starts every other processor the
 * firmware lists. Each ends in vcpu_ap_main() (vmx/launch.c), waiting for
 * the guest to start it. A processor that does not answer is named and left
 * out; cpu_count says how many run. */
void smp_start_aps(const struct boot_info *bi);

#endif

/* DMA confinement with VT-d: at boot, before any guest runs, every DMA
 * remapping unit the ACPI DMAR table names is switched on with one
 * translation for every device, an identity map of the guest's memory
 * (dma_map.h). The guest owns the devices; with this, a device it programs
 * reaches the guest's memory and never the hypervisor's. */
#ifndef IOMMU_IOMMU_H
#define IOMMU_IOMMU_H
#include <stdbool.h>
#include <stdint.h>
#include "boot/multiboot2.h"
#include "iommu/vtd_decode.h"
#include "lib/cmdline.h"

/* memory_top: the end of what EPT maps (the same bound). Stops the machine
 * with a message on a DMAR table or unit it does not handle. */
void iommu_init(const struct boot_info *bi, const struct hv_options *o, uint64_t memory_top);
/* True once DMA remapping is on. */
bool iommu_confining(void);
/* Reads, prints and clears the faults every unit recorded; at most max
 * into out. Returns the number recorded. */
unsigned iommu_report_faults(struct vtd_fault *out, unsigned max);

/* Called on every VM exit with its TSC while there are units to poll
 * (vmx/exit.c): every FAULT_POLL_TICKS or so, reports the faults the units
 * recorded (the guest goes on: a stray DMA of its own device is its
 * business; it only never reaches the hypervisor). */
void iommu_poll_faults(uint64_t tsc);
extern bool iommu_fault_polling;        /* there are units to poll */

/* selftest=dma: QEMU's edu device DMAs into a guest page and into a page of
 * the hypervisor's image; prints both outcomes. */
void selftest_dma(void);

#endif

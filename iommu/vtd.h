/* One VT-d remapping unit, driven through its registers (VT-d spec ch. 10):
 * capabilities read, DMA remapping switched on with the shared translation
 * of dma_map.h, caches invalidated through the register interface, faults
 * read from the fault recording registers. */
#ifndef IOMMU_VTD_H
#define IOMMU_VTD_H
#include <stdint.h>
#include "iommu/dma_map.h"
#include "iommu/vtd_decode.h"

struct vtd_unit {
	uint64_t base;                  /* physical address of the registers */
	uint64_t size;                  /* bytes of registers (DRHD Size field) */
	volatile uint8_t *regs;
	struct vtd_caps caps;
};

/* Reads the unit's version and capabilities. */
void vtd_unit_open(struct vtd_unit *u, uint64_t base, uint64_t size);
/* Returns 0, or -1 with a sentence in err when the unit has a shape this
 * code does not drive. */
int vtd_unit_check(const struct vtd_unit *u, char *err, unsigned err_size);
/* Takes the unit from the firmware (protected memory regions, translation
 * and queued invalidation off), installs the root table, invalidates the
 * context cache and IOTLB, and enables translation. Stops the machine with
 * a message if the unit does not answer. */
void vtd_unit_enable(struct vtd_unit *u, const struct dma_map *map);
/* Reads and clears the unit's recorded faults: at most max of them into
 * out; returns how many were recorded (more than max if some were lost). */
unsigned vtd_unit_take_faults(struct vtd_unit *u, struct vtd_fault *out, unsigned max);

#endif

#!/bin/bash
# The control for tests/boot/dma_confined.sh: the same machine and DMA with
# iommu=off. The edu's write lands in the hypervisor's page and no fault is
# recorded, so the confined test's outcome is the IOMMU's doing.
TEST=dma_unconfined
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/boot_common.sh"
export QEMU_EXTRA_ARGS="-M q35 -device intel-iommu -device edu"
make_guest_iso basic "selftest=dma iommu=off"
boot qemu 90
expect_line "^options: .* iommu=off$"
expect_line "^iommu: off \(iommu=off\): device DMA is not confined"
expect_no_line "^iommu: DMA remapping on"
expect_no_line "^iommu: unit 0 fault: "
expect_line "^selftest dma: edu at [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] \(source id 0x[0-9a-f]{4}\)"
expect_line "^selftest dma: guest page 0x[0-9a-f]+ written$"
expect_line "^selftest dma: hypervisor page 0x[0-9a-f]+ OVERWRITTEN$"
expect_line "^selftest dma: no VT-d fault recorded$"
expect_line "^selftest dma: DMA NOT confined$"
expect_no_vtx
finish

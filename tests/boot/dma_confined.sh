#!/bin/bash
# VT-d confines device DMA (QEMU TCG, q35 with intel-iommu and the edu
# device): selftest=dma has the edu write into a guest page, which lands,
# and into a page of the hypervisor's image, which the unit blocks and
# records as a fault with the edu's source id and that page's address.
# tests/boot/dma_unconfined.sh is the same DMA with iommu=off.
TEST=dma_confined
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/boot_common.sh"
export QEMU_EXTRA_ARGS="-M q35 -device intel-iommu -device edu"
make_guest_iso basic "selftest=dma"
boot qemu 90
expect_line "^iommu: DMAR: 1 remapping units, 0 reserved regions, host address width 39"
expect_line "^iommu: unit 0 at 0xfed90000: VT-d [0-9]+\.[0-9]+, segment 0, [0-9]+ scopes; SAGAW 0x[0-9a-f]+, MGAW 39"
expect_line "^iommu: DMA map: identity of 0-0x100000000 less the hypervisor, 3-level walk \(39-bit\)"
expect_line "^iommu: DMA remapping on in 1 units: devices reach guest memory only$"
log=$(tr -d '\r' <"$SERIAL")
edu=$(sed -n 's/^selftest dma: edu at \([0-9a-f:.]*\) (source id 0x\([0-9a-f]*\)).*/\1/p' <<<"$log")
page=$(sed -n 's/^selftest dma: hypervisor page \(0x[0-9a-f]*\) .*/\1/p' <<<"$log")
[ -n "$edu" ] && [ -n "$page" ] || fail "no edu device or hypervisor page reported"
expect_line "^iommu: unit 0 fault: DMA write by $edu to $page: write denied by the page table"
expect_count "^iommu: unit 0 fault: " 1
expect_line "^selftest dma: guest page 0x[0-9a-f]+ written$"
expect_line "^selftest dma: hypervisor page $page unchanged$"
expect_line "^selftest dma: VT-d fault recorded for the edu's write$"
expect_line "^selftest dma: DMA confined$"

expect_no_vtx       # then the VT-x check stops QEMU TCG, as always
finish

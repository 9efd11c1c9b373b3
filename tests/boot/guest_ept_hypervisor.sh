#!/bin/bash
# A guest write to the hypervisor's image: EPT does not map it, the access is
# refused and reported, the guest stopped, the image checksum unchanged.
TEST=guest_ept_hypervisor
. "$(dirname "$0")/lib.sh"
make_guest_iso ept_hypervisor ""
boot bochs 180
expect_line "^hypervisor: cpu 0: guest stopped: guest write of hypervisor memory at guest-physical 0x8000040 refused$"
expect_line "^  exit reason 48 \\(EPT violation\\)"
expect_line "^  guest linear address 0x8000040$"
expect_no_line "the write went through"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 1
finish

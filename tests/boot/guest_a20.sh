#!/bin/bash
# The guest masks A20 through port 0x92, the keyboard controller's output
# port and its command 0xdd; the hypervisor keeps A20 on, so memory 1 MiB
# apart stays apart and the hypervisor (whose memory Bochs 2.7 would alias
# after EPT) survives each attempt.
TEST=guest_a20
. "$(dirname "$0")/lib.sh"
make_guest_iso a20 ""
boot bochs 180
expect_guest_checks 6
expect_line "^a20 guest: 0 failed checks$"
expect_line "^hypervisor: guest exit status 0$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 0
finish

#!/bin/bash
# Forty back-to-back INIT+SIPI rounds to the AP, each given the time a
# processor needs to start: every one starts it, bare (the reference) and
# under the hypervisor, whose emulated INIT and SIPI lose none.
TEST=guest_init_sipi
. "$(dirname "$0")/lib.sh"
make_bare_guest_iso init_sipi
BOCHS_CPUS=2 boot bochs 300
expect_status 0
expect_line "^init-sipi guest: the AP started in 40 of 40 rounds"
expect_guest_checks 1

SERIAL=$OUT/$TEST.serial.log
make_guest_iso init_sipi ""
BOCHS_CPUS=2 boot bochs 300
expect_line "^init-sipi guest: the AP started in 40 of 40 rounds"
expect_guest_checks 1
expect_line "^hypervisor: cpu 1 started 40 times by a SIPI$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish

#!/bin/bash
# Resets through the keyboard controller (its reset pulse, its output port)
# and an INIT IPI to the boot processor itself (tests/boot/reset_common.sh).
TEST=guest_reset_kbc_init
. "$(dirname "$0")/reset_common.sh"
reset_through kbc-pulse "keyboard controller, reset pulse"
reset_through kbc-output "keyboard controller, output port"
reset_through init-self "INIT to the boot processor"
finish

#!/bin/bash
# Resets through port 0xcf9, port 0x92 and a 16-bit OUT that writes port
# 0x92 from 0x91 (tests/boot/reset_common.sh).
TEST=guest_reset_ports
. "$(dirname "$0")/reset_common.sh"
reset_through cf9 "port 0xcf9"
reset_through port92 "port 0x92, fast reset"
reset_through port91-word "port 0x92, fast reset"
finish

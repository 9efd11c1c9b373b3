#!/bin/bash
# The exit-cost benchmark runs and prints a complete table: every operation
# with a mean and a minimum (no assertion on the numbers themselves, beyond
# exits costing more than the baseline NOP).
TEST=bench_table
. "$(dirname "$0")/lib.sh"
make_guest_iso bench "intercept=pf stats=ticks"
boot bochs 180
expect_line "^exit benchmark: TSC ticks per iteration, 1000 iterations$"
for op in "baseline \\(nop\\)" cpuid vmcall "in from port 0xcf9" "out to port 0xcf9" \
	"rdmsr 0x1a0" "wrmsr 0x1a0" "mov to cr0 \\(NE\\)" "ept violation, first touch" \
	"#PF reflected to the guest" "xAPIC EOI write \\(decoded\\)"; do
	expect_line "^bench: $op +[0-9]+ +[0-9]+$"
done
expect_line "^exit benchmark: done$"
# an exit round trip costs more than a NOP
base=$(tr -d '\r' <"$SERIAL" | awk '/^bench: baseline/ { print $(NF-1) }')
cpuid=$(tr -d '\r' <"$SERIAL" | awk '/^bench: cpuid/ { print $(NF-1) }')
[ -n "$base" ] && [ -n "$cpuid" ] && [ "$cpuid" -gt "$base" ] || fail "cpuid ($cpuid) not above the baseline ($base)"
expect_line "^  CPUID +1000 +[0-9]+ +[0-9]+$"
expect_line "^  EPT violation +2000 +[0-9]+ +[0-9]+$"   # first touches and xAPIC writes
expect_line "^  exception or NMI +1000 +[0-9]+ +[0-9]+$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish

#!/bin/bash
# The guest sees the CPU as it is: bare and under the hypervisor, the same
# CPUID, MSRs and APIC, less the intended differences (corei7_skylake_x).
TEST=transparency_skylake_x
MODEL=corei7_skylake_x
. "$(dirname "$0")/transparency_common.sh"

#!/bin/bash
# The guest sees the CPU as it is: bare and under the hypervisor, the same
# CPUID, MSRs and APIC, less the intended differences (tigerlake).
TEST=transparency_tigerlake
MODEL=tigerlake
. "$(dirname "$0")/transparency_common.sh"

#!/bin/bash
# The test guests under nested KVM, one processor: KVM's VMX (its VMCS
# revision, controls and entry checks) gives the verdicts Bochs gives.
TEST=nested_kvm
NESTED_CPUS=1
NESTED_TIMEOUT=900
NESTED_TESTS="guest_basic@iso guest_basic guest_hlt guest_lapic_timer guest_pagefault_native guest_pagefault_intercepted
	guest_realmode guest_nmi guest_xsetbv guest_double_fault_native
	guest_double_fault_intercepted transparency_skylake_x"
. "$(dirname "$0")/nested_common.sh"

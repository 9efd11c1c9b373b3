#!/bin/bash
# The smp guest under nested KVM on two vCPUs (QEMU -smp 2; Bochs has two
# processors, so that both vCPU threads run): INIT-SIPI-SIPI through the
# hypervisor's emulation on KVM's VMX, as in Bochs.
TEST=nested_kvm_smp
NESTED_CPUS=2
NESTED_TIMEOUT=900
NESTED_TESTS="guest_smp"
. "$(dirname "$0")/nested_common.sh"

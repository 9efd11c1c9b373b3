#!/bin/bash
# Linux as the hypervisor's guest under nested KVM, one processor: the
# linux_guest test's boot (QEMU loads the hypervisor, Linux and its
# initramfs with -kernel) and its own assertions: Linux's checks, its
# MSR and APIC log clean, its power-off seen by the hypervisor.
TEST=nested_kvm_linux
NESTED_CPUS=1
NESTED_TIMEOUT=1200
NESTED_TESTS="linux_guest"
. "$(dirname "$0")/nested_common.sh"

#!/bin/bash
# One provoked VM-entry failure per group of the SDM's rules
# (selftest=vmentry-failure:GROUP, vmx/launch.c provoke_vmentry_failure):
# the CPU refuses the entry as that group's rules make it (VMfailValid with
# error 7 or 8, or exit reason 33), the model of the checks finds exactly
# one rule broken and names it by section and words, and Bochs' log names
# the same check (its VMFAIL or VMENTER FAIL line, cpu/vmx.cc). Each boot
# keeps its logs as build/tests/vmentry_failure_GROUP.*.
TEST=vmentry_failure_groups
. "$(dirname "$0")/lib.sh"

VMFAIL_CONTROLS="^hypervisor: VM entry failed: VMfailValid, VM-instruction error 7: VM entry with invalid control field\\(s\\)$"
VMFAIL_HOST="^hypervisor: VM entry failed: VMfailValid, VM-instruction error 8: VM entry with invalid host-state field\\(s\\)$"
GUEST_STATE="^hypervisor: cpu 0: guest stopped: VM entry failed: exit reason 0x80000021 "

# provoked GROUP REFUSAL SECTION RULE_GROUP RULE BOCHS_LINE
provoked() {
	TEST=vmentry_failure_$1 SERIAL=$OUT/vmentry_failure_$1.serial.log
	make_guest_iso basic "selftest=vmentry-failure:$1"
	boot bochs 180
	expect_line "$2"
	expect_line "^vmentry check: the current VMCS breaks 1 rule of the model \\(SDM 26.2, 26.3.1\\):$"
	expect_rule "$3" "$4" "$5"
	expect_bochs_log "$6"
	expect_no_line "^basic guest"
	expect_status 1
}

provoked controls "$VMFAIL_CONTROLS" 26.2.1.1 "VMX controls" \
	"the CR3-target count must not be greater than 4 (IA32_VMX_MISC bits 24:16): count 5" \
	"VMFAIL: VMCS EXEC CTRL: too may CR3 targets 5"
provoked host "$VMFAIL_HOST" 26.2.4 "host state" \
	"with \"host address-space size\" 1, the host RIP must be canonical (48-bit linear addresses): 0x800000000000" \
	"VMFAIL: VMCS host RIP non-canonical"
provoked segments "$GUEST_STATE" 26.3.1.2 "guest state" \
	"SS type must be 3 or 7 (read/write accessed data) when SS is usable: SS type 11" \
	"VMENTER FAIL: VMCS guest SS.TYPE"
provoked control-registers "$GUEST_STATE" 26.3.1.1 "guest state" \
	"guest CR0.PE must be 1 if CR0.PG is 1: CR0 0x80000030" \
	"VMENTER FAIL: VMCS unrestricted guest CR0.PG without CR0.PE"
provoked rip-rflags "$GUEST_STATE" 26.3.1.4 "guest state" \
	"bits 63:32 of the guest RIP must be 0 unless \"IA-32e mode guest\" is 1 and CS.L is 1: RIP 0x100100010" \
	"VMENTER FAIL: VMCS guest RIP > 32 bit"
provoked activity "$GUEST_STATE" 26.3.1.5 "guest state" \
	"blocking by STI must be 0 when RFLAGS.IF is 0: interruptibility 0x1, RFLAGS 0x2" \
	"VMENTER FAIL: VMCS guest interrupts can't be blocked by STI when EFLAGS.IF = 0"
provoked event-injection "$VMFAIL_CONTROLS" 26.2.1.3 "VMX controls" \
	"the deliver-error-code bit (bit 11) must be 1 for type 3, vector 13" \
	"VMFAIL: VMENTRY injected event vector 13 broken error code"

TEST=vmentry_failure_groups
finish

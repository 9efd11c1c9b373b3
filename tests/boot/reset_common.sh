# The reset tests (tests/boot/guest_reset_*.sh): the reset_attack guest
# (guest/tests/reset_attack.c) points the CMOS shutdown status and the
# warm-reset vector at its own code and resets the machine one way after
# another. Each way must end the guest, clear the status, zero the
# hypervisor's memory and reset the machine through the firmware, which
# boots the hypervisor and the guest again; the guest's code must never run
# outside it ("ESCAPED"). Sourced after TEST is set; reset_through WAY REASON.
. "$(dirname "$0")/lib.sh"

reset_through() {
	local way=$1 reason=$2
	make_iso "" "$ROOT/build/guests/reset_attack.elf" "reset_attack $way"
	SERIAL=$OUT/$TEST.$way.serial.log
	boot bochs 300
	expect_line "^reset attack: shutdown status 0xa, warm-reset vector 0000:7000; reset by $way$"
	expect_line "^hypervisor: guest reset the machine \\($reason\\)$"
	expect_line "^hypervisor: resetting the machine: CMOS shutdown status cleared, the hypervisor's memory zeroed, full reset$"
	expect_count "^hypervisor: starting" 2
	expect_line "^reset attack: booted again after the $way reset, the firmware's POST in between$"
	expect_no_line "ESCAPED"
	expect_no_line "still running"
	expect_status 0
}

#!/bin/bash
# The hypervisor zeroes its memory before it resets the machine for the
# guest. The reset_attack guest resets through port 0xcf9 with a secret of
# its own (made at run time) in the registers the hypervisor saves; Bochs'
# debugger stops at the hypervisor's last step (reset_through_ports, after
# the scrub) and dumps the image and the memory around the pool. The pool
# must be all zero, and the secret nowhere in either dump; the code must
# still be there (the dump is real).
TEST=guest_reset_scrub
. "$(dirname "$0")/lib.sh"
IMAGE_DUMP=$OUT/$TEST.image.bin
HIGH_DUMP=$OUT/$TEST.high.bin
HIGH_BASE=$((0x1c000000))       # the top 64 MiB of the 512 MiB machine: the pool
HIGH_SIZE=$((0x4000000))
IMAGE_BASE=$((0x8000000))
IMAGE_SIZE=$((0x200000))
rm -f "$IMAGE_DUMP" "$HIGH_DUMP"
stop=$(nm "$ROOT/build/hypervisor.elf" | awk '$3 == "reset_through_ports" { print $1 }')
cat >"$OUT/$TEST.debugger" <<CMDS
lb 0x$stop
continue
writemem "$IMAGE_DUMP" $IMAGE_BASE $IMAGE_SIZE
writemem "$HIGH_DUMP" $HIGH_BASE $HIGH_SIZE
continue
quit
CMDS
make_iso "" "$ROOT/build/guests/reset_attack.elf" "reset_attack cf9"
BOCHS_DEBUGGER_COMMANDS=$OUT/$TEST.debugger boot bochs 300
expect_line "^hypervisor: guest reset the machine \\(port 0xcf9\\)$"
expect_line "^reset attack: booted again after the cf9 reset, the firmware's POST in between$"
expect_status 0

# words SECRET FILE...: how many 4-byte words of the files are SECRET
words() {
	local secret=$1
	shift
	od -An -v -tx4 "$@" | tr -s ' ' '\n' | grep -c "^$secret$"
}
secret=$(tr -d '\r' <"$SERIAL" | sed -n 's/^reset attack: secret 0x\([0-9a-f]*\) in .*/\1/p' | head -n 1)
pool=$(tr -d '\r' <"$SERIAL" | sed -n 's/^memory: hypervisor pool \([0-9a-f]*\)-\([0-9a-f]*\) .*/\1 \2/p' | head -n 1)
if [ -z "$secret" ] || [ -z "$pool" ]; then
	fail "no secret or no pool range in the serial log"
elif [ "$(stat -c %s "$IMAGE_DUMP" 2>/dev/null)" != "$IMAGE_SIZE" ] ||
     [ "$(stat -c %s "$HIGH_DUMP" 2>/dev/null)" != "$HIGH_SIZE" ]; then
	fail "Bochs' debugger did not dump the memory (no stop at reset_through_ports?)"
else
	set -- $pool
	start=$((0x$1 - HIGH_BASE)) length=$((0x$2 - 0x$1))
	nonzero=$(tail -c +$((start + 1)) "$HIGH_DUMP" | head -c "$length" | tr -d '\0' | wc -c)
	[ "$nonzero" -eq 0 ] || fail "$nonzero bytes of the pool ($1-$2) are not zero"
	found=$(words "$secret" "$IMAGE_DUMP" "$HIGH_DUMP")
	[ "$found" -eq 0 ] || fail "the guest's secret $secret is in the dumps $found times"
	code=$(head -c 4096 "$IMAGE_DUMP" | tr -d '\0' | wc -c)
	[ "$code" -gt 0 ] || fail "the image's code is not in its dump"
	echo "  $TEST: pool $1-$2: $nonzero bytes not zero; secret $secret found $found times" >&2
fi
rm -f "$IMAGE_DUMP" "$HIGH_DUMP"
finish

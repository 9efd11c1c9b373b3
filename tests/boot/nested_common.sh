# Tests under nested KVM (tests/boot/nested_kvm*.sh): the guests of the Bochs
# tests in $NESTED_TESTS run in one nested-KVM machine (tools/nested-kvm.sh:
# Bochs runs Linux with KVM, which runs the hypervisor in QEMU), with
# $NESTED_CPUS Bochs processors, and each Bochs test's own assertions check
# its guest's serial log and QEMU's exit status there (tests/boot/lib.sh,
# NESTED_MODE). The verdicts must match Bochs'. QEMU loads the hypervisor and
# the guest itself (-kernel: multiboot version 1); a test named NAME@iso boots
# the test's ISO through SeaBIOS and GRUB instead (multiboot2), as a user's
# `make run` does. Logs: build/tests/$TEST/ (l1.serial.log is L1's whole
# console, NAME.serial.log each guest's COM1, iso/NAME.serial.log the ISO runs').
# Sourced after TEST, NESTED_TESTS, NESTED_CPUS and NESTED_TIMEOUT are set.
. "$(dirname "$0")/lib.sh"
DIR=$OUT/$TEST
rm -rf "$DIR" && mkdir -p "$DIR/iso"
: >"$DIR/plan"

# each_test MODE: runs every test script in MODE (plan or check), the
# NAME@iso ones with their ISOs, their files in $DIR/iso; prints the output.
each_test() {
	local t name dir prefix medium
	for t in $NESTED_TESTS; do
		name=${t%@iso} dir=$DIR prefix= medium=
		[ "$t" != "$name" ] && { dir=$DIR/iso prefix=iso/ medium=iso; }
		NESTED_MODE=$1 NESTED_OUT=$dir NESTED_PLAN=$DIR/plan NESTED_PREFIX=$prefix \
			NESTED_MEDIUM=$medium "$ROOT/tests/boot/$name.sh" 2>&1 | sed -E "s#^(PASS|FAIL) #\\1 $prefix#"
	done
}

each_test plan >"$DIR/plan.log"
SERIAL=$DIR/l1.serial.log
"$ROOT/tools/nested-kvm.sh" --cpus "$NESTED_CPUS" --timeout "$NESTED_TIMEOUT" "$DIR" "$DIR/plan" \
	>"$OUT/$TEST.emulator.log" 2>&1
sed 's/^/  /' "$OUT/$TEST.emulator.log"
# Each run's QEMU status is its test's business (NAME.status); here L1 must
# have run them all.
expect_line "^nested: L1 .* kvm_intel nested=Y ept=Y unrestricted_guest=Y "
expect_line "^nested: all runs done$"
each_test check >"$DIR/check.log"
sed 's/^/  /' "$DIR/check.log"
for t in $NESTED_TESTS; do
	name=${t%@iso}
	[ "$t" != "$name" ] && name=iso/$name
	grep -qx "PASS $name" "$DIR/check.log" || fail "$name failed under nested KVM"
done
finish

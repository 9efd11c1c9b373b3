#!/bin/bash
# `make test`: the host unit tests, a short run of each fuzz target, then the
# emulator tests (two at a time: the machines have two cores). Ends with one
# line "N passed, N failed".
# Usage: run-tests.sh [--emulator [NAME...]]
#   --emulator: the emulator and documentation tests only (`make boot-test`),
#   or only those NAMEs (as tests/boot/NAME.sh, or TEST.MODEL of the model
#   matrix), in the order given.
set -u
emulator_only=false
if [ "${1:-}" = --emulator ]; then
	emulator_only=true
	shift
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
OUT=build/tests
mkdir -p "$OUT"
passed=0 failed=0

run_unit_tests() {
	echo "== unit tests (host, AddressSanitizer + UBSan)"
	build/unit-tests >"$OUT/unit.log" 2>&1
	unit_status=$?
	grep -E '^(FAIL|    )' "$OUT/unit.log"
	summary=$(tail -n 1 "$OUT/unit.log")
	if [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		echo "unit: $summary"
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		[ "$unit_status" -ne 0 ] && [ "${BASH_REMATCH[2]}" -eq 0 ] && failed=$((failed + 1))
	else
		echo "unit tests did not finish (see $OUT/unit.log):"
		tail -n 20 "$OUT/unit.log"
		failed=$((failed + 1))
	fi

	# Each fuzz target a few seconds: it still builds, and its seeds and what
	# the fuzzer finds at once do not crash it (docs/FUZZING.md).
	echo "== fuzz targets (${FUZZ_TEST_SECONDS:=3} s each)"
	tests/fuzz/run.sh "$FUZZ_TEST_SECONDS" >"$OUT/fuzz.log" 2>&1
	grep -E '^(PASS|FAIL) fuzz\.|^    ' "$OUT/fuzz.log"
	fuzz_passed=$(grep -c '^PASS fuzz\.' "$OUT/fuzz.log")
	fuzz_failed=$(grep -c '^FAIL fuzz\.' "$OUT/fuzz.log")
	passed=$((passed + fuzz_passed))
	failed=$((failed + fuzz_failed))
	if [ $((fuzz_passed + fuzz_failed)) -eq 0 ]; then
		echo "fuzz targets did not run (see $OUT/fuzz.log)"
		failed=$((failed + 1))
	fi
}
$emulator_only || run_unit_tests

echo "== emulator and documentation tests"
# One line per test: its name, then the command that runs it. The model
# matrix (tests/boot/model_matrix.sh) first: its Linux boots are the longest.
list_tests() {
	local model test t
	tests/boot/model_matrix.sh --list | while read -r model test; do
		echo "$test.$model tests/boot/model_matrix.sh $model $test"
	done
	for t in $(ls tests/boot/*.sh tests/docs/*.sh | grep -v -e /lib.sh -e _common.sh -e /model_matrix.sh); do
		echo "$(basename "$t" .sh) $t"
	done
}
list_tests >"$OUT/tests.all"
if [ $# -gt 0 ]; then
	: >"$OUT/tests.list"
	for name in "$@"; do
		awk -v n="$name" '$1 == n { print; found = 1 } END { exit !found }' \
			"$OUT/tests.all" >>"$OUT/tests.list" ||
			{ echo "run-tests.sh: no test named $name (see $OUT/tests.all)" >&2; exit 2; }
	done
else
	mv "$OUT/tests.all" "$OUT/tests.list"
fi
# Two at a time. A pool of background jobs rather than xargs, which stops
# starting tests once one is killed by a signal: a test killed from outside
# counts as failed, and the others still run.
while read -r name command; do
	while [ "$(jobs -rp | wc -l)" -ge 2 ]; do
		wait -n
	done
	# shellcheck disable=SC2086
	$command </dev/null >"$OUT/$name.result" 2>&1 &
done <"$OUT/tests.list"
wait
while read -r name _; do
	cat "$OUT/$name.result"
	if grep -Eq "^PASS $name( |\$)" "$OUT/$name.result"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done <"$OUT/tests.list"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/bash
# Runs fuzz targets (docs/FUZZING.md), SECONDS each, one after the other:
#   tests/fuzz/run.sh SECONDS [NAME...]     (default: every target)
# Each starts from its seeds (tests/fuzz/corpus/NAME, read only) and from
# what earlier runs found (build/fuzz/corpus/NAME, where new inputs go).
# Prints one line per target, "PASS fuzz.NAME: ..." with its executions and
# coverage or "FAIL fuzz.NAME: ..." with the crashing input (kept under
# build/fuzz/artifacts/NAME/), then the total; exits 1 if any failed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [NAME...]}
shift
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in tests/fuzz/*.c; do
		[ "$f" = tests/fuzz/support.c ] || names+=("$(basename "$f" .c)")
	done
fi

failed=0 total=0
for name in "${names[@]}"; do
	fuzzer=build/fuzz/$name log=build/fuzz/$name.log
	artifacts=build/fuzz/artifacts/$name
	mkdir -p "build/fuzz/corpus/$name" "$artifacts"
	if [ ! -x "$fuzzer" ]; then
		echo "FAIL fuzz.$name: $fuzzer not built (make fuzzers)"
		failed=$((failed + 1))
		continue
	fi
	# -timeout: an input that takes 10 s is a hang, reported as a failure.
	"$fuzzer" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$artifacts/" "build/fuzz/corpus/$name" "tests/fuzz/corpus/$name" \
		>"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
	total=$((total + ${runs:-0}))
	if [ "$status" -eq 0 ] && [ -n "$runs" ]; then
		echo "PASS fuzz.$name: ${runs} executions, coverage ${cov:-?} edges, ${ft:-?} features, corpus ${corp:-?} inputs"
	else
		failed=$((failed + 1))
		echo "FAIL fuzz.$name: exit status $status after ${runs:-?} executions (log $log)"
		grep -E 'ERROR:|FUZZ_CHECK|SUMMARY:|Test unit written' "$log" | head -n 5 | sed 's/^/    /'
	fi
done
echo "fuzz: $total executions in ${#names[@]} targets, $failed failed"
[ "$failed" -eq 0 ]

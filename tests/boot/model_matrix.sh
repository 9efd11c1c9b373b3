#!/bin/bash
# The model matrix: one emulator test of tests/boot/ run on one of Bochs 3's
# CPU models (tools/build-bochs.sh), with the same expectations as on
# Debian's Bochs 2.7. Usage: model_matrix.sh MODEL TEST, e.g.
# `model_matrix.sh sapphire_rapids guest_basic`; its name in the results is
# TEST.MODEL (its logs build/tests/TEST.MODEL.*). `model_matrix.sh --list`
# prints every MODEL TEST pair that `make test` runs.
MODELS="corei7_skylake_x tigerlake arrow_lake wildcat_lake sapphire_rapids"
TESTS="guest_basic guest_smp guest_realmode guest_nmi guest_xsetbv transparency linux_guest"

if [ "$1" = --list ]; then
	for model in $MODELS; do
		for test in $TESTS; do
			echo "$model $test"
		done
	done
	exit 0
fi

export MATRIX_MODEL=$1 BOCHS_VERSION=3 BOCHS_CPU=$1
# sapphire_rapids advertises AMX but not XFD: Linux then sets XCR0 with
# TILECFG but not TILEDATA and takes #GP in XSETBV, bare as well (an
# emulator gap, docs/TEST_MACHINES.md). Linux runs there without AMX.
[ "$1" = sapphire_rapids ] && export LINUX_TEST_CMDLINE="clearcpuid=amx_tile,amx_bf16,amx_int8"
case "$2" in
transparency)
	TEST=transparency
	MODEL=$1
	. "$(dirname "$0")/transparency_common.sh" ;;
*)
	[ -f "$(dirname "$0")/$2.sh" ] || { echo "model_matrix.sh: no test $2"; exit 2; }
	. "$(dirname "$0")/$2.sh" ;;
esac

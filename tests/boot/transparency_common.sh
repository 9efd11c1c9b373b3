# The transparency test (tests/boot/transparency_*.sh): the transparency
# guest (guest/tests/transparency.c) runs bare in Bochs and under the
# hypervisor, on the CPU model $MODEL; what it saw in each run (CPUID,
# RDMSR over both MSR-bitmap ranges, the APIC in xAPIC and x2APIC mode) is
# compared, and every difference must be on the list of intended ones,
# tests/boot/transparency_intended.txt, each there with its reason.
# Sourced after TEST and MODEL are set.
. "$(dirname "$0")/lib.sh"
INTENDED=$ROOT/tests/boot/transparency_intended.txt
# Under nested KVM (NESTED_MODE, tests/boot/nested_kvm.sh) also KVM's own.
INTENDED_KVM=${NESTED_MODE:+$ROOT/tests/boot/transparency_intended_kvm.txt}

# normalize LOG: one "KEY VALUE" line per CPUID register, per MSR (a run of
# faulting MSRs expanded), per APIC line; sorted by key.
normalize() {
	tr -d '\r' <"$1" | while read -r kind rest; do
		case "$kind $rest" in
		"cpuid "*)
			set -- $rest
			echo "cpuid ${1%:}/eax $2"; echo "cpuid ${1%:}/ebx $3"
			echo "cpuid ${1%:}/ecx $4"; echo "cpuid ${1%:}/edx $5" ;;
		"msr "*-*": #GP" | "x2apic msr "*-*": #GP")
			[ "$kind" = x2apic ] && { kind=x2apic-msr; rest=${rest#msr }; }
			range=${rest%%:*}
			for ((m = 16#${range%-*}; m <= 16#${range#*-}; m++)); do
				printf '%s %08x #GP\n' "$kind" "$m"
			done ;;
		"msr "* | "x2apic msr "*)
			[ "$kind" = x2apic ] && { kind=x2apic-msr; rest=${rest#msr }; }
			echo "$kind ${rest%%:*} ${rest#*: }" ;;
		"xapic version: "* | "x2apic: "*)
			echo "${kind%:}-apic ${rest// /_}" ;;
		esac
	done | sort -k1,2
}

# intended KIND KEY BARE HV: true if the list allows this difference (for a
# CPUID register: every differing bit is in the mask of some entry).
intended() {
	local kind=$1 key=$2 bare=$3 hv=$4 k first reg mask allowed=0
	while read -r k first reg mask _; do
		[ "$k" = "$kind" ] || continue
		case "$kind" in
		cpuid)
			[ "$first/$reg" = "$key" ] && allowed=$((allowed | mask)) ;;
		msr | x2apic-msr)
			(( 16#$key >= 16#${first%-*} && 16#$key <= 16#${first#*-} )) && return 0 ;;
		esac
	done < <(cat "$INTENDED" $INTENDED_KVM | grep -v '^#')
	[ "$kind" = cpuid ] && [ "$bare" != MISSING ] && [ "$hv" != MISSING ] &&
		(( ((16#$bare ^ 16#$hv) & ~allowed & 0xffffffff) == 0 ))
}

# compare BARE_LOG HV_LOG: prints each difference, fails on unintended ones.
compare() {
	local bare_n=$OUT/$TEST.bare.normalized hv_n=$OUT/$TEST.hv.normalized
	normalize "$1" >"$bare_n"
	normalize "$2" >"$hv_n"
	[ "$(grep -c '^msr ' "$bare_n")" -eq 16384 ] || fail "the bare run recorded $(grep -c '^msr ' "$bare_n") MSRs, not 16384"
	[ "$(grep -c '^msr ' "$hv_n")" -eq 16384 ] || fail "the run under the hypervisor recorded $(grep -c '^msr ' "$hv_n") MSRs, not 16384"
	local kind key bare hv intended_count=0
	while read -r kind key bare hv; do
		[ "$bare" = "$hv" ] && continue
		if intended "$kind" "$key" "$bare" "$hv"; then
			intended_count=$((intended_count + 1))
		else
			fail "unintended difference: $kind $key: bare $bare, under the hypervisor $hv"
		fi
	done < <(join -a1 -a2 -e MISSING -o 0,1.2,2.2 <(sed 's/ /:/' "$bare_n") <(sed 's/ /:/' "$hv_n") |
		 sed 's/:/ /')
	echo "  $TEST: $intended_count intended differences" >&2
}

SERIAL_HV=$OUT/$TEST.hv.serial.log
SERIAL_BARE=$OUT/$TEST.bare.serial.log

make_bare_guest_iso transparency
BOCHS_CPU=$MODEL boot bochs 120
expect_status 0
expect_line "^transparency: done, 0 failed checks$"
expect_guest_checks 8

make_guest_iso transparency ""
SERIAL=$SERIAL_HV
BOCHS_CPU=$MODEL boot bochs 120
expect_status 0
expect_line "^transparency: done, 0 failed checks$"
expect_line "^hypervisor: guest exit status 0$"
# its MTRR writes went to its own copy
expect_line "^mtrr: the guest wrote its MTRRs 4 times; the host's MTRRs are unchanged$"
expect_guest_checks 8

compare "$SERIAL_BARE" "$SERIAL_HV"
finish

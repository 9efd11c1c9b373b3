# Helpers for emulator tests. Each test builds its own ISO, boots it with a
# timeout, keeps the serial and emulator logs under build/tests/, and asserts
# on what the hypervisor printed and on the emulator's exit status.
# Sourced by the test scripts; they set TEST (the test's name) first.

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${NESTED_OUT:-$ROOT/build/tests}
# On a model of the matrix (tests/boot/model_matrix.sh) the test is named
# and logged as TEST.MODEL.
[ -n "${MATRIX_MODEL:-}" ] && TEST=$TEST.$MATRIX_MODEL
mkdir -p "$OUT"
SERIAL=$OUT/$TEST.serial.log
FAILS=0

# make_iso "HV OPTIONS" [MODULE_FILE "MODULE CMDLINE"]...
make_iso() {
	ISO=$OUT/$TEST.iso
	nested_kernel "$ROOT/build/hypervisor.elf" "$@" && return
	"$ROOT/tools/mkiso.sh" "$ISO" "$ROOT/build/hypervisor.elf" "$@"
}

# make_guest_iso GUEST "HV OPTIONS" [MODULE_FILE "MODULE CMDLINE"]...: the
# test guest build/guests/GUEST.elf as module 0, then any further modules.
make_guest_iso() {
	local guest=$1 options=$2
	shift 2
	make_iso "$options" "$ROOT/build/guests/$guest.elf" "$guest" "$@"
}

# make_bare_guest_iso GUEST: the test guest booted by GRUB alone, without the
# hypervisor (the reference a guest's run under it is compared with), as
# $OUT/$TEST.bare.iso; the serial log goes to $OUT/$TEST.bare.serial.log.
make_bare_guest_iso() {
	ISO=$OUT/$TEST.bare.iso
	SERIAL=$OUT/$TEST.bare.serial.log
	nested_kernel "$ROOT/build/guests/$1.elf" "" && return
	"$ROOT/tools/mkiso.sh" --bare-multiboot "$ISO" "$ROOT/build/guests/$1.elf" ""
}

# expect_count REGEX N: exactly N lines match.
expect_count() {
	local n
	n=$(tr -d '\r' <"$SERIAL" | grep -Ec -- "$1")
	[ "$n" -eq "$2" ] || fail "$n lines match /$1/, expected $2"
}

# expect_guest_checks N: the guest printed N "check ...: ok" lines and no failure.
expect_guest_checks() {
	expect_count '^check .*: ok$' "$1"
	expect_no_line '^check .*: FAILED$'
}

# Nested KVM (tests/boot/nested_kvm*.sh) runs a Bochs test's guests inside
# one nested-KVM machine and checks them with the test's own assertions. It
# runs the test script twice, with NESTED_OUT=DIR (where the script's files
# go) and NESTED_MODE:
#   plan:  each boot adds a line to the file NESTED_PLAN (tools/nested-kvm.sh)
#          instead of booting; what the script asserts then is of no account;
#   check: each boot takes the serial log and QEMU's exit status that the
#          nested machine wrote to DIR, and the assertions run on them.
# QEMU loads the hypervisor (or a bare test kernel) and its modules itself
# (-kernel, multiboot version 1), or, with NESTED_MEDIUM=iso, boots the ISO
# through SeaBIOS and GRUB (multiboot2). A run is named after its serial log
# (NESTED_PREFIX, then NAME of NAME.serial.log), and QEMU's status becomes
# Bochs' for the assertions: isa-debug-exit's 1 (success stop) is 0, 3
# (failure stop) and 0 (a triple fault, with -no-reboot) are 1.

# nested_kernel KERNEL "CMDLINE" [MODULE_FILE "MODULE CMDLINE"]...: in the
# nested modes, how QEMU loads them (NESTED_KERNEL), and true when the caller
# has no ISO to build: always but for the plan of an ISO run. QEMU's -initrd
# separates modules with commas: a comma inside is doubled.
nested_kernel() {
	local kernel=$1 cmdline=$2 modules=
	shift 2
	[ -n "${NESTED_MODE:-}" ] || return 1
	if [ "${NESTED_MEDIUM:-}" = iso ]; then
		NESTED_KERNEL="-cdrom @$ISO"
		[ "$NESTED_MODE" = check ]
		return
	fi
	while [ $# -ge 2 ]; do
		modules="$modules${modules:+,}@$1 ${2//,/,,}"
		shift 2
	done
	NESTED_KERNEL="-kernel @$kernel -append \"$cmdline\""
	[ -z "$modules" ] || NESTED_KERNEL="$NESTED_KERNEL -initrd \"$modules\""
}

nested_boot() {
	local name
	name=$(basename "$SERIAL" .serial.log)
	case "$NESTED_MODE" in
	plan)
		echo "${NESTED_PREFIX:-}$name -m 256 -smp ${BOCHS_CPUS:-1} $NESTED_KERNEL" >>"$NESTED_PLAN"
		STATUS=0 ;;
	check)
		case "$(cat "$OUT/$name.status" 2>/dev/null)" in
		1) STATUS=0 ;;
		0 | 3) STATUS=1 ;;
		*) STATUS=124; echo "  $TEST: did not end in the nested machine" ;;
		esac ;;
	esac
}

# boot EMULATOR TIMEOUT: EMULATOR is bochs, qemu or uefi. Sets STATUS.
boot() {
	if [ -n "${NESTED_MODE:-}" ]; then
		nested_boot
		return
	fi
	rm -f "$SERIAL"
	: >"$SERIAL"
	case "$1" in
	bochs) timeout -k 10 "$2" "$ROOT/tools/run-bochs.sh" "$ISO" "$SERIAL" >"$OUT/$TEST.emulator.log" 2>&1 ;;
	qemu) timeout "$2" "$ROOT/tools/run-qemu.sh" --accel tcg "$ISO" "$SERIAL" >"$OUT/$TEST.emulator.log" 2>&1 ;;
	uefi) timeout "$2" "$ROOT/tools/run-qemu.sh" --uefi --accel tcg "$ISO" "$SERIAL" >"$OUT/$TEST.emulator.log" 2>&1 ;;
	*) echo "boot: unknown emulator $1"; exit 2 ;;
	esac
	STATUS=$?
	[ "$STATUS" -eq 124 ] && echo "  $TEST: timed out after $2 s"
}

# Screen tests: QEMU with its monitor on a TCP port and without the
# isa-debug-exit device, so it stays up after the hypervisor stops and the
# screen can be read. start_qemu_for_screen TIMEOUT [run-qemu.sh options]
start_qemu_for_screen() {
	local timeout=$1
	shift
	: >"$SERIAL"
	rm -f "$OUT/$TEST.status"
	MONITOR_PORT=$((20000 + RANDOM % 30000))
	( timeout "$timeout" "$ROOT/tools/run-qemu.sh" "$@" --accel tcg --monitor "$MONITOR_PORT" \
		--no-exit-device "$ISO" "$SERIAL" >"$OUT/$TEST.emulator.log" 2>&1
	  echo $? >"$OUT/$TEST.status" ) &
	QEMU_JOB=$!
}

# monitor_then_quit COMMAND...: gives the commands and then `quit` to QEMU's
# monitor, keeps its answers in $OUT/$TEST.monitor.log, waits for QEMU to
# end and sets STATUS (0 after quit: QEMU was still running, no triple fault).
monitor_then_quit() {
	local cmd
	if exec 4<>"/dev/tcp/127.0.0.1/$MONITOR_PORT"; then
		for cmd in "$@" quit; do
			printf '%s\n' "$cmd" >&4
		done
		timeout 60 cat <&4 | tr -d '\r' >"$OUT/$TEST.monitor.log"
		exec 4>&-
	else
		fail "no QEMU monitor on port $MONITOR_PORT"
	fi
	wait "$QEMU_JOB"
	STATUS=$(cat "$OUT/$TEST.status" 2>/dev/null || echo 255)
}

# expect_screen_line REGEX: a line of $SCREEN (the text read off the screen).
expect_screen_line() {
	grep -Eq -- "$1" "$SCREEN" || fail "no line on the screen matching /$1/ (screen text: $SCREEN)"
}

# start_bochs_job TIMEOUT COM1_LOG [ENV...]: Bochs in the background on $ISO,
# killed after TIMEOUT (Bochs ignores SIGTERM: -k), its status in
# $OUT/$TEST.status when it ends; BOCHS_JOB is the job.
start_bochs_job() {
	local timeout=$1 com1=$2
	shift 2
	( env "$@" timeout -k 10 "$timeout" "$ROOT/tools/run-bochs.sh" "$ISO" "$com1" \
		>"$OUT/$TEST.emulator.log" 2>&1
	  echo $? >"$OUT/$TEST.status" ) &
	BOCHS_JOB=$!
}

# connect_socket FD PORT: opens descriptor FD on Bochs' socket server at
# localhost:PORT, retrying (20 s at most) while Bochs starts.
connect_socket() {
	local i
	for i in $(seq 1 100); do
		eval "exec $1<>/dev/tcp/127.0.0.1/$2" && return 0
		sleep 0.2
	done 2>/dev/null
	return 1
}

# Interactive runs: COM1 is a TCP socket the test talks to (tools/run-bochs.sh
# with BOCHS_SERIAL_SOCKET); everything Bochs sends is kept in $SERIAL.
# start_bochs_interactive TIMEOUT [ENV...]
start_bochs_interactive() {
	local timeout=$1 port
	shift
	: >"$SERIAL"
	rm -f "$OUT/$TEST.status"
	port=$((20000 + RANDOM % 30000))
	start_bochs_job "$timeout" "$OUT/$TEST.socket" BOCHS_SERIAL_SOCKET=$port "$@"
	connect_socket 3 "$port"
	cat <&3 >"$SERIAL" &
	READER=$!
}

# gdb tests: COM1 to $SERIAL as usual, COM2 a TCP socket. Bochs waits for a
# client on COM2 before it starts, so the test connects at once and holds the
# connection; gdb is attached to it later, when the hypervisor waits for it,
# as a user would start gdb, through two FIFOs: GDB_TARGET is the argument of
# gdb's "target remote" (a pipe to the socket).
# start_bochs_gdb TIMEOUT
start_bochs_gdb() {
	local timeout=$1 port
	rm -f "$OUT/$TEST.status" "$OUT/$TEST.to-gdb" "$OUT/$TEST.from-gdb"
	: >"$SERIAL"
	mkfifo "$OUT/$TEST.to-gdb" "$OUT/$TEST.from-gdb"
	port=$((20000 + RANDOM % 30000))
	start_bochs_job "$timeout" "$SERIAL" BOCHS_COM2_SOCKET=$port
	connect_socket 4 "$port"
	cat <&4 >"$OUT/$TEST.to-gdb" &
	cat "$OUT/$TEST.from-gdb" >&4 &
	GDB_TARGET="| cat $OUT/$TEST.to-gdb & exec cat >$OUT/$TEST.from-gdb"
}

# start_gdb TIMEOUT GDB_ARGS...: gdb in batch mode in the background, its
# output in $OUT/$TEST.gdb.log and every remote-protocol packet, both ways,
# in $OUT/$TEST.remote.log. Its standard input is a FIFO that never ends (a
# background job's would be /dev/null, whose end gdb takes for a quit while
# the target runs).
start_gdb() {
	local timeout=$1
	shift
	rm -f "$OUT/$TEST.gdb-stdin"
	mkfifo "$OUT/$TEST.gdb-stdin"
	exec 5<>"$OUT/$TEST.gdb-stdin"
	timeout "$timeout" gdb -nx -batch -ex "set remotetimeout 30" \
		-ex "set remotelogfile $OUT/$TEST.remote.log" "$@" \
		<&5 >"$OUT/$TEST.gdb.log" 2>&1 &
	GDB_JOB=$!
}

# wait_gdb_line REGEX [SECONDS]: until a line of gdb's output matches.
wait_gdb_line() {
	local i
	for i in $(seq 1 $(( ${2:-60} * 5 ))); do
		grep -Eq -- "$1" "$OUT/$TEST.gdb.log" && return 0
		sleep 0.2
	done
	fail "timed out waiting for gdb output /$1/"
	return 1
}

# interrupt_gdb: Ctrl-C to gdb, which sends the target 0x03.
interrupt_gdb() {
	pkill -INT -P "$GDB_JOB" -x gdb
}

# wait_gdb: until gdb ends; sets GDB_STATUS.
wait_gdb() {
	wait "$GDB_JOB"
	GDB_STATUS=$?
	exec 5>&-
	rm -f "$OUT/$TEST.gdb-stdin"
}

# run_gdb TIMEOUT GDB_ARGS...: start_gdb, then wait_gdb.
run_gdb() {
	start_gdb "$@"
	wait_gdb
}

# expect_gdb_line REGEX: a line of gdb's output matches.
expect_gdb_line() {
	grep -Eq -- "$1" "$OUT/$TEST.gdb.log" || fail "no gdb output line matching /$1/"
}

# Waits for Bochs to end (gdb test) and sets STATUS.
finish_bochs_gdb() {
	wait "$BOCHS_JOB"
	exec 4>&-
	STATUS=$(cat "$OUT/$TEST.status" 2>/dev/null || echo 255)
	rm -f "$OUT/$TEST.to-gdb" "$OUT/$TEST.from-gdb"
}

# wait_for REGEX [SECONDS]: until a line of the output matches.
wait_for() {
	local i
	for i in $(seq 1 $(( ${2:-60} * 5 ))); do
		tr -d '\r' <"$SERIAL" | grep -Eq -- "$1" && return 0
		sleep 0.2
	done
	fail "timed out waiting for /$1/"
	return 1
}

# send TEXT: typed on the serial console (printf escapes: \r ends a line).
send() {
	printf '%b' "$1" >&3
}

# Waits for Bochs to end and sets STATUS.
finish_interactive() {
	wait "$BOCHS_JOB"
	kill "$READER" 2>/dev/null
	exec 3>&-
	STATUS=$(cat "$OUT/$TEST.status" 2>/dev/null || echo 255)
}

fail() {
	echo "  $TEST: $*"
	FAILS=$((FAILS + 1))
}

expect_status() {
	[ "$STATUS" -eq "$1" ] || fail "emulator exit status $STATUS, expected $1"
}

# expect_line REGEX: an extended regular expression that some line must match.
expect_line() {
	tr -d '\r' <"$SERIAL" | grep -Eq -- "$1" || fail "no line matching /$1/"
}

# expect_rule SECTION GROUP TEXT: the report of the model of the VM-entry
# checks lists the broken rule of SECTION (GROUP: "VMX controls", "host
# state", "guest state") in words starting with TEXT (a fixed string).
expect_rule() {
	tr -d '\r' <"$SERIAL" | grep -qF -- "  $1 ($2): $3" ||
		fail "no report of the rule $1 ($2): $3"
}

# expect_bochs_log TEXT: Bochs' own log (kept beside the serial log) has a
# line containing TEXT (a fixed string), e.g. the check its VM entry failed.
expect_bochs_log() {
	grep -qF -- "$1" "${SERIAL%.serial.log}.bochs.log" ||
		fail "no line '$1' in Bochs' log ${SERIAL%.serial.log}.bochs.log"
}

expect_no_line() {
	! tr -d '\r' <"$SERIAL" | grep -Eq -- "$1" || fail "unexpected line matching /$1/"
}

finish() {
	if [ "$FAILS" -eq 0 ]; then
		echo "PASS $TEST"
		exit 0
	fi
	echo "FAIL $TEST (serial log: $SERIAL; emulator log: $OUT/$TEST.emulator.log)"
	echo "  --- last lines of the serial log ---"
	tr -d '\r' <"$SERIAL" | tail -n 25 | sed 's/^/  | /'
	exit 1
}

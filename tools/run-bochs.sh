#!/bin/sh
# Boots an ISO in Bochs (corei7_skylake_x: VMX with EPT, VPID, unrestricted guest).
# Usage: run-bochs.sh ISO [SERIAL_LOG]
#   With SERIAL_LOG, COM1 is written to that file (tests); without it, COM1 is
#   this terminal (output, and input when the terminal is a tty; Bochs' own
#   output then goes to build/bochs-run.out).
# Environment: BOCHS_LOG (Bochs' own log, default beside the serial log or
#   build/bochs.log), BOCHS_MEGS (memory, default 512), BOCHS_CPU (cpu model),
#   BOCHS_CPUS (processors, default 1),
#   BOCHS_SERIAL_SOCKET=PORT (COM1 is a TCP server on localhost:PORT instead,
#   which the monitor tests connect to; Bochs waits for the connection),
#   BOCHS_COM2_SOCKET=PORT (COM2 is a TCP server on localhost:PORT, which
#   the gdb tests connect gdb to; Bochs waits for the connection),
#   BOCHS_IGNORE_BAD_MSRS=1 (MSRs Bochs lacks read as 0 instead of #GP: what
#   Linux needs without the hypervisor, which emulates them itself),
#   BOCHS_DEBUGGER_COMMANDS=FILE (what Bochs' debugger runs, one command at
#   each stop, instead of `continue` and `quit`: breakpoints, memory dumps).
# Exit status: 0 after the hypervisor's success stop (magic breakpoint), 1
# after its failure stop ("Shutdown" on port 0x8900) or a triple fault.
set -eu
iso=$1
serial=${2:-}
megs=${BOCHS_MEGS:-512}
model=${BOCHS_CPU:-corei7_skylake_x}
if [ -n "$serial" ]; then
	base=${serial%.serial.log}
	log=${BOCHS_LOG:-$base.bochs.log}
else
	mkdir -p build
	base=build/bochs-run
	log=${BOCHS_LOG:-build/bochs.log}
fi
rc=$base.bochsrc
cmds=$base.bochs-cmds

# Display: with a serial log (tests), the term display on a dumb terminal:
# it opens no port, so parallel and back-to-back runs never compete for the
# VNC ports 5900-5949 that rfb binds; interactively, rfb, which nobody needs
# to connect to and which leaves this terminal to COM1.
if [ -n "$serial" ]; then
	com1="com1: enabled=1, mode=file, dev=$serial"
	if [ -n "${BOCHS_SERIAL_SOCKET:-}" ]; then
		com1="com1: enabled=1, mode=socket-server, dev=localhost:$BOCHS_SERIAL_SOCKET"
	fi
	display="display_library: term"
	export TERM=dumb
elif [ -t 0 ]; then
	com1="com1: enabled=1, mode=term, dev=$(tty)"
	display='display_library: rfb, options="timeout=0"'
else
	com1="com1: enabled=1, mode=file, dev=/dev/stdout"
	display='display_library: rfb, options="timeout=0"'
fi

com2=
if [ -n "${BOCHS_COM2_SOCKET:-}" ]; then
	com2="com2: enabled=1, mode=socket-server, dev=localhost:$BOCHS_COM2_SOCKET"
fi

cat >"$rc" <<RC
megs: $megs
cpu: model=$model, count=${BOCHS_CPUS:-1}, ips=50000000, reset_on_triple_fault=0, ignore_bad_msrs=${BOCHS_IGNORE_BAD_MSRS:-0}
clock: sync=none, time0=946681200
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$iso, status=inserted
boot: cdrom
$com1
$com2
magic_break: enabled=1
$display
speaker: enabled=0
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
log: $log
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
RC
# Bochs' debugger runs these when the machine stops (magic breakpoint).
if [ -n "${BOCHS_DEBUGGER_COMMANDS:-}" ]; then
	cp "$BOCHS_DEBUGGER_COMMANDS" "$cmds"
else
	printf 'continue\nquit\n' >"$cmds"
fi
if [ -z "$serial" ] && [ -t 0 ]; then
	# COM1 is this terminal, which Bochs puts in raw mode: give it back
	# afterwards (stty may not manage every setting; then a sane one).
	# Bochs' own banner, plugin and debugger lines go to $base.out.
	out=$base.out
	saved=$(stty -g)
	status=0
	bochs -q -f "$rc" -rc "$cmds" </dev/null >"$out" 2>&1 || status=$?
	stty "$saved" 2>/dev/null || stty sane 2>/dev/null || :
	echo
	if [ "$status" -ne 0 ]; then
		tail -n 5 "$out"
		echo "run-bochs.sh: Bochs ended with status $status (its output: $out, its log: $log)"
	fi
	exit $status
fi
exec bochs -q -f "$rc" -rc "$cmds" </dev/null

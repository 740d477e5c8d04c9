#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# boot.sh NAME SCRIPT [ARGS...]: boot the built kernel under QEMU and run
# SCRIPT (a shell script, run with /bin/sh inside the host's root filesystem
# shared read-only) in the guest.  The job directory $BUILD/guest/NAME is
# shared read-write and visible in the guest at the same path as $JOB; the
# console log is kept there.  Exit status: the script's, or 124 on a
# timeout, 125 when the guest never reported one, 126 on a kernel splat.
# A guest that prints nothing for GUEST_SILENCE seconds (0: never) is asked
# for its CPU stacks with magic SysRq, stopped, and counts as timed out.
. "$(dirname "$0")/lib.sh"

name=$1
script=$2
shift 2
GUEST_MEM=${GUEST_MEM:-512M}
GUEST_CPUS=${GUEST_CPUS:-2}
GUEST_TIMEOUT=${GUEST_TIMEOUT:-1800}
GUEST_SILENCE=${GUEST_SILENCE:-600}
SWAP_SIZE=${SWAP_SIZE:-1G}

kernel=$OUT/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel at $kernel: build first"

initramfs() {
	local dir=$BUILD/initramfs img=$BUILD/initramfs.cpio
	if [ -f "$img" ] && [ "$img" -nt "$HARNESS/guest/init" ] &&
		[ "$img" -nt /bin/busybox ]; then
		return 0
	fi
	rm -rf "$dir"
	mkdir -p "$dir"/{bin,dev,proc,sys,tmp,host,job}
	cp /bin/busybox "$dir/bin/busybox"
	cp "$HARNESS/guest/init" "$dir/init"
	chmod 755 "$dir/init"
	(cd "$dir" && find . | cpio -o -H newc --quiet) >"$img"
}

# /dev/kvm may exist on hosts where KVM does not work (the guest hangs or
# QEMU aborts on an MSR): try it once per machine and remember the answer.
accel() {
	local stamp=$BUILD/accel
	if [ ! -f "$stamp" ]; then
		echo tcg >"$stamp.new"
		if [ -w /dev/kvm ] && timeout -k 5 20 qemu-system-x86_64 -accel kvm \
			-m 256M -nographic -no-reboot -kernel "$kernel" \
			-initrd "$BUILD/initramfs.cpio" \
			-append "console=ttyS0 panic=-1 rdinit=/bin/sh -c poweroff\ -f" \
			2>/dev/null | grep -q 'Run /bin/sh as init'; then
			echo kvm >"$stamp.new"
		fi
		mv "$stamp.new" "$stamp"
	fi
	cat "$stamp"
}

initramfs
swap=${GUEST_SWAP:-$BUILD/swap.img}	# one per concurrent guest
[ -f "$swap" ] || truncate -s "$SWAP_SIZE" "$swap"

JOB=$BUILD/guest/$name
rm -rf "$JOB"
mkdir -p "$JOB"
echo "$JOB" >"$JOB/path"
echo "$BUILD" >"$JOB/build"
{
	echo "export JOB=$JOB OUT=$OUT SRC=$SRC BUILD=$BUILD FLAVOUR=$FLAVOUR"
	printf 'set --'
	printf ' %q' "$@"
	printf '\n'
	cat "$script"
} >"$JOB/job.sh"

acc=$(accel)
cpu=max
[ "$acc" = kvm ] && cpu=host
info "booting $(basename "$kernel") ($acc, $GUEST_CPUS CPUs, $GUEST_MEM RAM, $SWAP_SIZE swap, timeout ${GUEST_TIMEOUT}s): $name"

# QEMU's console input is a FIFO held open here (so QEMU never sees EOF):
# nothing is typed into it unless the guest goes silent.
ctl=$(mktemp -d)
trap 'rm -rf "$ctl"' EXIT
mkfifo "$ctl/in"
exec 3<>"$ctl/in"
: >"$JOB/console.log"

# nap N: sleep N seconds; fail early once QEMU or this script has exited.
running() {
	[ ! -e "$ctl/done" ] && kill -0 $$ 2>/dev/null
}
nap() {
	local i
	for ((i = 0; i < $1; i++)); do
		running || return 1
		sleep 1
	done
	running
}

# sysrq KEY: a serial BREAK (QEMU's escape Ctrl-A b) followed within 5 s
# by KEY is the magic SysRq KEY for the guest kernel.
sysrq() {
	printf '\001b' >&3
	sleep 1
	printf '%s' "$1" >&3
}

# A livelocked guest (a CPU looping in reclaim with cond_resched(), which
# the soft-lockup detector never sees) just stops printing.  Then ask the
# kernel for the backtraces of all CPUs (SysRq l) and of the blocked tasks
# (SysRq w), give it time to print them and stop QEMU.
watchdog() {
	local now mtime idle pid
	while nap 1; do
		mtime=$(stat -c %Y "$JOB/console.log") || continue
		printf -v now '%(%s)T' -1
		idle=$((now - mtime))
		[ "$idle" -ge "$GUEST_SILENCE" ] || continue
		echo "$idle $(wc -l <"$JOB/console.log")" >"$ctl/silent"
		echo "HARNESS: no guest output for ${idle}s: SysRq l and w, then stopping QEMU"
		sysrq l
		nap 9 || return 0
		sysrq w
		nap 10 || return 0
		pid=$(cat "$ctl/qemu.pid") || return 0
		kill "$pid" 2>/dev/null || true
		nap 10 || return 0
		kill -KILL "$pid" 2>/dev/null || true
		return 0
	done
}
wpid=
if [ "$GUEST_SILENCE" -gt 0 ]; then
	watchdog &
	wpid=$!
fi

# ACPI finds the second vCPU; acpi=noirq keeps it away from PCI interrupt
# routing, whose _PRT method the debug kernel interprets for minutes (a
# soft lockup).  virtio uses MSI-X.
rc=0
timeout -k 10 "$GUEST_TIMEOUT" qemu-system-x86_64 -accel "$acc" -cpu "$cpu" \
	-smp "$GUEST_CPUS" -m "$GUEST_MEM" -nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$BUILD/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=7 log_buf_len=8M acpi=noirq kunit.enable=${KUNIT_ENABLE:-0} ${GUEST_APPEND:-}" \
	-drive "file=$swap,if=virtio,format=raw,cache=unsafe" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$JOB,mount_tag=job,security_model=none" \
	-pidfile "$ctl/qemu.pid" <&3 2>&1 | sed -u 's/\r$//' | tee "$JOB/console.log" |
	if [ "${QUIET:-0}" = 1 ]; then cat >/dev/null; else cat; fi || rc=$?
touch "$ctl/done"
[ -z "$wpid" ] || wait "$wpid" || true

# The stacks, with the guest's last words before the silence, go to the
# terminal too: "make test" runs QUIET and "make run" hides kernel lines.
if [ -f "$ctl/silent" ]; then
	read -r idle line <"$ctl/silent"
	tail -n +$((line + 1)) "$JOB/console.log" >"$JOB/stacks.log"
	echo "HARNESS: guest silent for ${idle} s; CPU stacks in $JOB/stacks.log (console: $JOB/console.log)"
	{
		head -n "$line" "$JOB/console.log" | tail -n 10
		head -n 240 "$JOB/stacks.log"
	} | sed 's/^/    | /'
	n=$(wc -l <"$JOB/stacks.log")
	[ "$n" -le 240 ] || echo "    | ... $((n - 240)) more lines in $JOB/stacks.log"
	grep -q 'sysrq: ' "$JOB/stacks.log" ||
		echo "HARNESS: the guest kernel did not answer SysRq (interrupts off on every CPU?)"
	exit 124
fi
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "HARNESS: guest timed out after ${GUEST_TIMEOUT}s (console: $JOB/console.log)"
	exit 124
fi
status=$(sed -n 's/^HARNESS-GUEST-EXIT=\([0-9]*\)$/\1/p' "$JOB/console.log" | tail -n 1)
if [ -z "$status" ]; then
	echo "HARNESS: the guest did not report an exit status (console: $JOB/console.log)"
	exit 125
fi
if ! "$HARNESS/splats.sh" "$JOB/console.log"; then
	echo "HARNESS: kernel splat in $JOB/console.log"
	exit 126
fi
exit "$status"

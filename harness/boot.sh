#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# boot.sh NAME SCRIPT [ARGS...]: boot the built kernel under QEMU and run
# SCRIPT (a shell script, run with /bin/sh inside the host's root filesystem
# shared read-only) in the guest.  The job directory $BUILD/guest/NAME is
# shared read-write and visible in the guest at the same path as $JOB; the
# console log is kept there.  Exit status: the script's, or 124 on a
# timeout, 125 when the guest never reported one, 126 on a kernel splat.
. "$(dirname "$0")/lib.sh"

name=$1
script=$2
shift 2
GUEST_MEM=${GUEST_MEM:-512M}
GUEST_CPUS=${GUEST_CPUS:-2}
GUEST_TIMEOUT=${GUEST_TIMEOUT:-1800}
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
swap=$BUILD/swap.img
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
rc=0
timeout -k 10 "$GUEST_TIMEOUT" qemu-system-x86_64 -accel "$acc" -cpu "$cpu" \
	-smp "$GUEST_CPUS" -m "$GUEST_MEM" -nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$BUILD/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=7 log_buf_len=8M kunit.enable=${KUNIT_ENABLE:-0} ${GUEST_APPEND:-}" \
	-drive "file=$swap,if=virtio,format=raw,cache=unsafe" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$JOB,mount_tag=job,security_model=none" \
	</dev/null 2>&1 | sed -u 's/\r$//' | tee "$JOB/console.log" |
	if [ "${QUIET:-0}" = 1 ]; then cat >/dev/null; else cat; fi || rc=$?

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

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the same user-space program on the base kernel and on the patched
# one (each in a guest of its own) and compare what they print: the SysV
# shared memory that user space sees must not change.  Builds the base
# kernel (BASE=1) the first time.  compare.sh TRANSCRIPT takes the patched
# kernel's transcript from a guest that already ran (make test's) instead
# of booting the patched kernel again.  Exit status: 0 if identical.
. "$(dirname "$0")/lib.sh"

job=$HARNESS/guest/compare.sh
new=${1:-$BUILD/guest/compare-test/sysvcmp.out}
flavours="base test"
[ $# = 0 ] || flavours=base
for flavour in $flavours; do
	BASE=$([ $flavour = base ] && echo 1 || echo 0) "$HARNESS/build.sh" \
		>"$LOGS/compare-build-$flavour.log" 2>&1 ||
		die "$flavour kernel build failed: $LOGS/compare-build-$flavour.log"
	rc=0
	BASE=$([ $flavour = base ] && echo 1 || echo 0) QUIET=1 \
		"$HARNESS/boot.sh" "compare-$flavour" "$job" || rc=$?
	[ $rc = 0 ] || die "$flavour kernel: guest failed (exit $rc): $BUILD/guest/compare-$flavour/console.log"
done

base=$BUILD/guest/compare-base/sysvcmp.out
[ -s "$base" ] && [ -s "$new" ] || die "no transcript: $base $new"
if diff -u "$base" "$new" >"$BUILD/guest/compare.diff"; then
	info "SysV shm as user space sees it: $(wc -l <"$new") facts, identical on the base and the patched kernel"
else
	sed 's/^/    | /' "$BUILD/guest/compare.diff"
	exit 1
fi

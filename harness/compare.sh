#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the same user-space programs on the base kernel and on the patched
# one (each in a guest of its own) and compare what they print: the SysV
# shared memory and the GEM objects (vgem) that user space sees, errors
# included, must not change, except for the facts listed with their reason
# in harness/compare-expected; a fact that is ENOSYS on both kernels fails
# the comparison too.  Builds the base kernel (BASE=1) the first
# time.  compare.sh JOBDIR takes the patched kernel's transcripts from a
# guest that already ran (make test's) instead of booting the patched
# kernel again.  Exit status: 0 if identical.
. "$(dirname "$0")/lib.sh"

job=$HARNESS/guest/compare.sh
new=${1:-$BUILD/guest/compare-test}
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

# mask PROGRAM TRANSCRIPT: the values of the facts that differ by design.
mask() {
	local prog label why
	cp "$2" "$2.masked"
	{ grep -vE '^(#|$)' "$HARNESS/compare-expected" || true; } |
	while IFS='|' read -r prog label why; do
		[ "$prog" = "$1" ] || continue
		awk -v l="$label: " -v w="$why" \
			'index($0, l) == 1 { $0 = l "(differs by design: " w ")" } 1' \
			"$2.masked" >"$2.tmp" && mv "$2.tmp" "$2.masked"
	done
}

rc=0
: >"$BUILD/guest/compare.diff"
for prog in sysvcmp gemcmp; do
	base=$BUILD/guest/compare-base/$prog.out
	[ -s "$base" ] && [ -s "$new/$prog.out" ] || die "no transcript: $base $new/$prog.out"
	mask $prog "$base"
	mask $prog "$new/$prog.out"
	masked=$(grep -c 'differs by design' "$new/$prog.out.masked" || true)
	# A syscall that is missing on both kernels is a fact that cannot
	# differ: the test config must have what the facts exercise.
	nosys=$(grep ': -1 ENOSYS$' "$base" | grep -Fx -f - "$new/$prog.out" || true)
	if [ -n "$nosys" ]; then
		info "$prog: ENOSYS on both kernels, a fact that tests nothing (harness/configs/test.config):"
		printf '%s\n' "$nosys" | sed 's/^/    | /'
		rc=1
	fi
	if diff -u "$base.masked" "$new/$prog.out.masked" >>"$BUILD/guest/compare.diff"; then
		info "$prog: $(wc -l <"$new/$prog.out") facts, identical on the base and the patched kernel ($masked differ by design: harness/compare-expected)"
	else
		rc=1
	fi
done
[ $rc = 0 ] || sed 's/^/    | /' "$BUILD/guest/compare.diff"
exit $rc

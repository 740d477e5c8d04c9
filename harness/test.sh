#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make test": static checks, build, W=1 and sparse on the objects the
# series touches, then KUnit and the selftests in a booted guest with swap,
# and the harness's own self-test.  Prints a summary per stage and ends
# with the line "N passed, N failed, N skipped"; exits non-zero on any
# failure.
. "$(dirname "$0")/lib.sh"
. "$HARNESS/results.sh"

"$HARNESS/deps.sh"
"$HARNESS/tree.sh"

checked() {	# checked NAME MODE
	local log=$LOGS/check-$2.log
	if "$HARNESS/check.sh" "$2" >"$log" 2>&1; then
		sed 's/^/    /' "$log"
		record "$1" 1 0 0
	else
		sed 's/^/    | /' "$log" | tail -n 40
		record "$1" 0 1 0 "$log"
	fi
}

stage "static checks: checkpatch --strict, kernel-doc"
checked "checkpatch, kernel-doc" quick

if ! "$HARNESS/build.sh"; then
	record "kernel build" 0 1 0 "$LOGS/build-$FLAVOUR.log"
	finish
fi
record "kernel build" 1 0 0

# The findings are compared with the base kernel built with the test
# config; the debug config's lock annotations give sparse other results
# (the base tree's own), so the normal run is the one that checks.
if [ "$FLAVOUR" = debug ]; then
	record "W=1, sparse" 0 0 1 "checked by the normal run"
else
	stage "static checks: W=1 and sparse on the objects the series touches"
	checked "W=1, sparse" objects
fi

# KUnit: the DRM suites are built in and run at boot; the suites that
# need swap are modules, loaded once swap is on.  Then the selftests.
mods=$(kunit_modules "$OUT")
cols=$(cd "$OUT/ksft" && sed 's/:.*//' kselftest-list.txt | sort -u)

stage "guest: built-in KUnit suites, modules: $(echo $mods), selftests: $(echo $cols)"
rc=0
# movablecore= gives the guest a ZONE_MOVABLE, out of which long-term
# pins must migrate their pages.
GUEST_APPEND="movablecore=64M ${GUEST_APPEND:-}" KUNIT_ENABLE=1 QUIET=1 \
	"$HARNESS/boot.sh" test "$HARNESS/guest/tests.sh" $mods -- $cols || rc=$?
JOB=$BUILD/guest/test
grep '^guest: ' "$JOB/console.log" | sed 's/^/    /' || true
case $rc in
0) record "guest ran, no kernel splat" 1 0 0 ;;
124) record "guest" 0 1 0 "timed out: $JOB/console.log" ;;
126) record "kernel splats" 0 1 0 "$JOB/console.log" ;;
*) record "guest" 0 1 0 "exit $rc: $JOB/console.log" ;;
esac
"$HARNESS/splats.sh" "$JOB/console.log" || true
if grep -q '^/dev/vda' "$JOB/swaps" 2>/dev/null; then
	record "swap active in the guest" 1 0 0 "$(grep '^/dev/vda' "$JOB/swaps" | awk '{print $1, $3 " kB"}')"
else
	record "swap active in the guest" 0 1 0
fi

# Debug kernel: kmemleak, scanned after the built-in suites and after
# everything else.  Leaks of the base kernel's own tests (listed with the
# reason in harness/known-leaks) are tolerated and counted; any other
# report fails the run.
if [ -f "$JOB/kmemleak" ]; then
	known=$(grep -vE '^(#|$)' "$HARNESS/known-leaks" | paste -sd'|')
	read -r n k < <(cat "$JOB/kmemleak-builtin" "$JOB/kmemleak" |
		awk -v known="$known" 'BEGIN { RS = "unreferenced object" }
		NR > 1 { n++; if ($0 ~ known) k++ } END { print n + 0, k + 0 }')
	if [ "$n" = "$k" ]; then
		record "kmemleak: 0 reports" 1 0 0 "and $k known leaks of the base kernel's DRM tests (harness/known-leaks)"
	else
		record "kmemleak: $((n - k)) reports" 0 1 0 "$JOB/kmemleak-builtin $JOB/kmemleak"
	fi
elif [ "$FLAVOUR" = debug ]; then
	record "kmemleak" 0 1 0 "no scan: $JOB/kmemleak missing"
fi

if [ -f "$JOB/kunit/builtin.log" ]; then
	record "kunit built-in (DRM suites)" $(kunit_count "$JOB/kunit/builtin.log") "$JOB/kunit/builtin.parsed"
else
	record "kunit built-in (DRM suites)" 0 1 0 "did not run"
fi
for m in $mods; do
	if [ -f "$JOB/kunit/$m.log" ]; then
		record "kunit $m" $(kunit_count "$JOB/kunit/$m.log") "$JOB/kunit/$m.parsed"
		grep -E '\[(FAILED|SKIPPED|CRASHED)\]' "$JOB/kunit/$m.parsed" | sed 's/^/    /' || true
		sed -nE 's/^\[[0-9:]+\] (=+ )?\[PASSED\] ([a-z][a-z0-9]*_[a-z0-9_]*)( =+)?$/\2/p' \
			"$JOB/kunit/$m.parsed" | xargs | fold -s -w 96 |
			sed 's/^/    passed: /' || true
		# What the cases measured (kunit_info()).
		sed -nE '/\.speed: |# module: |: pass:[0-9]/d; s/^\[[ 0-9.]+\] +# ([a-z0-9_]+: )/    \1/p' \
			"$JOB/kunit/$m.log" || true
	else
		record "kunit $m" 0 1 0 "did not run"
	fi
done
for c in $cols; do
	tap=$JOB/ksft/$c.tap
	if [ -f "$tap" ]; then
		grep -E '^(not )?ok [0-9]+ ' "$tap" | sed 's/^/    /' || true
		# Our own tests' cases and what they measured (TH_LOG()).
		if [ -d "$TOP/tools/testing/selftests/$c" ]; then
			sed -nE -e 's/^# ((not )?ok [0-9]+ .*)/      \1/p' \
				-e 's/^(# )+[a-z_]+\.c:[0-9]+:([a-z_]+):/      \2: /p' \
				"$tap" || true
		fi
		record "selftests $c" $(ksft_count "$tap") "$tap"
	else
		record "selftests $c" 0 1 0 "did not run"
	fi
done

stage "user-visible SysV shm and GEM behaviour: base kernel vs patched kernel"
if "$HARNESS/compare.sh" "$JOB"; then
	record "SysV, GEM uAPI same as base kernel" 1 0 0
else
	record "SysV, GEM uAPI same as base kernel" 0 1 0 "$BUILD/guest/compare.diff"
fi

stage "harness self-test: every kind of failure is caught"
if "$HARNESS/selftest.sh"; then
	record "harness self-test" 1 0 0
else
	record "harness self-test" 0 1 0
fi
finish

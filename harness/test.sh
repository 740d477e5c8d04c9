#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make test": static checks, build, then KUnit and the selftests in a
# booted guest with swap.  Prints a summary per stage and ends with the line
# "N passed, N failed, N skipped"; exits non-zero on any failure.
. "$(dirname "$0")/lib.sh"

PASS=0
FAIL=0
SKIP=0
SUMMARY=()

record() {	# record STAGE PASSED FAILED SKIPPED [NOTE]
	PASS=$((PASS + $2))
	FAIL=$((FAIL + $3))
	SKIP=$((SKIP + $4))
	SUMMARY+=("$(printf '%-34s %5d passed %4d failed %4d skipped  %s' "$1" "$2" "$3" "$4" "${5:-}")")
}

finish() {
	stage "summary ($FLAVOUR kernel)"
	printf '    %s\n' "${SUMMARY[@]}"
	echo
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
	[ "$FAIL" -eq 0 ]
	exit
}

"$HARNESS/deps.sh"
"$HARNESS/tree.sh"

stage "static checks"
if "$HARNESS/check.sh" quick >"$LOGS/check-quick.log" 2>&1; then
	record "static checks (quick)" 1 0 0
else
	sed 's/^/    | /' "$LOGS/check-quick.log" | tail -n 40
	record "static checks (quick)" 0 1 0 "$LOGS/check-quick.log"
fi

if ! "$HARNESS/build.sh"; then
	record "kernel build" 0 1 0 "$LOGS/build-$FLAVOUR.log"
	finish
fi
record "kernel build" 1 0 0

# KUnit test modules, then selftest collections.
mods=$(cd "$OUT"/mods/lib/modules/*/kernel && find . -name '*.ko' |
	grep -E '^./(drivers/gpu/drm/tests/.*_test|lib/test_pageable|mm/.*kunit)\.ko$' |
	xargs -rn1 basename | sed 's/\.ko$//' | sort)
cols=$(cd "$OUT/ksft" && sed 's/:.*//' kselftest-list.txt | sort -u)

stage "guest: $(echo $mods | wc -w) KUnit modules, selftests: $(echo $cols)"
rc=0
QUIET=1 "$HARNESS/boot.sh" test "$HARNESS/guest/tests.sh" $mods -- $cols || rc=$?
JOB=$BUILD/guest/test
grep '^guest: ' "$JOB/console.log" | sed 's/^/    /' || true
case $rc in
0) record "guest boot, no kernel splat" 1 0 0 ;;
124) record "guest" 0 1 0 "timed out: $JOB/console.log" ;;
126) "$HARNESS/splats.sh" "$JOB/console.log" || true
     record "kernel splats" 0 1 0 "$JOB/console.log" ;;
*) record "guest" 0 1 0 "exit $rc: $JOB/console.log" ;;
esac
if grep -q '^/dev/vda' "$JOB/swaps" 2>/dev/null; then
	record "swap active in the guest" 1 0 0
else
	record "swap active in the guest" 0 1 0
fi

# KUnit: parse each module's log on its own (kunit.py parses only the
# first KTAP document of a log).
kunit_parse() {	# LOG NAME
	local out p f s
	out=$(python3 "$SRC/tools/testing/kunit/kunit.py" parse <"$1" 2>&1) || true
	echo "$out" >"${1%.log}.parsed"
	line=$(echo "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -E 'Ran [0-9]+ tests' | tail -n 1)
	p=$(echo "$line" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
	f=$(echo "$line" | sed -n 's/.*failed: \([0-9]*\).*/\1/p')
	s=$(echo "$line" | sed -n 's/.*skipped: \([0-9]*\).*/\1/p')
	p=${p:-0} f=${f:-0} s=${s:-0}
	# A module that ran nothing, crashed or errored counts as a failure.
	if [ -z "$line" ] || echo "$line" | grep -qE 'crashed|errors'; then
		f=$((f + 1))
	fi
	record "kunit $2" "$p" "$f" "$s" "$(echo "$line" | sed 's/.*Ran/ran/')"
}
if grep -q 'KTAP version' "$JOB/kunit/builtin.log" 2>/dev/null; then
	kunit_parse "$JOB/kunit/builtin.log" built-in
fi
for m in $mods; do
	if [ -f "$JOB/kunit/$m.log" ]; then
		kunit_parse "$JOB/kunit/$m.log" "$m"
	else
		record "kunit $m" 0 1 0 "did not run"
	fi
done

# Selftests: top-level TAP lines of run_kselftest.sh (which exits 0 even
# when a test fails).
for c in $cols; do
	tap=$JOB/ksft/$c.tap
	if [ ! -f "$tap" ]; then
		record "selftests $c" 0 1 0 "did not run"
		continue
	fi
	p=$(grep -cE '^ok [0-9]+ ' "$tap" | head -1)
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' "$tap" | head -1)
	f=$(grep -cE '^not ok [0-9]+ ' "$tap" | head -1)
	grep -E '^(not )?ok [0-9]+ ' "$tap" | sed 's/^/    /'
	record "selftests $c" $((p - s)) "$f" "$s" "$tap"
done
finish

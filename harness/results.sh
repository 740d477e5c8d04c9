# SPDX-License-Identifier: GPL-2.0
# Counting test results, shared by test.sh and selftest.sh.  Sourced.

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

# ktap_lines: the lines of a kernel log that KTAP output can have: at the
# top level only KTAP's own, so that a message of another part of the
# kernel printed between two lines of a suite (a clocksource switch, a
# warning that a case provokes) cannot break the parse.
ktap_lines() {
	grep -E '^(\[[ 0-9.]+\] )?([[:space:]]|KTAP version|TAP version|1\.\.|ok |not ok |#)' || true
}

# kunit_count LOG: "passed failed skipped" of one KTAP document, parsed by
# kunit.py (which reads only the first document of a log: hence one log
# per module).  A log that ran nothing, crashed or has errors counts one
# more failure.
kunit_count() {
	local out line p f s
	out=$(ktap_lines <"$1" | python3 "$SRC/tools/testing/kunit/kunit.py" parse 2>&1) || true
	echo "$out" >"${1%.log}.parsed"
	line=$(echo "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -E 'Ran [0-9]+ tests' | tail -n 1 || true)
	p=$(echo "$line" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
	f=$(echo "$line" | sed -n 's/.*failed: \([0-9]*\).*/\1/p')
	s=$(echo "$line" | sed -n 's/.*skipped: \([0-9]*\).*/\1/p')
	p=${p:-0} f=${f:-0} s=${s:-0}
	if [ -z "$line" ] || [ "$p$f" = 00 ] || echo "$line" | grep -qE 'crashed|errors'; then
		f=$((f + 1))
	fi
	echo "$p $f $s"
}

# ksft_count TAP: "passed failed skipped" of run_kselftest.sh's top-level
# TAP lines (run_kselftest.sh exits 0 even when a test fails).
ksft_count() {
	local ok skip notok
	ok=$(grep -cE '^ok [0-9]+ ' "$1" || true)
	skip=$(grep -cE '^ok [0-9]+ .*# SKIP' "$1" || true)
	notok=$(grep -cE '^not ok [0-9]+ ' "$1" || true)
	[ $((ok + notok)) -gt 0 ] || notok=1
	echo "$((ok - skip)) $notok $skip"
}

finish() {
	stage "summary ($FLAVOUR kernel)"
	printf '    %s\n' "${SUMMARY[@]}"
	echo
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
	[ "$FAIL" -eq 0 ]
	exit
}

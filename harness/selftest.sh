#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The harness must be able to fail: feed it a failing KUnit log, a failing
# selftest, a kernel WARNING, a hung guest and a silent one, and check that
# each one is counted as a failure.  Prints one line per case; exits
# non-zero if the harness missed any.
. "$(dirname "$0")/lib.sh"
. "$HARNESS/results.sh"

t=$BUILD/harness-selftest
rm -rf "$t"
mkdir -p "$t"
missed=0
expect_fail() {	# NAME "passed failed skipped"
	local f
	f=$(echo "$2" | cut -d' ' -f2)
	if [ "$f" -gt 0 ]; then
		info "caught: $1"
	else
		info "MISSED: $1 ($2)"
		missed=$((missed + 1))
	fi
}

cat >"$t/kunit.log" <<'KTAP'
[    1.000000] KTAP version 1
[    1.000001] 1..1
[    1.000002]     KTAP version 1
[    1.000003]     # Subtest: demo
[    1.000004]     1..2
[    1.000005]     ok 1 demo_pass
[    1.000006]     # demo_fail: EXPECTATION FAILED at lib/demo.c:10
[    1.000007]     not ok 2 demo_fail
[    1.000008] not ok 1 demo
KTAP
expect_fail "a failing KUnit case" "$(kunit_count "$t/kunit.log")"
head -n 5 "$t/kunit.log" >"$t/kunit-crash.log"
expect_fail "a KUnit suite cut short by a crash" "$(kunit_count "$t/kunit-crash.log")"

printf 'TAP version 13\n1..2\nok 1 selftests: demo: a\nnot ok 2 selftests: demo: b # exit=1\n' >"$t/ksft.tap"
expect_fail "a failing selftest" "$(ksft_count "$t/ksft.tap")"

printf '[    2.0] WARNING: CPU: 0 PID: 1 at mm/pageable.c:1 demo+0x0/0x1\n' >"$t/console.log"
if "$HARNESS/splats.sh" "$t/console.log" >/dev/null; then
	info "MISSED: a kernel WARNING"
	missed=$((missed + 1))
else
	info "caught: a kernel WARNING"
fi

# expect_guest_fail NAME TIMEOUT WANT_RC SCRIPT: boot a guest that must fail.
expect_guest_fail() {
	local rc=0
	echo "$4" >"$t/$1.sh"
	GUEST_TIMEOUT=$2 QUIET=1 "$HARNESS/boot.sh" "harness-$1" "$t/$1.sh" >/dev/null 2>&1 || rc=$?
	if [ $rc -ne 0 ] && { [ -z "$3" ] || [ $rc -eq "$3" ]; }; then
		info "caught: a guest that does not finish: $1 (exit $rc)"
	else
		info "MISSED: a guest that does not finish: $1 (exit $rc)"
		missed=$((missed + 1))
	fi
}
if [ -f "$OUT/arch/x86/boot/bzImage" ]; then
	expect_guest_fail hang 25 124 'sleep 1000'
	expect_guest_fail crash 60 "" 'echo c >/proc/sysrq-trigger'
	# A livelock prints nothing: boot.sh must stop the guest long before
	# its timeout and bring the CPU stacks back (about 40 s).
	GUEST_SILENCE=10 expect_guest_fail silent 120 124 'echo silent; sleep 1000'
	if grep -q 'NMI backtrace for cpu' "$BUILD/guest/harness-silent/stacks.log" 2>/dev/null; then
		info "caught: the CPU stacks of a silent guest"
	else
		info "MISSED: the CPU stacks of a silent guest"
		missed=$((missed + 1))
	fi
fi
[ $missed -eq 0 ]

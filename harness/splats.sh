#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# splats.sh CONSOLE_LOG: print every kernel splat in a console log and exit
# 1 if there is any.  A test that provokes a warning on purpose prints
# "expect WARNING begin" and "expect WARNING end" around it; splats between
# such markers are counted but tolerated, and so are the base kernel's own
# deliberate warnings listed in harness/known-splats.
known=$(grep -vE '^(#|$)' "$(dirname "$0")/known-splats" | paste -sd'|')
awk -v known="${known:-^$}" '
/expect WARNING begin/ { expected = 1 }
/expect WARNING end/ { expected = 0 }
/BUG:|WARNING:|Oops|KASAN:|UBSAN:|possible circular locking|possible recursive locking|inconsistent lock state|Kernel panic|soft lockup|hard LOCKUP|blocked for more than|general protection fault|unreferenced object|kernel BUG at/ {
	if (expected || $0 ~ known) {
		tolerated++
		next
	}
	print "    splat: " $0
	found++
}
END {
	if (tolerated)
		printf "    %d deliberate warning(s) tolerated\n", tolerated
	exit found ? 1 : 0
}' "$1"

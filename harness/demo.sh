#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make": build the patched kernel, boot it and show the allocator at work.
. "$(dirname "$0")/lib.sh"

"$HARNESS/deps.sh"
"$HARNESS/tree.sh"
"$HARNESS/build.sh"
stage "booting the patched kernel"
QUIET=1 "$HARNESS/boot.sh" demo "$HARNESS/guest/demo.sh" || {
	rc=$?
	echo "demo failed (exit $rc), console: $BUILD/guest/demo/console.log"
	exit $rc
}
sed -n '/HARNESS-GUEST: /,/HARNESS-GUEST-EXIT/p' "$BUILD/guest/demo/console.log" |
	grep -vE '^\[ *[0-9]+\.[0-9]+\]|HARNESS-GUEST-EXIT' | sed 's/^HARNESS-GUEST: /guest: /'

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh quick: checkpatch --strict and kernel-doc on the project's own
# kernel files.
. "$(dirname "$0")/lib.sh"

files=$(cd "$TOP" && git ls-files --cached --others --exclude-standard \
	mm include lib ipc drivers tools/testing/selftests | grep -E '\.[ch]$' || true)
if [ -z "$files" ]; then
	echo "no kernel files in the overlay yet"
	exit 0
fi
rc=0
cd "$SRC"
for f in $files; do
	PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-tree \
		--terse --show-types -f "$SRC/$f" | grep -v '^total:' || rc=1
done
scripts/kernel-doc -none -Wall $(printf "$SRC/%s " $files | grep -v selftests) 2>&1 | grep . && rc=1
exit $rc

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make run CMD='...'": boot the patched kernel and run CMD inside it, in
# the host's root filesystem (read-only; /tmp, /run and /root are tmpfs),
# with swap active and cgroup v2 (memory controller) mounted.
. "$(dirname "$0")/lib.sh"

cmd=${1:-}
[ -n "$cmd" ] || die "usage: make run CMD='command to run in the guest'"
"$HARNESS/deps.sh"
"$HARNESS/tree.sh"
"$HARNESS/build.sh" >/dev/null || die "build failed: $LOGS/build-$FLAVOUR.log"
script=$(mktemp)
trap 'rm -f "$script"' EXIT
printf '%s\n' "$cmd" >"$script"
stage "guest: $cmd"
"$HARNESS/boot.sh" run "$script" 2>&1 | grep -vE '^\[ *[0-9]+\.[0-9]+\]|SeaBIOS|iPXE|Booting from|^$|\x1b'

# SPDX-License-Identifier: GPL-2.0
# Guest side of "make i915": load i915 with its mock selftests, which run
# in the module's init on a fake device (no Intel hardware), and leave the
# outcome in $JOB for the host: "mock_selftests" (the module parameter
# after the run: -ENOTTY when every selftest passed, the failing test's
# error otherwise, 1 or -1 when they never ran), "modprobe" (its output
# and exit status), "seconds" (how long the load took) and "dmesg".
# Arguments: more i915 module parameters (st_random_seed=...).
set -u
moddir=$OUT/mods
echo "guest: modprobe i915 mock_selftests=-1 $*"
dmesg -C
t0=$(date +%s)
modprobe -d "$moddir" i915 mock_selftests=-1 "$@" >"$JOB/modprobe" 2>&1
echo "exit $?" >>"$JOB/modprobe"
echo $(($(date +%s) - t0)) >"$JOB/seconds"
# A kernel line with a time stamp: the end of the last selftest.
echo "harness: i915 mock selftests end" >/dev/kmsg
dmesg >"$JOB/dmesg"
cat /sys/module/i915/parameters/mock_selftests >"$JOB/mock_selftests" 2>/dev/null ||
	echo "none (i915 not loaded)" >"$JOB/mock_selftests"
echo "guest: $(tail -n 1 "$JOB/modprobe") after $(cat "$JOB/seconds") s, mock_selftests=$(cat "$JOB/mock_selftests")"
exit 0

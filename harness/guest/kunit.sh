# SPDX-License-Identifier: GPL-2.0
# Guest side of "check.sh bisect": the kernel reached user space; keep the
# log of the built-in KUnit suites and load each KUnit module named as an
# argument as tests.sh does (swap on, failure injection allowed, each
# module in a cgroup of its own limited to 64 MiB), leaving one log per
# module in $JOB/kunit.
set -u
mkdir -p "$JOB/kunit"
echo "guest: user space reached: $(uname -r)"
dmesg >"$JOB/kunit/builtin.log"

# Let the suites inject failures (current->fail_nth) into any allocation.
for f in failslab fail_page_alloc; do
	d=/sys/kernel/debug/$f
	[ -d "$d" ] || continue
	echo N >"$d/ignore-gfp-wait"
	[ -f "$d/ignore-gfp-highmem" ] && echo N >"$d/ignore-gfp-highmem"
	[ -f "$d/min-order" ] && echo 0 >"$d/min-order"
	echo 0 >"$d/verbose"
done

moddir=$OUT/mods
for m in "$@"; do
	echo "guest: kunit module $m"
	dmesg -C
	mkdir -p "/sys/fs/cgroup/kunit-$m"
	echo 64M >"/sys/fs/cgroup/kunit-$m/memory.max"
	(
		echo $BASHPID >"/sys/fs/cgroup/kunit-$m/cgroup.procs"
		exec modprobe -d "$moddir" "$m"
	) >"$JOB/kunit/$m.modprobe" 2>&1
	echo $? >>"$JOB/kunit/$m.modprobe"
	dmesg >"$JOB/kunit/$m.log"
	modprobe -r -d "$moddir" "$m" 2>/dev/null
done
exit 0

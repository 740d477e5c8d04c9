# SPDX-License-Identifier: GPL-2.0
# Guest side of "make test": run every KUnit module and every selftest
# collection with swap active, leaving one log per piece in $JOB for the
# host to parse.  Sourced by the job script inside the guest (bash).
# Arguments: KUnit module names, "--", selftest collections.
set -u
kunit=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	kunit+=("$1")
	shift
done
shift
ksft=("$@")

mkdir -p "$JOB/kunit" "$JOB/ksft"
cat /proc/swaps >"$JOB/swaps"
echo "guest: swap: $(awk 'NR > 1 {print $1 " " $3 " kB"}' /proc/swaps)"
dmesg >"$JOB/kunit/builtin.log"

# Debug kernel: what the built-in suites leaked, for the host to check
# against the base kernel's known leaks; then start from a clean slate.
leaks=/sys/kernel/debug/kmemleak
if [ -w "$leaks" ]; then
	sleep 6		# kmemleak reports objects older than 5 s
	echo scan >"$leaks"
	cat "$leaks" >"$JOB/kmemleak-builtin"
	echo clear >"$leaks"
fi

# What user space sees of SysV shm and GEM, before any test made objects: the
# host compares it with the base kernel's (compare.sh).
"$OUT/sysvcmp" >"$JOB/sysvcmp.out" 2>&1
"$OUT/gemcmp" >"$JOB/gemcmp.out" 2>&1

# Let the tests inject failures (current->fail_nth) into any allocation,
# including sleeping and highmem ones.
for f in failslab fail_page_alloc; do
	d=/sys/kernel/debug/$f
	[ -d "$d" ] || continue
	echo N >"$d/ignore-gfp-wait"
	[ -f "$d/ignore-gfp-highmem" ] && echo N >"$d/ignore-gfp-highmem"
	[ -f "$d/min-order" ] && echo 0 >"$d/min-order"
	echo 0 >"$d/verbose"
done

moddir=$OUT/mods
for m in "${kunit[@]}"; do
	echo "guest: kunit module $m"
	dmesg -C
	# In a cgroup of its own, so that a suite can check which memcg
	# its pages are charged to, with a limit well below the guest's
	# memory for the cases that put it under pressure.
	mkdir -p "/sys/fs/cgroup/kunit-$m"
	echo 64M >"/sys/fs/cgroup/kunit-$m/memory.max"
	(
		echo $BASHPID >"/sys/fs/cgroup/kunit-$m/cgroup.procs"
		# The stress case runs longer on the slow debug kernel.
		[ "$FLAVOUR" = debug ] && [ "$m" = test_pageable ] &&
			exec modprobe -d "$moddir" "$m" stress_ms=20000
		exec modprobe -d "$moddir" "$m"
	) >"$JOB/kunit/$m.modprobe" 2>&1
	echo $? >>"$JOB/kunit/$m.modprobe"
	dmesg >"$JOB/kunit/$m.log"
	# TTM's stay loaded, so that kmemleak names the functions of its
	# suites' own leaks (harness/known-leaks).
	case $m in
	ttm_*) ;;
	*) modprobe -r -d "$moddir" "$m" 2>/dev/null ;;
	esac
done

# KASAN and lockdep make the pressure tests about ten times slower.
ksft_opts=()
[ "$FLAVOUR" = debug ] && ksft_opts=(--override-timeout 1800)

if [ ${#ksft[@]} -gt 0 ]; then
	cp -a "$OUT/ksft" /tmp/ksft
	cd /tmp/ksft || exit 1
	for c in "${ksft[@]}"; do
		echo "guest: selftests $c"
		# To a file, not a pipe: a daemon a test leaves behind would
		# hold the pipe open forever.
		./run_kselftest.sh "${ksft_opts[@]}" -c "$c" >"$JOB/ksft/$c.tap" 2>&1 </dev/null
		grep -E '^(not )?ok ' "$JOB/ksft/$c.tap"
	done
fi
cat /proc/vmstat >"$JOB/vmstat"

# A kmemleak scan once everything ran: the host fails the run on any
# object reported here.
if [ -w "$leaks" ]; then
	sleep 6
	echo scan >"$leaks"
	echo scan >"$leaks"
	cat "$leaks" >"$JOB/kmemleak"
	echo "guest: kmemleak: $(grep -c 'unreferenced object' "$JOB/kmemleak") leak reports after the tests"
fi
echo "guest: pswpout $(awk '/^pswpout/ {print $2}' /proc/vmstat)"
exit 0

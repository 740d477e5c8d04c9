# SPDX-License-Identifier: GPL-2.0
# Guest side of "make bench": load the benchmark module once per figure
# and sample the allocator's debugfs counters while a pressure workload
# runs.  Sourced by the job script inside the guest (bash).
set -u
mkdir -p /sys/fs/cgroup/bench
echo $$ >/sys/fs/cgroup/bench/cgroup.procs
: >"$JOB/bench.txt"

# Sum of the resident, swapped and discarded pages of all live objects,
# in MiB, every 0.2 s, as "seconds resident swapped discarded".
sample() {
	local t0 now
	t0=$(cut -d' ' -f1 /proc/uptime)
	while :; do
		now=$(cut -d' ' -f1 /proc/uptime)
		awk -v t="$now" -v t0="$t0" '
			/^discarded_pages:/ { disc = $2 }
			$1 ~ /^[0-9]+$/ && NF >= 11 { res += $4; swp += $5 }
			END { printf "%.1f %.1f %.1f %.1f\n", t - t0,
				res / 256, swp / 256, disc / 256 }' \
			/sys/kernel/debug/pageable/objects
		sleep 0.2
	done
}

echo "guest: first touch of write-combined GEM buffers (gembench)"
"$OUT/gembench" 256 "${BENCH_REPS:-5}" >"$JOB/gembench.out"

echo "guest: pressure workload for the picture"
sample >"$JOB/pressure.dat" &
spid=$!
"$OUT/ksft/pageable/vgem" -t swap_out_and_verify 2>&1 | grep 'vgem: '
modprobe -d "$OUT/mods" test_pageable_bench figure=dontneed reps=1 2>/dev/null
sleep 1
kill $spid

for f in create slab0 slab1 many pin pin_large copy copy_large swap dontneed \
	 wc; do
	echo "guest: figure $f"
	dmesg -C
	modprobe -d "$OUT/mods" test_pageable_bench figure="$f" \
		reps="${BENCH_REPS:-5}" 2>/dev/null
	dmesg | sed -n 's/.*pageable_bench: \(.*|.*\)$/\1/p' >>"$JOB/bench.txt"
done

# TTM swap (drivers/gpu/drm/ttm/tests/ttm_swap_bench.c): swap-out under
# pressure, so from a cgroup of its own limited to 64 MiB.
echo "guest: figures ttm_swap ttm_slab"
dmesg -C
mkdir -p /sys/fs/cgroup/ttmbench
echo 64M >/sys/fs/cgroup/ttmbench/memory.max
(
	echo $BASHPID >/sys/fs/cgroup/ttmbench/cgroup.procs
	exec modprobe -d "$OUT/mods" ttm_swap_bench reps="${BENCH_REPS:-5}"
)
dmesg | sed -n 's/.*ttm_swap_bench: \(.*|.*\)$/\1/p' >>"$JOB/bench.txt"
dmesg | grep -E 'not ok|# (ttm_swap_bench|ttm_swap_bench_[a-z_]+): ' >&2
modprobe -r -d "$OUT/mods" ttm_swap_bench 2>/dev/null
exit 0

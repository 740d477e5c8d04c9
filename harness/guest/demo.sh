# SPDX-License-Identifier: GPL-2.0
# Guest side of "make": show swap, cgroup v2 and the allocator at work.
set -u
echo "== swap and cgroup v2"
cat /proc/swaps
echo "memory controller: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
echo
echo "== 256 MiB of SysV shm filled in a cgroup limited to 64 MiB"
mkdir /sys/fs/cgroup/demo
echo 64M >/sys/fs/cgroup/demo/memory.max
echo $$ >/sys/fs/cgroup/demo/cgroup.procs
"$OUT/shmdemo" 256 32
rc=$?
echo "memory.peak of the cgroup: $(($(cat /sys/fs/cgroup/demo/memory.peak) >> 20)) MiB"
echo
echo "== 80 MiB of vgem dumb buffers, all mapped, in a cgroup limited to 32 MiB"
"$OUT/ksft/pageable/vgem" -t swap_out_and_verify 2>&1 |
	sed -n 's/^# vgem\.c:[0-9]*:[a-z_]*://p; /^\(not \)\{0,1\}ok /p'
if [ -d /sys/kernel/debug/pageable ]; then
	echo
	echo "== /sys/kernel/debug/pageable"
	head -n 20 /sys/kernel/debug/pageable/*
fi
exit $rc

# SPDX-License-Identifier: GPL-2.0
# Guest side of "make bench" on the base kernel: the figures that compare
# two kernels rather than two allocators in one boot.
"$OUT/gembench" 256 "${BENCH_REPS:-5}" >"$JOB/gembench.out"

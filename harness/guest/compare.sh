# SPDX-License-Identifier: GPL-2.0
# Guest side of compare.sh: print what user space sees of SysV shm and of
# GEM objects.
"$OUT/sysvcmp" >"$JOB/sysvcmp.out" 2>&1
"$OUT/gemcmp" >"$JOB/gemcmp.out" 2>&1

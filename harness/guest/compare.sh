# SPDX-License-Identifier: GPL-2.0
# Guest side of compare.sh: print what user space sees of SysV shm.
"$OUT/sysvcmp" >"$JOB/sysvcmp.out" 2>&1

# SPDX-License-Identifier: GPL-2.0
# Guest side of a boot that only runs the built-in KUnit suites: keep the
# kernel log, in which they reported before user space started.
dmesg >"$JOB/builtin.log"

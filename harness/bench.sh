#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make bench": boot the patched kernel, measure the pageable allocator
# against the status quo in the same boot (lib/test_pageable_bench.c),
# print one table and draw resident, swapped and discarded memory over
# time during a pressure workload.  Results go to build/bench/ and are
# copied to bench/ in the repository for the README.  Never part of
# "make test": nothing here is a pass/fail on timing.
. "$(dirname "$0")/lib.sh"

"$HARNESS/deps.sh" gnuplot-nox
"$HARNESS/tree.sh"
"$HARNESS/build.sh" >/dev/null || die "build failed: $LOGS/build-$FLAVOUR.log"
stage "guest: benchmark (every figure against the status quo, same boot)"
# TCG skews the TSC: without tsc=reliable the clocksource watchdog falls
# back to jiffies mid-run, and short figures get 4 ms resolution.
QUIET=1 GUEST_TIMEOUT=${GUEST_TIMEOUT:-3000} GUEST_APPEND="tsc=reliable" \
	"$HARNESS/boot.sh" bench \
	"$HARNESS/guest/bench.sh" || die "the benchmark guest failed: $BUILD/guest/bench/console.log"

JOB=$BUILD/guest/bench
RES=$BUILD/bench
mkdir -p "$RES"
acc=$(cat "$BUILD/accel")
{
	echo "Guest: $(sed -n 's/^HARNESS-GUEST: //p' "$JOB/console.log" | head -n 1)," \
	     "QEMU $acc, 1 GiB swap on virtio-blk; host: $(nproc) CPUs."
	echo "Ratio = pageable / status quo per repetition (min/median/max);"
	echo "for bytes, KiB and ms lower is better, for rates higher."
	echo
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' figure unit pageable \
		"status quo" ratio "reps: min/median/max" goal
	echo '|---|---|---:|---|---:|---|---|'
	while IFS='|' read -r _ what unit pg sq sqv ratio n min max goal; do
		printf '| %s | %s | %s | %s: %s | %s | %s: %s / %s / %s | %s |\n' \
			"$what" "$unit" "$pg" "$sq" "$sqv" "${ratio}x" "$n" \
			"$min" "$ratio" "$max" "$goal"
	done <"$JOB/bench.txt"
} >"$RES/results.md"
cat "$RES/results.md"

gnuplot <<GP
set terminal pngcairo size 900,420 font "sans,10"
set output "$RES/pressure.png"
set title "Pageable objects during a pressure workload (vgem buffers in a 32 MiB cgroup, then 256 MiB of dontneed memory reclaimed)"
set xlabel "seconds"
set ylabel "MiB"
set key top left
set grid
plot "$JOB/pressure.dat" using 1:2 with lines lw 2 title "resident", \
     "" using 1:3 with lines lw 2 title "swapped", \
     "" using 1:4 with lines lw 2 title "discarded (since boot)"
GP
mkdir -p "$TOP/bench"
cp "$RES/results.md" "$RES/pressure.png" "$TOP/bench/"
info "table: $RES/results.md, picture: $RES/pressure.png (copied to bench/)"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make bench": boot the patched kernel, measure the pageable allocator
# against the status quo in the same boot (lib/test_pageable_bench.c) and
# first touches of GEM mappings against the base kernel, in the same run,
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
# back to jiffies mid-run, and short figures get 4 ms resolution.  The TTM
# figures are a KUnit suite: KUnit is enabled for it alone, so that the
# built-in suites do not run at boot.
QUIET=1 GUEST_TIMEOUT=${GUEST_TIMEOUT:-3000} \
	GUEST_APPEND="tsc=reliable kunit.enable=1 kunit.filter_glob=ttm_swap_bench*" \
	"$HARNESS/boot.sh" bench \
	"$HARNESS/guest/bench.sh" || die "the benchmark guest failed: $BUILD/guest/bench/console.log"

# The GEM figure compares kernels: the base kernel runs the same program.
BASE=1 "$HARNESS/build.sh" >"$LOGS/bench-build-base.log" 2>&1 ||
	die "base kernel build failed: $LOGS/bench-build-base.log"
stage "guest: the same GEM figure on the base kernel"
BASE=1 QUIET=1 GUEST_APPEND="tsc=reliable" "$HARNESS/boot.sh" bench-base \
	"$HARNESS/guest/gembench.sh" ||
	die "the base kernel's benchmark guest failed: $BUILD/guest/bench-base/console.log"

JOB=$BUILD/guest/bench
RES=$BUILD/bench
# gembench FIELD: "rate:pg:base" per repetition, in MiB/s, from the
# patched and the base kernel's transcripts, paired by repetition.
gembench() {
	paste -d' ' "$JOB/gembench.out" "$BUILD/guest/bench-base/gembench.out" |
	awk -v f="$1" '{
		k = 0
		for (i = 1; i <= NF; i++)
			if ($i == f)
				t[++k] = $(i + 1)
		printf "%.1f %.1f\n", $2 * 1000 / t[1], $2 * 1000 / t[2]
	}'
}
for f in memset total; do
	gembench $f | awk -v f=$f '
		{ pg[NR] = $1; sq[NR] = $2; r[NR] = $1 / $2 }
		function med(a, n,   b, i, j, t) {
			for (i = 1; i <= n; i++) b[i] = a[i]
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
			return b[int((n + 1) / 2)]
		}
		END {
			if (!NR) exit 1
			min = max = r[1]
			for (i = 2; i <= NR; i++) {
				if (r[i] < min) min = r[i]
				if (r[i] > max) max = r[i]
			}
			what = "GEM write-combined mapping: create, mmap, memset, munmap, close 256 MiB (vgem)"
			if (f == "memset")
				what = "GEM write-combined mapping: mmap + first touch (memset) of 256 MiB (vgem)"
			printf "gem|%s|MiB/s|%.0f|6.12 kernel, same program|%.0f|%.3f|%d|%.3f|%.3f|>= 1.0x\n",
				what, med(pg, NR), med(sq, NR), med(r, NR), NR, min, max
		}' >>"$JOB/bench.txt" || die "no gembench figures: $JOB/gembench.out"
done
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

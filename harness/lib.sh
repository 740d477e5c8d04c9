# SPDX-License-Identifier: GPL-2.0
# Common settings and helpers for the harness scripts.  Sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=$TOP/harness
BUILD=${BUILD:-$TOP/build}
SRC=$BUILD/src				# git tree: base + series
DEBUG=${DEBUG:-0}
BASE=${BASE:-0}
if [ "$BASE" = 1 ]; then
	# The unpatched kernel, configured like the test kernel, to compare
	# user-visible behaviour with.
	FLAVOUR=base
	SRC=$BUILD/base-src		# git worktree of $BUILD/src at "base"
elif [ "$DEBUG" = 1 ]; then
	FLAVOUR=debug
else
	FLAVOUR=test
fi
OUT=${KOUT:-$BUILD/out-$FLAVOUR}	# O= build directory (KOUT: another one)
LOGS=$BUILD/logs
JOBS=${JOBS:-$(nproc)}
BASE_TAR=${BASE_TAR:-/usr/src/linux-source-6.12.tar.xz}

mkdir -p "$BUILD" "$LOGS"

# Elapsed seconds since the harness started (exported across scripts).
export HARNESS_T0=${HARNESS_T0:-$(date +%s)}

stage() {
	printf '\n==> [%4ds] %s\n' $(($(date +%s) - HARNESS_T0)) "$*"
}

info() {
	printf '    %s\n' "$*"
}

die() {
	printf 'ERROR: %s\n' "$*" >&2
	exit 1
}

# Run a long command with its output in a log file; print a dot every
# 10 seconds so the user sees progress, and the log's tail on failure.
logged() {
	local log=$1
	shift
	local rc=0 t0
	t0=$(date +%s)
	"$@" >"$log" 2>&1 &
	local pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 10
		kill -0 "$pid" 2>/dev/null && printf '    ... %ds (%s)\n' \
			$(($(date +%s) - t0)) "$(tail -n 1 "$log" | cut -c1-60)"
	done
	wait "$pid" || rc=$?
	if [ $rc -ne 0 ]; then
		tail -n 30 "$log" | sed 's/^/    | /'
		printf '    FAILED (exit %d), full log: %s\n' $rc "$log"
	fi
	return $rc
}

# KARCH and KCROSS (a CROSS_COMPILE prefix) build for another architecture;
# unset, x86_64 with the host's gcc.  Named apart from ARCH so that an ARCH
# left in the user's environment does not retarget the x86 builds.
kmake() {
	local ccache=
	command -v ccache >/dev/null && ccache="ccache "
	CCACHE_DEPEND=true CCACHE_BASEDIR=$BUILD \
		make -C "$SRC" O="$OUT" ARCH="${KARCH:-x86_64}" \
		${KCROSS:+"CROSS_COMPILE=$KCROSS"} CC="${ccache}${KCROSS:-}gcc" \
		-j"$JOBS" "$@"
}

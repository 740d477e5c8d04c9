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

# kcross ARCH: the CROSS_COMPILE prefix that builds for the kernel's ARCH
# on this x86_64 host, as Debian's gcc-TRIPLET packages name it; none for
# x86_64 (the host's gcc).
kcross() {
	case $1 in
	x86_64) ;;
	arm) echo arm-linux-gnueabihf- ;;
	*) die "no compiler known for ARCH=$1" ;;
	esac
}

# kmake ARCH ARGS...: make in $SRC, out of tree in $OUT, for the kernel's
# ARCH (x86_64, arm) with its compiler and ccache.  ARCH is always given,
# so that an ARCH left in the user's environment retargets nothing.
kmake() {
	local arch=$1 cross ccache=
	shift
	cross=$(kcross "$arch") || return
	[ -z "$cross" ] || command -v "${cross}gcc" >/dev/null ||
		die "${cross}gcc missing (apt-get install gcc-${cross%-})"
	command -v ccache >/dev/null && ccache="$HARNESS/ccache-cc "
	CCACHE_DEPEND=true CCACHE_BASEDIR=$BUILD \
		make -C "$SRC" O="$OUT" ARCH="$arch" \
		${cross:+"CROSS_COMPILE=$cross"} CC="${ccache}${cross}gcc" \
		-j"$JOBS" "$@"
}

# kconfig_sum ARCH BASE FRAGMENT...: checksum of a configuration request.
kconfig_sum() {
	{ echo "$1 $2"; shift 2; cat "$@"; } | md5sum
}

# kconfig_current ARCH OUT BASE FRAGMENT...: true if $OUT was configured
# by kconfigure with these arguments and these fragment contents.
kconfig_current() {
	local arch=$1 out=$2
	shift 2
	[ -f "$out/.config" ] &&
		kconfig_sum "$arch" "$@" | cmp -s - "$out/.fragments.md5"
}

# kconfig_check OUT FRAGMENT...: every CONFIG_X=val of the fragments (the
# last one wins, as in merge_config.sh) must be in $OUT/.config, =n or
# "# CONFIG_X is not set" meaning unset.  The mismatches go to
# $OUT/config-mismatch and are printed.
kconfig_check() {
	local out=$1 sym val got
	shift
	sed -nE -e 's/^(CONFIG_[A-Za-z0-9_]+)=(.*)/\1 \2/p' \
		-e 's/^# (CONFIG_[A-Za-z0-9_]+) is not set$/\1 n/p' "$@" |
		awk '{ s = $1; if (!(s in v)) o[n++] = s; v[s] = substr($0, length(s) + 2) }
		     END { for (i = 0; i < n; i++) print o[i], v[o[i]] }' |
		while read -r sym val; do
			got=$(sed -n "s/^$sym=//p" "$out/.config")
			[ "$val" = n ] && { [ -z "$got" ] || [ "$got" = n ]; } && continue
			[ "$got" = "$val" ] || echo "$sym=$val (got '${got:-unset}')"
		done >"$out/config-mismatch"
	[ -s "$out/config-mismatch" ] || return 0
	sed 's/^/    config: /' "$out/config-mismatch"
	return 1
}

# kconfigure ARCH OUT BASE FRAGMENT...: configure $OUT as kunit.py does:
# the config target BASE (tinyconfig, defconfig, mps2_defconfig, ...),
# the fragments merged onto it in order (a later one overrides an earlier
# one), olddefconfig, then kconfig_check of every fragment.  Returns
# non-zero on failure, with the reason in $OUT/config-mismatch; on success
# records the request for kconfig_current.
kconfigure() {
	local arch=$1 OUT=$2 base=$3
	shift 3
	case $base in *config) ;; *) die "kconfigure: '$base' is no config target" ;; esac
	mkdir -p "$OUT" || return
	rm -f "$OUT/.fragments.md5"
	echo "make $base, merge_config.sh or olddefconfig failed" >"$OUT/config-mismatch"
	kmake "$arch" -s "$base" >/dev/null || return
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "$@" \
		>/dev/null || return
	kmake "$arch" -s olddefconfig >/dev/null || return
	kconfig_check "$OUT" "$@" || return
	kconfig_sum "$arch" "$base" "$@" >"$OUT/.fragments.md5"
}

# kunit_modules OUT: the KUnit modules that the guest loads once swap is
# on, by name: the series' and TTM's.
kunit_modules() {
	(cd "$1"/mods/lib/modules/*/kernel && find . -name '*.ko') |
		{ grep -E '^./(lib/test_pageable/test_pageable|mm/.*kunit|drivers/gpu/drm/ttm/tests/ttm_[a-z_]*_test)\.ko$' || true; } |
		xargs -rn1 basename | sed 's/\.ko$//' | sort
}

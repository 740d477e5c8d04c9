#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make matrix": build the configurations the 0-day robot would try on the
# series, each out of tree in $BUILD/out-matrix-NAME, and fail on any
# compiler or modpost warning.  MATRIX="name ..." builds a subset.
#
# An entry is harness/matrix/NAME.config: a fragment merged onto a base
# config, with these header lines:
#   # base: tinyconfig		the config target to start from (required)
#   # arch: arm			the kernel's ARCH (default x86_64)
#   # include: test.config	fragments of harness/configs/ merged first,
#				which the entry's own lines override
#   # want: CONFIG_X=y ...	symbols the .config must also have (=n: unset)
#   # boot: yes			boot it and count its built-in KUnit suites
. "$(dirname "$0")/lib.sh"
. "$HARNESS/results.sh"

ENTRIES=$HARNESS/matrix

# header ENTRY KEY: the value of the entry's "# KEY: value" lines.
header() {
	sed -n "s/^# $2: *//p" "$ENTRIES/$1.config"
}

arch_of() {
	local arch
	arch=$(header "$1" arch)
	echo "${arch:-x86_64}"
}

MATRIX=${MATRIX:-$(basename -s .config "$ENTRIES"/*.config)}

# Debian names a cross compiler gcc-TRIPLET: install those asked for.
pkgs=
for name in $MATRIX; do
	[ -f "$ENTRIES/$name.config" ] || die "unknown matrix entry $name"
	[ -n "$(header "$name" base)" ] || die "matrix entry $name: no base config"
	cross=$(kcross "$(arch_of "$name")")
	[ -z "$cross" ] || pkgs="$pkgs gcc-${cross%-}"
done
"$HARNESS/deps.sh" $pkgs
"$HARNESS/tree.sh"

build_one() {
	local name=$1 OUT=$BUILD/out-matrix-$1 log=$LOGS/matrix-$1.log
	local arch inc want frags=
	arch=$(arch_of "$name")
	want=$(header "$name" want)
	for inc in $(header "$name" include); do
		frags="$frags $HARNESS/configs/$inc"
	done
	mkdir -p "$OUT"
	printf '%s\n' $want >"$OUT/want.config"
	if ! kconfigure "$arch" "$OUT" "$(header "$name" base)" $frags \
		"$ENTRIES/$name.config" || ! kconfig_check "$OUT" "$OUT/want.config"; then
		record "matrix $name" 0 1 0 "config failed: $(paste -sd ' ' "$OUT/config-mismatch")"
		return
	fi
	if ! logged "$log" kmake "$arch" all; then
		record "matrix $name" 0 1 0 "$log"
		return
	fi
	# Any warning fails, in our code or not: the base builds clean.
	if grep -E ': warning:|^WARNING:' "$log" | sed 's/^/    | /' | grep .; then
		record "matrix $name" 0 1 0 "warnings: $log"
		return
	fi
	record "matrix $name" 1 0 0 "$want"
	[ "$(header "$name" boot)" = yes ] && boot_one "$name"
	return 0
}

# Boot a matrix kernel and count its built-in KUnit suites (DRM and
# pageable), which run before user space: without swap, in the root memcg.
boot_one() {
	local name=$1 rc=0 job=$BUILD/guest/matrix-$1
	stage "matrix: $name: boot, built-in KUnit suites"
	KOUT=$BUILD/out-matrix-$name KUNIT_ENABLE=1 QUIET=1 \
		"$HARNESS/boot.sh" "matrix-$name" "$HARNESS/guest/builtin.sh" || rc=$?
	if [ $rc != 0 ]; then
		record "matrix $name: boot" 0 1 0 "exit $rc: $job/console.log"
		return
	fi
	record "matrix $name: KUnit" $(kunit_count "$job/builtin.log") "$job/builtin.parsed"
	grep -E '\[(FAILED|SKIPPED|CRASHED)\]' "$job/builtin.parsed" | sed 's/^/    /' || true
}

for name in $MATRIX; do
	stage "matrix: $name ($(arch_of "$name") $(header "$name" base) + fragment, out: $BUILD/out-matrix-$name)"
	build_one "$name"
done
finish

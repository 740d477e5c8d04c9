#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the patched kernel out of tree ($OUT), install its
# modules and headers, and build the selftests the guest runs.
. "$(dirname "$0")/lib.sh"

CONFIGS="$HARNESS/configs/test.config"
[ "$FLAVOUR" = debug ] && CONFIGS="$CONFIGS $HARNESS/configs/debug.config"
if [ "$FLAVOUR" = base ]; then
	# The base tree has none of our symbols.
	[ -d "$SRC" ] || git -C "$BUILD/src" worktree add -q --detach "$SRC" base
	mkdir -p "$OUT"
	grep -v PAGEABLE "$HARNESS/configs/test.config" >"$OUT/base.config"
	CONFIGS=$OUT/base.config
	SELFTESTS=${SELFTESTS:-ipc memfd}
fi
# The upstream suites we must keep passing, then our own.
if [ -z "${SELFTESTS:-}" ]; then
	SELFTESTS="ipc memfd"
	for d in "$TOP"/tools/testing/selftests/*/; do
		[ -d "$d" ] && SELFTESTS="$SELFTESTS $(basename "$d")"
	done
fi

stage "kernel build ($FLAVOUR config, -j$JOBS, out: $OUT)"
# Configure again when the fragments changed, or when tree.sh laid the
# series again (the base tree does not change).
if ! kconfig_current x86_64 "$OUT" tinyconfig $CONFIGS ||
	[ "$OUT/.config" -ot "$BUILD/src/.git/series-laid" -a "$FLAVOUR" != base ]; then
	kconfigure x86_64 "$OUT" tinyconfig $CONFIGS ||
		die "could not configure $OUT: $(head -n 1 "$OUT/config-mismatch")"
fi
logged "$LOGS/build-$FLAVOUR.log" kmake x86_64 bzImage modules
info "built $(kmake x86_64 -s kernelrelease) in $(($(date +%s) - HARNESS_T0))s since start"

# Install modules, headers and selftests only when something changed.
stamp=$OUT/.installed
newer() {
	[ ! -f "$stamp" ] || [ -n "$(find "$@" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]
}
if newer "$OUT/vmlinux" "$OUT/modules.order" $(find "$OUT" -name '*.ko' -newer "$stamp" -print -quit 2>/dev/null); then
	rm -rf "$OUT/mods"
	logged "$LOGS/modules-install-$FLAVOUR.log" kmake x86_64 INSTALL_MOD_PATH="$OUT/mods" modules_install
	logged "$LOGS/headers-$FLAVOUR.log" kmake x86_64 headers
	rm -f "$stamp"
fi
if newer "$OUT/usr/include" $(printf "$SRC/tools/testing/selftests/%s " $SELFTESTS) "$HARNESS/guest"; then
	stage "selftests: $SELFTESTS"
	rm -rf "$OUT/ksft"
	logged "$LOGS/selftests-$FLAVOUR.log" make -C "$SRC/tools/testing/selftests" \
		O="$OUT/ksft-build" KHDR_INCLUDES="-isystem $OUT/usr/include" \
		TARGETS="$SELFTESTS" FORCE_TARGETS=1 LDFLAGS=-static \
		INSTALL_PATH="$OUT/ksft" install
	gcc -O2 -Wall -static -o "$OUT/shmdemo" "$HARNESS/guest/shmdemo.c"
	gcc -O2 -Wall -static -o "$OUT/sysvcmp" "$HARNESS/guest/sysvcmp.c"
	gcc -O2 -Wall -static -isystem "$OUT/usr/include" -o "$OUT/gemcmp" \
		"$HARNESS/guest/gemcmp.c"
	gcc -O2 -Wall -static -isystem "$OUT/usr/include" -o "$OUT/gembench" \
		"$HARNESS/guest/gembench.c"
fi
touch "$stamp"

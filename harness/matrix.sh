#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make matrix": build the configurations the 0-day robot would try on the
# series, each out of tree in $BUILD/out-matrix-NAME, and fail on any
# compiler or modpost warning.  MATRIX="name ..." builds a subset.
. "$(dirname "$0")/lib.sh"
. "$HARNESS/results.sh"

# test_config SYM=VAL...: the test kernel's fragment with these overrides.
test_config() {
	local o drop=
	for o in "$@"; do
		drop="$drop|^${o%%=*}="
	done
	grep -vE "${drop#|}" "$HARNESS/configs/test.config"
	printf '%s\n' "$@"
}

# name: base config, then the fragment merged onto it; for an entry that
# is not x86_64, kmake's KARCH and KCROSS.
declare -A BASECONF FRAG WANT BOOT ARCHOF CROSSOF
BASECONF[defconfig]=defconfig
FRAG[defconfig]=""
WANT[defconfig]="CONFIG_PAGEABLE=y CONFIG_SYSVIPC=y CONFIG_DRM=y CONFIG_SHMEM=y"

# The test kernel's fragment, with SHMEM=n: ramfs backs the objects.
BASECONF[shmem-n]=tinyconfig
FRAG[shmem-n]=$(test_config CONFIG_EXPERT=y CONFIG_SHMEM=n CONFIG_TMPFS=n \
	CONFIG_PAGEABLE_BENCH=n CONFIG_PAGEABLE_KUNIT_TEST=y)
WANT[shmem-n]="CONFIG_PAGEABLE=y CONFIG_SHMEM=n CONFIG_SYSVIPC=y CONFIG_DRM_VGEM=y CONFIG_PAGEABLE_KUNIT_TEST=y"
BOOT[shmem-n]=1

BASECONF[sysvipc-n]=tinyconfig
FRAG[sysvipc-n]=$(test_config CONFIG_SYSVIPC=n)
WANT[sysvipc-n]="CONFIG_PAGEABLE=y CONFIG_SYSVIPC=n CONFIG_DRM=y"

# DRM as a module, every test a module.
BASECONF[drm-m]=tinyconfig
FRAG[drm-m]=$(test_config CONFIG_DRM=m CONFIG_DRM_VGEM=m CONFIG_DRM_KUNIT_TEST=m \
	CONFIG_KUNIT=m CONFIG_PAGEABLE_KUNIT_TEST=m)
WANT[drm-m]="CONFIG_PAGEABLE=y CONFIG_DRM=m CONFIG_DRM_KUNIT_TEST=m CONFIG_PAGEABLE_KUNIT_TEST=m CONFIG_PAGEABLE_BENCH=m"

# The test kernel's fragment without memory cgroups, and the KUnit suite
# built in: its !MEMCG stubs must compile too.  Build only.
BASECONF[memcg-n]=tinyconfig
FRAG[memcg-n]=$(test_config CONFIG_MEMCG=n CONFIG_PAGEABLE_KUNIT_TEST=y)
WANT[memcg-n]="CONFIG_PAGEABLE=y CONFIG_MEMCG=n CONFIG_SHMEM=y CONFIG_PAGEABLE_KUNIT_TEST=y"

# No MMU (SHMEM depends on it): SysV shm objects live in ramfs.  ARMv7-M,
# as in qemu's mps2-an385, with the cross compiler "make drivers" uses.
# No debug info: it only slows the build down.
ARCHOF[nommu]=arm
CROSSOF[nommu]=arm-linux-gnueabihf-
BASECONF[nommu]=mps2_defconfig
FRAG[nommu]=$(printf '%s\n' CONFIG_SYSVIPC=y CONFIG_KUNIT=y \
	CONFIG_PAGEABLE_KUNIT_TEST=y CONFIG_DEBUG_INFO_NONE=y)
WANT[nommu]="CONFIG_MMU=n CONFIG_SHMEM=n CONFIG_PAGEABLE=y CONFIG_SYSVIPC=y CONFIG_PAGEABLE_KUNIT_TEST=y"

# The smallest kernel with a user of the allocator.
BASECONF[tiny-sysvipc]=tinyconfig
FRAG[tiny-sysvipc]="CONFIG_SYSVIPC=y"
WANT[tiny-sysvipc]="CONFIG_PAGEABLE=y CONFIG_SYSVIPC=y CONFIG_DRM=n"

MATRIX=${MATRIX:-"tiny-sysvipc shmem-n sysvipc-n drm-m memcg-n nommu defconfig"}

# Debian names a cross compiler gcc-TRIPLET: install those asked for.
pkgs=
for name in $MATRIX; do
	[ -n "${BASECONF[$name]:-}" ] || die "unknown matrix entry $name"
	if [ -n "${CROSSOF[$name]:-}" ]; then
		pkgs="$pkgs gcc-${CROSSOF[$name]%-}"
	fi
done
"$HARNESS/deps.sh" $pkgs
"$HARNESS/tree.sh"

build_one() {
	local name=$1 OUT=$BUILD/out-matrix-$1 log=$LOGS/matrix-$1.log
	local KARCH=${ARCHOF[$1]:-} KCROSS=${CROSSOF[$1]:-}
	local sym val got bad=
	mkdir -p "$OUT"
	printf '%s\n' "${FRAG[$name]}" >"$OUT/fragment.config"
	kmake -s "${BASECONF[$name]}" >/dev/null
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" \
		"$OUT/fragment.config" >/dev/null
	kmake -s olddefconfig >/dev/null
	for want in ${WANT[$name]}; do
		sym=${want%%=*}
		val=${want#*=}
		got=$(grep -E "^$sym=" "$OUT/.config" | cut -d= -f2- || true)
		[ "$val" = n ] && [ -z "$got" ] && continue
		[ "$got" = "$val" ] || bad="$bad $sym=$val(got:${got:-unset})"
	done
	if [ -n "$bad" ]; then
		record "matrix $name" 0 1 0 "config did not stick:$bad"
		return
	fi
	if ! logged "$log" kmake all; then
		record "matrix $name" 0 1 0 "$log"
		return
	fi
	# Any warning fails, in our code or not: the base builds clean.
	if grep -E ': warning:|^WARNING:' "$log" | sed 's/^/    | /' | grep .; then
		record "matrix $name" 0 1 0 "warnings: $log"
		return
	fi
	record "matrix $name" 1 0 0 "${WANT[$name]}"
	[ -n "${BOOT[$name]:-}" ] && boot_one "$name"
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
	stage "matrix: $name (${ARCHOF[$name]:-x86_64} ${BASECONF[$name]} + fragment, out: $BUILD/out-matrix-$name)"
	build_one "$name"
done
finish

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build every GEM driver that the conversion touches (configs/drivers.config)
# with the series applied, out of tree in $BUILD/out-drivers.  Fails if a
# driver that was asked for cannot be enabled, or if its directory does not
# build.  Not part of "make test": it takes long (see the README).
. "$(dirname "$0")/lib.sh"
OUT=$BUILD/out-drivers
CONFIGS="$HARNESS/configs/test.config $HARNESS/configs/drivers.config"
DIRS=

stage "GEM driver build (-j$JOBS, out: $OUT)"
mkdir -p "$OUT"
kmake -s tinyconfig >/dev/null
"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" $CONFIGS >/dev/null
kmake -s olddefconfig >/dev/null
missing=0
while IFS== read -r sym val; do
	got=$(grep -E "^$sym=" "$OUT/.config" | cut -d= -f2- || true)
	if [ "$got" != "$val" ]; then
		info "config: $sym=$val did not stick (got '${got:-unset}')"
		missing=1
	fi
done < <(grep -E '^CONFIG_DRM_[A-Z0-9_]+=' "$HARNESS/configs/drivers.config")
[ $missing = 0 ] || die "a driver could not be enabled"

for d in i915 msm etnaviv lima panfrost omapdrm exynos gma500 xen \
	 tegra rockchip qxl nouveau loongson virtio v3d bochs; do
	DIRS="$DIRS drivers/gpu/drm/$d/"
done
logged "$LOGS/build-drivers.log" kmake drivers/gpu/drm/ $DIRS
# Warnings in what the series touched are errors.
if grep -E '^(drivers/gpu/drm|include/drm|mm)/.*: warning:' "$LOGS/build-drivers.log"; then
	die "warnings in the driver build: $LOGS/build-drivers.log"
fi
info "built $(echo $DIRS | wc -w) driver directories and the DRM core in $(($(date +%s) - HARNESS_T0))s"

# armada is ARM only, without COMPILE_TEST: cross-build it for 32-bit ARM.
ARMOUT=$BUILD/out-drivers-arm
armmake() {
	local ccache=
	command -v ccache >/dev/null && ccache="ccache "
	CCACHE_DEPEND=true CCACHE_BASEDIR=$BUILD \
		make -C "$SRC" O="$ARMOUT" ARCH=arm \
		CROSS_COMPILE=arm-linux-gnueabihf- \
		CC="${ccache}arm-linux-gnueabihf-gcc" -j"$JOBS" "$@"
}
stage "GEM driver build for 32-bit ARM: armada (out: $ARMOUT)"
command -v arm-linux-gnueabihf-gcc >/dev/null ||
	die "arm-linux-gnueabihf-gcc missing (apt-get install gcc-arm-linux-gnueabihf)"
mkdir -p "$ARMOUT"
armmake -s tinyconfig >/dev/null
"$SRC/scripts/kconfig/merge_config.sh" -m -O "$ARMOUT" "$ARMOUT/.config" \
	"$HARNESS/configs/drivers-arm.config" >/dev/null
armmake -s olddefconfig >/dev/null
grep -q '^CONFIG_DRM_ARMADA=m' "$ARMOUT/.config" ||
	die "CONFIG_DRM_ARMADA=m did not stick in $ARMOUT/.config"
logged "$LOGS/build-drivers-arm.log" armmake mm/pageable.o \
	drivers/gpu/drm/drm_gem.o drivers/gpu/drm/armada/
if grep -E '^(drivers/gpu/drm|include/drm|mm)/.*: warning:' "$LOGS/build-drivers-arm.log"; then
	die "warnings in the ARM driver build: $LOGS/build-drivers-arm.log"
fi
info "built armada for ARM; all done in $(($(date +%s) - HARNESS_T0))s"

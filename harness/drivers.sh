#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build every GEM and TTM driver that the conversion touches
# (configs/drivers.config) with the series applied, out of tree in
# $BUILD/out-drivers.  Fails if a driver that was asked for cannot be
# enabled, or if its directory does not build.  Not part of "make test":
# it takes long (see the README).
. "$(dirname "$0")/lib.sh"
OUT=$BUILD/out-drivers
CONFIGS="$HARNESS/configs/test.config $HARNESS/configs/drivers.config"
DIRS=

stage "GEM driver build (-j$JOBS, out: $OUT)"
kconfigure x86_64 "$OUT" tinyconfig $CONFIGS || die "a driver could not be enabled"

for d in i915 msm etnaviv lima panfrost omapdrm exynos gma500 xen \
	 tegra rockchip qxl nouveau loongson virtio v3d bochs \
	 ttm radeon amd/amdgpu vmwgfx xe; do
	DIRS="$DIRS drivers/gpu/drm/$d/"
done
logged "$LOGS/build-drivers.log" kmake x86_64 drivers/gpu/drm/ $DIRS
# Warnings in what the series touched are errors.
if grep -E '^(drivers/gpu/drm|include/drm|mm)/.*: warning:' "$LOGS/build-drivers.log"; then
	die "warnings in the driver build: $LOGS/build-drivers.log"
fi
info "built $(echo $DIRS | wc -w) driver directories and the DRM core in $(($(date +%s) - HARNESS_T0))s"

# armada is ARM only, without COMPILE_TEST: cross-build it for 32-bit ARM.
OUT=$BUILD/out-drivers-arm
stage "GEM driver build for 32-bit ARM: armada (out: $OUT)"
kconfigure arm "$OUT" tinyconfig "$HARNESS/configs/drivers-arm.config" ||
	die "armada could not be enabled"
logged "$LOGS/build-drivers-arm.log" kmake arm mm/pageable.o \
	drivers/gpu/drm/drm_gem.o drivers/gpu/drm/armada/
if grep -E '^(drivers/gpu/drm|include/drm|mm)/.*: warning:' "$LOGS/build-drivers-arm.log"; then
	die "warnings in the ARM driver build: $LOGS/build-drivers-arm.log"
fi
info "built armada for ARM; all done in $(($(date +%s) - HARNESS_T0))s"

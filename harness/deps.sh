#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, when they are missing.
. "$(dirname "$0")/lib.sh"

PKGS="linux-source-6.12 qemu-system-x86 busybox-static flex bison bc
libelf-dev libssl-dev cpio kmod ccache sparse python3-ply python3-git
rsync gcc make perl git xz-utils libfuse-dev fuse pkg-config python3-sphinx
python3-sphinx-rtd-theme $*"

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

stage "installing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
	die "missing packages; run: sudo apt-get install$missing"
fi
export DEBIAN_FRONTEND=noninteractive
logged "$LOGS/apt.log" sh -c "apt-get update && apt-get install -y --no-install-recommends$missing"

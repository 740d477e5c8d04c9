#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh quick:   checkpatch --strict and kernel-doc -Wall on the
#                   project's own kernel files.
# check.sh objects: W=1 and sparse on every object the series adds or
#                   changes; for files that exist upstream only findings
#                   the base tree does not have count.
# check.sh docs:    make htmldocs SPHINXDIRS=mm, warnings compared with the
#                   base tree's.
# check.sh bisect:  every prefix of the series builds, without warnings,
#                   with the test configuration, boots to user space and
#                   passes the KUnit suites it has (built in and modules).
# check.sh full:    all of these, plus checkpatch --strict on every patch
#                   of the generated series.
. "$(dirname "$0")/lib.sh"
. "$HARNESS/results.sh"

mode=${1:-quick}
rc=0

quick() {
	local files out f
	files=$(git -C "$SRC" diff --name-only --no-renames --diff-filter=A base series |
		grep -E '\.([ch]|rst)$' || true)
	[ -n "$files" ] || { echo "the series adds no kernel file yet"; return 0; }
	cd "$SRC"
	for f in $files; do
		if ! out=$(PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict \
			--no-tree --terse --show-types -f "$f"); then
			echo "$out"
			rc=1
		fi
	done
	echo "checkpatch --strict: $(echo $files | wc -w) files checked"
	out=$(scripts/kernel-doc -none -Wall $(printf '%s\n' $files |
		grep -v -e '^tools/' -e '\.rst$') 2>&1)
	if [ -n "$out" ]; then
		echo "$out"
		rc=1
	fi
	echo "kernel-doc -Wall: clean"
	# git am and checkpatch of the added files would not see these.
	out=$(git -C "$SRC" diff --check base series || true)
	if [ -n "$out" ]; then
		echo "$out"
		rc=1
	fi
	echo "git diff --check base..series: clean"
}

# findings OUTDIR SRCDIR OBJ: W=1 + sparse warnings of one object, with
# line numbers dropped so that base and series can be compared.
findings() {
	rm -f "$1/$3"
	make -C "$2" O="$1" ARCH=x86_64 -j"$JOBS" W=1 C=1 "$3" 2>&1 |
		{ grep -E 'warning:|error:' || true; } | sed -E "s|$2/||g; s/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/" | sort
}

objects() {
	local objs changed o new old base_out=$BUILD/out-base base_src=$BUILD/base-src
	objs=$(git -C "$SRC" diff --name-only --diff-filter=AM base series -- '*.c' |
		grep -v '^tools/' | sed 's/\.c$/.o/')
	changed=$(git -C "$SRC" diff --name-only --diff-filter=M base series -- '*.c' |
		grep -v '^tools/' | sed 's/\.c$/.o/' || true)
	[ -n "$objs" ] || { echo "no kernel objects changed"; return 0; }
	if [ -n "$changed" ]; then
		# The base kernel, configured like the test kernel (BASE=1),
		# for comparison; compare.sh boots the same build.
		BASE=1 "$HARNESS/build.sh" >"$LOGS/check-build-base.log" 2>&1 ||
			die "base kernel build failed: $LOGS/check-build-base.log"
	fi
	for o in $objs; do
		[ -f "$OUT/$o" ] || [ -f "$OUT/${o%.o}.mod" ] || { echo "$o: not built in this config"; continue; }
		new=$(findings "$OUT" "$SRC" "$o")
		old=
		if printf '%s\n' $changed | grep -qx "$o"; then
			old=$(findings "$base_out" "$base_src" "$o")
		fi
		new=$(comm -23 <(echo "$new") <(echo "$old") | grep . || true)
		if [ -n "$new" ]; then
			echo "$o: new W=1/sparse findings:"
			echo "$new" | sed 's/^/    /'
			rc=1
		else
			echo "$o: W=1 and sparse clean (beyond the base tree's own findings)"
		fi
	done
}

# htmldoc_warnings SRCDIR OUTDIR: the warnings of the mm book, without
# line numbers.
htmldoc_warnings() {
	rm -rf "$2"	# Sphinx only reports on the pages it rebuilds.
	make -C "$1" O="$2" SPHINXDIRS=mm htmldocs 2>&1 |
		{ grep -E 'WARNING|ERROR' || true; } |
		{ grep -v 'dot(1) not found' || true; } |
		sed -E "s|$1/||g; s/:[0-9]+:/:/g" | sort -u
}

docs() {
	local new old base_src=$BUILD/base-src
	[ -d "$base_src" ] || git -C "$SRC" worktree add -q --detach "$base_src" base
	new=$(htmldoc_warnings "$SRC" "$BUILD/out-docs")
	old=$(htmldoc_warnings "$base_src" "$BUILD/out-docs-base")
	new=$(comm -23 <(echo "$new") <(echo "$old") | grep . || true)
	if [ -n "$new" ]; then
		echo "make htmldocs SPHINXDIRS=mm: new warnings:"
		echo "$new" | sed 's/^/    /'
		rc=1
	else
		echo "make htmldocs SPHINXDIRS=mm: no new warnings ($(echo "$old" | grep -c .) on the base)"
	fi
}

# bisect_boot N MODULES...: boot the prefix just built in $BUILD/bisect/out;
# it must reach user space without a splat, and its KUnit suites (built
# in, and the modules named) must pass.
bisect_boot() {
	local n=$1 job=$BUILD/guest/bisect-$1 brc=0 counts p f s m what=
	shift
	KOUT=$BUILD/bisect/out KUNIT_ENABLE=1 QUIET=1 \
		GUEST_APPEND="movablecore=64M ${GUEST_APPEND:-}" \
		"$HARNESS/boot.sh" "bisect-$n" "$HARNESS/guest/kunit.sh" "$@" \
		>"$LOGS/bisect-$n-boot.log" 2>&1 || brc=$?
	case $brc in
	0) ;;
	124) echo "timed out ($job/console.log)"; return 1 ;;
	126) echo "kernel splat ($job/console.log)"; return 1 ;;
	*) echo "no user space or a failed guest, exit $brc ($job/console.log)"; return 1 ;;
	esac
	grep -q '^guest: user space reached' "$job/console.log" ||
		{ echo "did not reach user space ($job/console.log)"; return 1; }
	for m in builtin "$@"; do
		if [ "$m" = builtin ] && ! grep -q 'KTAP version' "$job/kunit/builtin.log"; then
			what="$what, no built-in KUnit suite"
			continue
		fi
		[ -f "$job/kunit/$m.log" ] || { echo "KUnit $m did not run ($job)"; return 1; }
		read -r p f s <<<"$(kunit_count "$job/kunit/$m.log")"
		what="$what, KUnit $m $p passed $f failed $s skipped"
		if [ "$f" != 0 ]; then
			echo "user space reached$what ($job/kunit/$m.parsed)"
			{ grep -E '\[(FAILED|CRASHED)\]' "$job/kunit/$m.parsed" || true; } |
				sed -n '1,5s/^/    /p'
			return 1
		fi
	done
	echo "user space reached$what"
}

# Every prefix of the series builds without warnings, then boots and
# passes the KUnit suites it has.  The prefixes are checked out in a work
# tree of their own ($BUILD/bisect/src), so that $BUILD/src, where the
# series is worked on, and its build stay as they are; a prefix whose
# kernel and modules are those of the prefix before is not booted again.
bisect() {
	local c n=0 log subject bsrc=$BUILD/bisect/src bout=$BUILD/bisect/out
	local mods sum prev= t0 t out
	t0=$(date +%s)
	[ -f "$OUT/.config" ] || "$HARNESS/build.sh" >/dev/null
	if ! { [ -f "$bsrc/.git" ] && git -C "$bsrc" rev-parse -q --verify HEAD >/dev/null 2>&1; }; then
		rm -rf "$bsrc"
		git -C "$SRC" worktree prune
		git -C "$SRC" worktree add -q --detach "$bsrc" base
	fi
	mkdir -p "$bout"
	for c in $(git -C "$SRC" rev-list --reverse base..series); do
		n=$((n + 1))
		subject=$(git -C "$SRC" log -1 --format=%s "$c")
		log=$LOGS/bisect-$n.log
		t=$(date +%s)
		git -C "$bsrc" checkout -q -f --detach "$c"
		cp "$OUT/.config" "$bout/.config"
		rm -rf "$bout/mods"
		if SRC=$bsrc OUT=$bout kmake x86_64 olddefconfig bzImage modules >"$log" 2>&1 &&
			! grep -q 'warning:' "$log" &&
			SRC=$bsrc OUT=$bout kmake x86_64 INSTALL_MOD_PATH="$bout/mods" modules_install >>"$log" 2>&1; then
			echo "patch $n builds ($(($(date +%s) - t)) s): $subject"
		else
			echo "patch $n does not build cleanly: $subject ($log)"
			{ grep -E 'warning:|error:|ERROR:|undefined reference' "$log" || true; } |
				sed -n '1,5s/^/    /p'
			rc=1
			prev=
			continue
		fi
		sum=$( (cat "$bout/arch/x86/boot/bzImage"
			cd "$bout/mods" && find . -type f -name '*.ko' | sort | xargs -r cat) | sha1sum)
		if [ "$sum" = "$prev" ]; then
			echo "patch $n boots: same kernel and modules as patch $((n - 1))"
			continue
		fi
		mods=$(kunit_modules "$bout")
		t=$(date +%s)
		if out=$(bisect_boot "$n" $mods); then
			echo "patch $n boots ($(($(date +%s) - t)) s): $out"
			prev=$sum
		else
			echo "patch $n does not boot cleanly: $out"
			rc=1
			prev=
		fi
	done
	echo "bisect: $n prefixes in $(($(date +%s) - t0)) s"
}

# checkpatch asks "does MAINTAINERS need updating?" (FILE_PATH_CHANGES) of
# every patch that adds a file without touching MAINTAINERS, whatever the
# existing entries cover.  The question is answered here instead: every
# file the series adds must have a maintainer other than the catch-all.
patches() {
	local out f
	"$HARNESS/series.sh" >/dev/null
	cd "$SRC"
	for p in "$BUILD"/series/*.patch; do
		case $p in *0000-cover-letter.patch) continue ;; esac
		if ! out=$(PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict \
			--terse --show-types --ignore FILE_PATH_CHANGES "$p"); then
			echo "$out"
			rc=1
		fi
	done
	echo "checkpatch --strict: every patch of the series checked"
	for f in $(git diff --name-only --no-renames --diff-filter=A base series); do
		out=$(perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--no-rolestats --no-l --no-r -f "$f" 2>/dev/null || true)
		case $out in
		''|*Torvalds*) echo "no MAINTAINERS entry covers $f"; rc=1 ;;
		esac
	done
	echo "MAINTAINERS: every file the series adds has a maintainer"
}

case $mode in
quick) quick ;;
objects) objects ;;
docs) docs ;;
bisect) bisect ;;
full) quick; objects; docs; patches; bisect ;;
*) die "usage: check.sh quick|objects|docs|bisect|full" ;;
esac
exit $rc

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
#                   with the test configuration.
# check.sh full:    all of these, plus checkpatch --strict on every patch
#                   of the generated series.
. "$(dirname "$0")/lib.sh"

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

# Every prefix of the series builds without warnings.  The prefixes are
# checked out in a work tree of their own ($BUILD/bisect/src), so that
# $BUILD/src, where the series is worked on, and its build stay as they
# are.
bisect() {
	local c n=0 log subject bsrc=$BUILD/bisect/src bout=$BUILD/bisect/out
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
		git -C "$bsrc" checkout -q -f --detach "$c"
		cp "$OUT/.config" "$bout/.config"
		if SRC=$bsrc OUT=$bout kmake olddefconfig bzImage modules >"$log" 2>&1 &&
			! grep -q 'warning:' "$log"; then
			echo "patch $n builds: $subject"
		else
			echo "patch $n does not build cleanly: $subject ($log)"
			grep -E 'warning:|error:' "$log" | head -n 5 | sed 's/^/    /'
			rc=1
		fi
	done
}

patches() {
	local out
	"$HARNESS/series.sh" >/dev/null
	cd "$SRC"
	for p in "$BUILD"/series/*.patch; do
		case $p in *0000-cover-letter.patch) continue ;; esac
		if ! out=$(PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict \
			--terse --show-types "$p"); then
			echo "$out"
			rc=1
		fi
	done
	echo "checkpatch --strict: every patch of the series checked"
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

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make tree" (and the first step of every other target): lay the series
# from patches/ into $BUILD/src, a git work tree checked out on branch
# "series", and check the repository's mirror of it.
#
# The base (Debian's linux-source-6.12, or KSRC=/path/to/tree) is unpacked
# once and committed as the tag "base".  Every patches/NNNN-slug.patch
# (git format-patch output) becomes one commit on top of it, with the
# patch's author, date and message; the commits are made in a private
# index and the work tree is then moved to them with "git checkout", which
# rewrites only the files that differ: an unchanged series touches nothing
# and the build stays incremental.
#
# $BUILD/src is where the series is worked on: commit, "git rebase -i
# base", "git commit --fixup" there, then "make export" (export.sh) writes
# the branch back into patches/ and the mirror.  This script refuses to
# lay the series over work that is not exported: commits on branch
# "series" since it was last laid or exported ($BUILD/src/.git/series-laid),
# tracked changes in the work tree, a rebase or the like in progress, or
# another branch checked out.  FORCE=1 drops that work.
#
# It also fails when the mirror (the files the series adds, kept in the
# repository at their kernel paths) differs from what the patches add:
# those files are written by "make export", never edited by hand.
#
# "tree.sh check" only checks that $BUILD/src holds no unexported work
# ("make clean" runs it before removing $BUILD).
. "$(dirname "$0")/lib.sh"
. "$HARNESS/serieslib.sh"
FORCE=${FORCE:-0}
DROP="make tree FORCE=1"	# how to drop work that is not exported

base_id() {
	if [ -n "${KSRC:-}" ]; then
		echo "ksrc:$(cd "$KSRC" && pwd)"
	else
		echo "deb:$(stat -c '%s-%Y' "$BASE_TAR")"
	fi
}

# Is there work in $SRC that laying the series would drop?  Dies with the
# way out unless FORCE=1.
check_unexported() {
	local op head cur laid why= list= keep
	[ -d "$SRC/.git" ] || return 0
	op=$(in_progress)
	head=$(sgit symbolic-ref -q HEAD || echo "detached at $(sgit rev-parse --short HEAD)")
	cur=$(sgit rev-parse -q --verify refs/heads/series || true)
	laid=$(head -n 1 "$LAID" 2>/dev/null || true)
	keep="commit it on branch series, then \"make export\""
	if [ -n "$op" ]; then
		why="$op is in progress in $SRC"
		keep="finish the $op, then \"make export\""
	elif [ -z "$cur" ]; then
		:	# never laid: only tracked changes can be lost
	elif [ "$head" != refs/heads/series ] &&
		! { [ -z "$laid" ] && [ "$(sgit rev-parse HEAD)" = "$cur" ]; }; then
		# (A detached HEAD at the branch, without a record: a tree
		# laid by an older harness, nothing to lose.)
		why="$SRC is not on branch series (HEAD: ${head#refs/heads/})"
		keep="\"git checkout series\" there (commit first what should stay)"
	elif [ -n "$laid" ] && [ "$cur" != "$laid" ]; then
		if sgit merge-base --is-ancestor "$laid" "$cur" 2>/dev/null; then
			why="branch series has commits that are not exported"
			list=$(sgit log --oneline --no-decorate "$laid..$cur" | sed -n 1,20p)
		else
			why="branch series was rewritten (rebase, amend, reset) since it was last laid or exported"
			list=$(sgit log --oneline --no-decorate base..series | sed -n 1,20p)
		fi
		keep="\"make export\" (writes patches/ and the mirror from branch series)"
	fi
	if [ -z "$why" ]; then
		list=$(tracked_changes)
		[ -z "$list" ] || why="the work tree has changes that are not committed"
		keep="commit them on branch series (git commit, git commit --fixup), then \"make export\""
	fi
	[ -n "$why" ] || return 0
	if [ "$FORCE" = 1 ]; then
		info "FORCE=1: dropping it: $why"
		return 0
	fi
	{
		echo "ERROR: $why${list:+:}"
		[ -z "$list" ] || printf '%s\n' "$list" | sed 's/^/    /'
		echo "Laying the series from patches/ would drop this work."
		echo "To keep it: $keep."
		echo "To drop it: \"$DROP\"."
	} >&2
	exit 1
}

init_base() {
	local id
	id=$(base_id)
	if [ -f "$SRC/.git/base-id" ] && [ "$(cat "$SRC/.git/base-id")" = "$id" ]; then
		return 0
	fi
	check_unexported
	stage "preparing the base tree ($id)"
	rm -rf "$SRC" "$BUILD"/out-* "$BUILD"/base-src "$BUILD"/bisect
	mkdir -p "$SRC"
	if [ -n "${KSRC:-}" ]; then
		[ -f "$KSRC/Makefile" ] && [ -d "$KSRC/mm" ] || die "KSRC=$KSRC is not a kernel tree"
		logged "$LOGS/unpack.log" rsync -a --exclude=.git "$KSRC/" "$SRC/"
	else
		[ -f "$BASE_TAR" ] || die "$BASE_TAR missing (apt-get install linux-source-6.12)"
		info "unpacking $BASE_TAR (about 1 minute)"
		logged "$LOGS/unpack.log" tar -C "$SRC" --strip-components=1 -xJf "$BASE_TAR"
	fi
	info "committing the base tree to git"
	(
		cd "$SRC"
		git init -q
		git config core.autocrlf false
		git config gc.auto 0
		git add -f -A .
		git -c user.name=base -c user.email=base@localhost \
			commit -q -m "base: $(make -s kernelversion 2>/dev/null)"
		git tag -f base >/dev/null
		b=$(git symbolic-ref --short HEAD)
		git checkout -q --detach
		git branch -q -D "$b"
	) >"$LOGS/base-git.log" 2>&1 || die "git commit of base failed: $LOGS/base-git.log"
	echo "$id" >"$SRC/.git/base-id"
}

# Commits made in $SRC are the signer's, as the exported patches are.
identity() {
	local n e
	n=$(signer_name)
	e=$(signer_email)
	[ "$(git -C "$SRC" config user.name || true)" = "$n" ] || git -C "$SRC" config user.name "$n"
	[ "$(git -C "$SRC" config user.email || true)" = "$e" ] || git -C "$SRC" config user.email "$e"
}

# Drop what check_unexported found (FORCE=1): git's operation in progress.
drop_operation() {
	local op
	op=$(in_progress)
	case $op in
	"") return 0 ;;
	"git am") sgit am --quit ;;
	"git rebase") sgit rebase --quit ;;
	"git merge") sgit merge --quit ;;
	"git cherry-pick") sgit cherry-pick --quit ;;
	"git revert") sgit revert --quit ;;
	"git bisect") sgit bisect reset >/dev/null 2>&1 || true ;;
	esac
}

lay_series() {
	local laid digest tip cur diff
	digest=$(patches_digest)
	laid=$(head -n 1 "$LAID" 2>/dev/null || true)
	cur=$(sgit rev-parse -q --verify refs/heads/series || true)
	if [ -n "$laid" ] && [ "$(sed -n 2p "$LAID")" = "$digest" ] &&
		sgit cat-file -e "$laid^{commit}" 2>/dev/null; then
		tip=$laid		# patches/ unchanged since: the same commits
	else
		tip=$(lay_patches)
	fi
	diff=$(mirror_diff "$tip")
	if [ -n "$diff" ]; then
		{
			echo "ERROR: the files the series adds, as this repository holds them, differ from patches/:"
			printf '%s\n' "$diff" | sed 's/^/    /'
			echo "They are written by \"make export\", not edited here.  Make the change on"
			echo "branch series in $SRC instead (copy the file there, commit,"
			echo "e.g. git commit --fixup), then run \"make export\"; or undo it here"
			echo "(git checkout -- FILE; remove a new file)."
		} >&2
		exit 1
	fi
	check_unexported
	drop_operation
	if [ "$cur" != "$tip" ] || [ "$(sgit symbolic-ref -q HEAD || true)" != refs/heads/series ] ||
		[ "$FORCE" = 1 ]; then
		# Moves only the files that differ between the old and the
		# new series.
		sgit checkout -q -f -B series "$tip"
	fi
	record_laid "$tip"
	info "series: $(sgit rev-list --count base..series) patches on $(sgit log -1 --format=%s base) (branch series in $SRC)"
}

case ${1:-} in
"") ;;
check)	# only the check, before "make clean" removes $BUILD
	DROP="make clean FORCE=1"
	check_unexported
	exit 0
	;;
*) die "usage: tree.sh [check]" ;;
esac
init_base
identity
lay_series

# SPDX-License-Identifier: GPL-2.0
# The series in git and in the repository: shared by tree.sh and
# export.sh.  Sourced after lib.sh, not run.
#
#   patches/NNNN-slug.patch  one commit of base..series each, as
#                            "git format-patch" writes it (see
#                            format_patches): the source of truth.
#   the mirror               every file the series adds (a path absent from
#                            the base tree), at the series' final state, at
#                            its kernel path in the repository (mm/pageable.c,
#                            ...).  Written by export.sh, checked by tree.sh;
#                            never edited by hand, never a copy of an
#                            upstream file.
#   $SRC/.git/series-laid    the commit that tree.sh laid or export.sh
#                            exported last (line 1) and a digest of the
#                            patches it was laid from (line 2).  Branch
#                            "series" anywhere else, or tracked changes in
#                            the work tree, are work not exported yet.

SRC=$BUILD/src		# the series tree, whatever flavour the caller builds
PATCHES=$TOP/patches
LAID=$SRC/.git/series-laid

# git without the user's global and system configuration, so that
# format-patch and apply write and read the same bytes on every machine.
sgit() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git -C "$SRC" "$@"
}

# Who signs the series: the repository's git identity, if any.
signer_name() {
	local n
	n=$(git -C "$TOP" config user.name || true)
	echo "${n:-Pageable Developers}"
}
signer_email() {
	local e
	e=$(git -C "$TOP" config user.email || true)
	echo "${e:-pageable-devel@localhost}"
}

patch_files() {
	local f
	for f in "$PATCHES"/*.patch; do
		[ -e "$f" ] || continue
		case $(basename "$f") in
		[0-9][0-9][0-9][0-9]-*.patch) echo "$f" ;;
		*) die "$f: a patch is named NNNN-subject.patch" ;;
		esac
	done
}

# A digest of patches/*.patch, names included.
patches_digest() {
	local p
	for p in $(patch_files); do
		printf '%s\n' "$(basename "$p")"
		cat "$p"
	done | sha1sum | cut -d' ' -f1
}

# format_patches DIR: base..series as patches/ holds it.  Every patch
# carries the signer's Signed-off-by (added when it is not the last one).
format_patches() {
	GIT_COMMITTER_NAME=$(signer_name) GIT_COMMITTER_EMAIL=$(signer_email) \
	sgit format-patch -q -o "$1" --signoff --no-numbered --zero-commit \
		--no-signature --full-index --no-cover-letter --no-thread \
		--no-notes --no-to --no-cc --no-base --encode-email-headers \
		--diff-algorithm=myers --find-renames --filename-max-length=64 \
		base..series
}

# lay_patches: make one commit per patches/*.patch on top of "base" and
# print the last one (or base's).  The commits are made in a private
# index: the work tree and its index are not touched.  Author, date and
# message come from the patch; the committer is the author, so that the
# same patches always give the same commits.
lay_patches() {
	local parent tree commit p tmp author email date subject
	tmp=$(mktemp -d)
	export GIT_INDEX_FILE=$SRC/.git/series-index
	sgit read-tree base
	parent=$(sgit rev-parse base)
	for p in $(patch_files); do
		sgit mailinfo -b -u --no-scissors "$tmp/msg" "$tmp/diff" <"$p" >"$tmp/info" ||
			die "$(basename "$p"): not a patch as git format-patch writes it"
		author=$(sed -n 's/^Author: //p' "$tmp/info")
		email=$(sed -n 's/^Email: //p' "$tmp/info")
		date=$(sed -n 's/^Date: //p' "$tmp/info")
		subject=$(sed -n 's/^Subject: //p' "$tmp/info")
		[ -n "$author" ] && [ -n "$email" ] && [ -n "$date" ] && [ -n "$subject" ] ||
			die "$(basename "$p"): no From:, Date: or Subject: header"
		if [ -s "$tmp/diff" ]; then
			sgit apply --cached --whitespace=nowarn "$tmp/diff" >&2 ||
				die "$(basename "$p") does not apply to the tree of the patches before it"
		fi
		tree=$(sgit write-tree)
		commit=$( { printf '%s\n\n' "$subject"; cat "$tmp/msg"; } | git stripspace |
			GIT_AUTHOR_NAME=$author GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_DATE=$date \
			GIT_COMMITTER_NAME=$author GIT_COMMITTER_EMAIL=$email \
			GIT_COMMITTER_DATE=$date sgit commit-tree "$tree" -p "$parent")
		parent=$commit
	done
	unset GIT_INDEX_FILE
	rm -rf "$tmp"
	echo "$parent"
}

# record_laid COMMIT: what the work tree's branch "series" now is.  The
# file changes only when its content does (build.sh reconfigures the
# kernel when it is newer than the .config).
record_laid() {
	local new
	new=$(printf '%s\n%s\n' "$1" "$(patches_digest)")
	[ -f "$LAID" ] && [ "$(cat "$LAID")" = "$new" ] && return 0
	echo "$new" >"$LAID"
}

# An operation git has in progress in $SRC, if any.
in_progress() {
	local g
	g=$(sgit rev-parse --git-dir)
	case $g in /*) ;; *) g=$SRC/$g ;; esac
	if [ -d "$g/rebase-merge" ] || [ -d "$g/rebase-apply" ]; then
		[ -f "$g/rebase-apply/applying" ] && echo "git am" || echo "git rebase"
	elif [ -f "$g/MERGE_HEAD" ]; then echo "git merge"
	elif [ -f "$g/CHERRY_PICK_HEAD" ]; then echo "git cherry-pick"
	elif [ -f "$g/REVERT_HEAD" ]; then echo "git revert"
	elif [ -f "$g/BISECT_LOG" ]; then echo "git bisect"
	fi
}

# Tracked files of $SRC that differ from its HEAD, as "git status" lists
# them (at most 20).
tracked_changes() {
	sgit update-index -q --refresh >/dev/null 2>&1 || true
	sgit diff-index --quiet HEAD -- 2>/dev/null && return 0
	sgit status --short --untracked-files=no | sed -n 1,20p
}

# The files the series adds at COMMIT: "MODE BLOB PATH" lines.
new_files() {
	sgit diff-tree -r --no-renames --diff-filter=A base "$1" |
		awk -F'\t' '{ split($1, a, " "); print a[2], a[4], $2 }'
}

# The mode and blob git would give the repository's file PATH.
repo_file_id() {
	local f=$TOP/$1
	if [ -L "$f" ]; then
		echo "120000 $(printf '%s' "$(readlink "$f")" | git hash-object --stdin)"
	elif [ -f "$f" ]; then
		[ -x "$f" ] && printf '100755 ' || printf '100644 '
		git hash-object --no-filters -- "$f"
	else
		echo "missing"
	fi
}

# Repository files that may be mirror files: anything under a directory
# the base tree has at its top (mm/, include/, ...).  The project's own
# directories (harness/, patches/, bench/, ...) are none of these.
mirror_candidates() {
	local dirs
	dirs=$(sgit ls-tree base | awk -F'\t' '$1 ~ / tree / { print $2 }')
	(cd "$TOP" && git ls-files --cached --others --exclude-standard -- $dirs |
		sort -u | while read -r f; do
			[ -e "$f" ] || [ -L "$f" ] && echo "$f"
		done) || true
}

# mirror_diff COMMIT: one line per way the mirror differs from the files
# COMMIT adds; nothing when they agree.
mirror_diff() {
	local mode blob path want have
	want=$(new_files "$1")
	while read -r mode blob path; do
		[ -n "$path" ] || continue
		have=$(repo_file_id "$path")
		if [ "$have" = missing ]; then
			echo "$path: added by the series, missing in the repository"
		elif [ "$have" != "$mode $blob" ]; then
			echo "$path: differs from the series"
		fi
	done <<<"$want"
	comm -23 <(mirror_candidates) <(echo "$want" | awk '{ print $3 }' | sort) |
		sed 's/$/: in the repository, but no patch adds it/'
}

# write_mirror COMMIT: make the mirror the files COMMIT adds.  Prints what
# it changed.
write_mirror() {
	local mode blob path f want
	want=$(new_files "$1")
	while read -r mode blob path; do
		[ -n "$path" ] || continue
		[ "$(repo_file_id "$path")" = "$mode $blob" ] && continue
		f=$TOP/$path
		[ -e "$f" ] || [ -L "$f" ] && echo "updated: $path" || echo "added:   $path"
		mkdir -p "$(dirname "$f")"
		rm -f "$f"
		case $mode in
		120000) ln -s "$(sgit cat-file blob "$blob")" "$f" ;;
		100644 | 100755)
			sgit cat-file blob "$blob" >"$f"
			[ "$mode" = 100755 ] && chmod +x "$f" || chmod -x "$f"
			;;
		*) die "$path: mode $mode cannot be mirrored" ;;
		esac
	done <<<"$want"
	comm -23 <(mirror_candidates) <(echo "$want" | awk '{ print $3 }' | sort) |
		while read -r path; do
			echo "removed: $path"
			rm -f "$TOP/$path"
			rmdir -p "$(dirname "$TOP/$path")" 2>/dev/null || true
		done
}

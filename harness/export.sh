#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make export": write branch "series" of $BUILD/src back into the
# repository, the inverse of tree.sh.
#
#   patches/NNNN-slug.patch  "git format-patch base..series", one file per
#                            commit (stale ones removed, unchanged ones left
#                            alone); each carries the signer's
#                            Signed-off-by, added if it is not there.
#   the mirror               the files the series adds, written at their
#                            final state at their kernel paths (mm/, ...);
#                            files the series no longer adds are removed.
#
# The patches are then laid again as tree.sh lays them and must give the
# same trees, authors and messages, commit by commit; branch "series" is
# moved to those commits (same trees: the work tree does not change) and
# recorded as laid.  Running it right after tree.sh changes nothing.
# Uncommitted changes in the work tree are not exported (a warning says
# so, and tree.sh refuses to drop them).  Nothing is staged or committed
# in the repository: review with "git status" and "git diff" there.
. "$(dirname "$0")/lib.sh"
. "$HARNESS/serieslib.sh"

[ -d "$SRC/.git" ] && sgit rev-parse -q --verify refs/heads/series >/dev/null ||
	die "no branch series in $SRC: run \"make tree\" first"
op=$(in_progress)
[ -z "$op" ] || die "$op is in progress in $SRC: finish it first"
[ "$(sgit symbolic-ref -q HEAD || true)" = refs/heads/series ] ||
	die "$SRC is not on branch series: git checkout series there first"
sgit merge-base --is-ancestor base series || die "branch series does not descend from base"
merges=$(sgit rev-list --merges base..series)
[ -z "$merges" ] || die "branch series has merge commits; a series is a line of patches"

cur=$(sgit rev-parse series)
n=$(sgit rev-list --count base..series)
stage "export: $n commits of branch series in $SRC into patches/ and the mirror"
dirty=$(tracked_changes)
if [ -n "$dirty" ]; then
	info "WARNING: not exported, not committed in $SRC:"
	printf '%s\n' "$dirty" | sed 's/^/      /'
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/new" "$PATCHES"
format_patches "$tmp/new"
changed=0
for p in $(patch_files); do
	[ -f "$tmp/new/$(basename "$p")" ] && continue
	info "removed: patches/$(basename "$p")"
	rm -f "$p"
	changed=1
done
for p in "$tmp"/new/*.patch; do
	[ -e "$p" ] || break
	q=$PATCHES/$(basename "$p")
	cmp -s "$p" "$q" && continue
	if [ -f "$q" ]; then info "updated: patches/$(basename "$p")"; else info "added:   patches/$(basename "$p")"; fi
	cp "$p" "$q"
	changed=1
done

# The patches must give back the branch, commit by commit.
tip=$(lay_patches)
# msg COMMIT: its message without the signer's Signed-off-by, which
# format_patches may have added.
msg() {
	sgit log -1 --format=%B "$1" |
		grep -vxF "Signed-off-by: $(signer_name) <$(signer_email)>" | git stripspace
}
paste <(sgit rev-list --reverse base.."$cur") <(sgit rev-list --reverse base.."$tip") |
	while read -r a b; do
		[ -n "$b" ] || die "commit $(sgit log -1 --format='%h %s' "$a") is not in the patches"
		[ "$(sgit rev-parse "$a^{tree}")" = "$(sgit rev-parse "$b^{tree}")" ] ||
			die "the patch of $(sgit log -1 --format='%h %s' "$a") does not give its tree back"
		[ "$(sgit log -1 --format='%an%n%ae%n%ad' --date=raw "$a")" = \
			"$(sgit log -1 --format='%an%n%ae%n%ad' --date=raw "$b")" ] ||
			die "the patch of $(sgit log -1 --format='%h %s' "$a") does not keep its author or date"
		[ "$(msg "$a")" = "$(msg "$b")" ] ||
			die "the patch of $(sgit log -1 --format='%h %s' "$a") does not keep its message (a line \"---\" in it?)"
	done
[ "$(sgit rev-list --count base.."$tip")" = "$n" ] || die "the patches give more commits than branch series has"

write_mirror "$tip" | sed 's/^/    /' | tee "$tmp/mirror"
[ -s "$tmp/mirror" ] && changed=1
if [ "$tip" != "$cur" ]; then
	sgit update-ref -m "export: as laid from patches/" refs/heads/series "$tip" "$cur"
	info "branch series: $(sgit rev-parse --short "$cur") -> $(sgit rev-parse --short "$tip") (same trees, as laid from patches/)"
fi
record_laid "$tip"
if [ $changed = 0 ]; then
	info "patches/ and the mirror were up to date"
else
	info "review and commit in the repository: git -C $TOP status"
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# "make series": the series to mail, as git format-patch writes it from
# branch "series" (laid by tree.sh from patches/*.patch), numbered, with
# the cover letter from patches/0000-cover-letter.txt and each patch's
# recipients from scripts/get_maintainer.pl.  Then prove that it applies
# with "git am" to a pristine base tree and gives the series' tree.
. "$(dirname "$0")/lib.sh"

dest=${SERIES_OUT:-$BUILD/series}
version=${SERIES_VERSION:-1}
"$HARNESS/deps.sh"
"$HARNESS/tree.sh"
n=$(git -C "$SRC" rev-list --count base..series)
[ "$n" -gt 0 ] || die "patches/ holds no patch yet"

stage "git format-patch: $n patches into $dest"
rm -rf "$dest"
mkdir -p "$dest"
cd "$SRC"
git format-patch -q -v"$version" --cover-letter --thread=shallow \
	-o "$dest" base..series
cover=$(ls "$dest"/*0000-cover-letter.patch)
if [ -f "$TOP/patches/0000-cover-letter.txt" ]; then
	python3 - "$cover" "$TOP/patches/0000-cover-letter.txt" <<'PY'
import sys
cover, text = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
subject, _, body = text.partition("\n\n")
s = open(cover).read()
s = s.replace("*** SUBJECT HERE ***", subject, 1)
s = s.replace("*** BLURB HERE ***", body, 1)
open(cover, "w").write(s)
PY
fi

# add_cc PATCH RECIPIENTS: a Cc: header before the Subject: line.
add_cc() {
	awk -v cc="$2" '!done && /^Subject:/ { print "Cc: " cc; done = 1 } { print }' \
		"$1" >"$1.new" && mv "$1.new" "$1"
}

# Recipients: each patch's own, the cover letter gets them all.
all=
for p in "$dest"/*.patch; do
	[ "$p" = "$cover" ] && continue
	r=$(perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats \
		"$p" 2>/dev/null | paste -sd, | sed 's/,/, /g' || true)
	[ -n "$r" ] || continue
	all="$all, $r"
	add_cc "$p" "$r"
done
all=$(echo "$all" | tr ',' '\n' | sed 's/^ *//' | grep . | sort -u | paste -sd, | sed 's/,/, /g')
[ -z "$all" ] || add_cc "$cover" "$all"
ls "$dest" | sed 's/^/    /'

stage "checking that the series applies to a pristine base with git am"
check=$BUILD/am-check
git worktree remove --force "$check" >/dev/null 2>&1 || rm -rf "$check"
git worktree prune
git worktree add -q --detach "$check" base
if (cd "$check" && git -c user.name=am -c user.email=am@localhost am -q \
	$(ls "$dest"/*.patch | grep -v 0000-cover-letter)) >"$LOGS/am-check.log" 2>&1; then
	info "git am: $n patches applied"
	if git -C "$check" diff --quiet HEAD series; then
		info "the result is identical to the series tree"
	else
		die "git am result differs from the series tree"
	fi
else
	sed 's/^/    | /' "$LOGS/am-check.log"
	die "the series does not apply to the base tree"
fi
git worktree remove --force "$check"

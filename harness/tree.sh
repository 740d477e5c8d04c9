#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Lay base tree + overlay + patches/ into $BUILD/src as a git series.
#
# The base (Debian's linux-source-6.12, or KSRC=/path/to/tree) is unpacked
# once and committed as the tag "base".  Every patch in patches/ is then
# made into one commit on top of it, built in a private index so that the
# work tree is never reset: the final "git checkout" rewrites only the files
# that changed since the last run, and the build stays incremental.
#
# A patch NNNN-slug is described by up to three files in patches/:
#   NNNN-slug.msg    the commit message (required; Signed-off-by is added)
#   NNNN-slug.files  repository paths of new files this commit adds
#   NNNN-slug.diff   a unified diff (-p1) against files that exist upstream
. "$(dirname "$0")/lib.sh"
# The series tree, whatever flavour the caller builds (BASE=1 points SRC
# at the base worktree, which is made from this tree).
SRC=$BUILD/src

base_id() {
	if [ -n "${KSRC:-}" ]; then
		echo "ksrc:$(cd "$KSRC" && pwd)"
	else
		echo "deb:$(stat -c '%s-%Y' "$BASE_TAR")"
	fi
}

init_base() {
	local id
	id=$(base_id)
	if [ -f "$SRC/.git/base-id" ] && [ "$(cat "$SRC/.git/base-id")" = "$id" ]; then
		return 0
	fi
	stage "preparing the base tree ($id)"
	rm -rf "$SRC" "$BUILD"/out-* "$BUILD"/base-src
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
		git config user.name "base"
		git config user.email "base@localhost"
		git config core.autocrlf false
		git config gc.auto 0
		git add -f -A .
		git commit -q -m "base: $(make -s kernelversion 2>/dev/null)"
		git tag -f base >/dev/null
	) >"$LOGS/base-git.log" 2>&1 || die "git commit of base failed: $LOGS/base-git.log"
	echo "$id" >"$SRC/.git/base-id"
}

# Who signs the series: the repository's git identity, if any.
signer() {
	local name email
	name=$(git -C "$TOP" config user.name || true)
	email=$(git -C "$TOP" config user.email || true)
	echo "${name:-Pageable Developers} <${email:-pageable-devel@localhost}>"
}

# Every file of the overlay must belong to exactly one patch.
check_overlay() {
	local claimed listed
	claimed=$(cat "$TOP"/patches/*.files 2>/dev/null | grep -v '^#' | sort || true)
	listed=$(cd "$TOP" && git ls-files --cached --others --exclude-standard \
		mm include lib ipc drivers tools Documentation arch kernel 2>/dev/null | sort)
	dup=$(printf '%s\n' "$claimed" | uniq -d)
	[ -z "$dup" ] || die "overlay files claimed twice in patches/*.files: $dup"
	orphan=$(comm -23 <(printf '%s\n' "$listed") <(printf '%s\n' "$claimed") | grep . || true)
	[ -z "$orphan" ] || die "overlay files in no patches/*.files: $orphan"
	return 0
}

build_series() {
	local parent tree commit sob msg f blob name
	check_overlay
	sob=$(signer)
	sob_name=${sob% <*}
	sob_email=${sob##*<}
	sob_email=${sob_email%>}
	export GIT_INDEX_FILE=$SRC/.git/series-index
	cd "$SRC"
	git read-tree base
	parent=$(git rev-parse base)
	for msg in "$TOP"/patches/[0-9]*.msg; do
		[ -e "$msg" ] || break
		name=${msg%.msg}
		if [ -f "$name.files" ]; then
			for f in $(grep -v '^#' "$name.files"); do
				[ -f "$TOP/$f" ] || die "$name.files: $f does not exist"
				blob=$(git hash-object -w "$TOP/$f")
				git update-index --add --cacheinfo 100644,"$blob","$f"
			done
		fi
		if [ -f "$name.diff" ]; then
			git apply --cached --whitespace=error-all "$name.diff" ||
				die "$(basename "$name.diff") does not apply"
		fi
		tree=$(git write-tree)
		commit=$( (cat "$msg"; printf '\nSigned-off-by: %s\n' "$sob") |
			GIT_AUTHOR_NAME="$sob_name" GIT_AUTHOR_EMAIL="$sob_email" \
			GIT_COMMITTER_NAME="$sob_name" GIT_COMMITTER_EMAIL="$sob_email" \
			GIT_AUTHOR_DATE="$(git -C "$TOP" log -1 --format=%aD -- "$msg" 2>/dev/null || true)" \
			git commit-tree "$tree" -p "$parent")
		parent=$commit
	done
	unset GIT_INDEX_FILE
	git update-ref refs/heads/series "$parent"
	# Moves only the files that differ between the old and the new series.
	git checkout -q -f --detach series
	info "series: $(git rev-list --count base..series) patches on $(git log -1 --format=%s base)"
}

init_base
build_series

#!/usr/bin/env bash
# bench/mkrepo.sh DIR NFILES [SEED] — make a deterministic git repository of NFILES small files
# (default seed 1) for pre-commit and history benchmarks, e.g. bench/mkrepo.sh .cache/repo-50k 50000
#
# Source material is the k8s corpus (scripts/corpus.sh k8s; built if missing), files < 64 KiB.
# Mix: 50% Go, 25% YAML, 25% other text (md, txt, json, sh, proto, toml, ...). Each class is
# shuffled with a PRNG seeded from SEED (awk srand), then taken in order; when a class runs
# out it wraps around and the next round goes under round-N/, with a marker comment appended
# to Go/YAML/shell/markdown/text copies so they are distinct blobs (JSON etc. kept as is).
# Same SEED, NFILES and corpus pin => same tree; one commit with fixed author, committer and
# dates, so the same git version yields the same commit id.
# The copies keep k8s' fake test keys: the repo lives under .cache/ and is never committed.
# Idempotent: DIR with a matching stamp (.git/secretlint-mkrepo) is kept; DIR that exists
# without a stamp is refused rather than overwritten.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need git awk tar

[ $# -ge 2 ] || die "usage: bench/mkrepo.sh DIR NFILES [SEED]"
DEST=$1
N=$2
SEED=${3:-1}
[[ $N =~ ^[1-9][0-9]*$ ]] || die "NFILES must be a positive integer, got '$N'"
[[ $SEED =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer, got '$SEED'"

[ -d "$("$ROOT/scripts/corpus.sh" --path k8s)" ] || "$ROOT/scripts/corpus.sh" k8s >&2
SRC=$(corpus_dir k8s)
want="mkrepo v1 nfiles=$N seed=$SEED corpus=$(cat "$SRC.stamp")"
if [ -f "$DEST/.git/secretlint-mkrepo" ]; then
	if [ "$(cat "$DEST/.git/secretlint-mkrepo")" = "$want" ]; then
		log "$DEST up to date ($want)"
		git -C "$DEST" log --oneline -1
		exit 0
	fi
	log "$DEST was made with other parameters; rebuilding"
	rm -rf "$DEST"
elif [ -e "$DEST" ] && [ -n "$(ls -A "$DEST" 2>/dev/null)" ]; then
	die "$DEST exists and was not made by mkrepo.sh; choose an empty or new directory"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)

# classify the source files (paths relative to SRC, sorted bytewise for determinism)
(cd "$SRC" && find . -type f -size -64k -printf '%P\n') | LC_ALL=C sort >"$work/all"
awk -v w="$work" '
	/\.go$/ { print > (w "/go"); next }
	/\.ya?ml$/ { print > (w "/yaml"); next }
	/\.(md|txt|json|sh|proto|toml|cfg|conf|ini|csv|tmpl|tpl|py|xml|html|js|Dockerfile)$|(^|\/)(Makefile|Dockerfile|OWNERS|README)$/ { print > (w "/text") }
' "$work/all"

# pick COUNT paths from a class, shuffled by SEED; prints "round<TAB>path"
pick() {
	local class=$1 count=$2 salt=$3
	awk -v seed="$((SEED * 1000 + salt))" 'BEGIN { srand(seed) } { printf "%.12f\t%s\n", rand(), $0 }' "$work/$class" |
		LC_ALL=C sort -k1,1 -k2 | cut -f2 >"$work/$class.shuf"
	awk -v n="$count" '{ p[NR] = $0 } END { for (i = 0; i < n; i++) printf "%d\t%s\n", int(i / NR), p[i % NR + 1] }' "$work/$class.shuf"
}
ngo=$((N / 2))
nyaml=$((N / 4))
ntext=$((N - ngo - nyaml))
{
	pick go "$ngo" 1
	pick yaml "$nyaml" 2
	pick text "$ntext" 3
} >"$work/plan"

# copy round by round with tar (fast), then mark the copies of later rounds
rounds=$(cut -f1 "$work/plan" | sort -un)
for r in $rounds; do
	awk -F'\t' -v r="$r" '$1 == r { print $2 }' "$work/plan" >"$work/r$r"
	if [ "$r" -eq 0 ]; then sub=$DEST; else sub=$DEST/round-$r; fi
	mkdir -p "$sub"
	tar -C "$SRC" -cf - -T "$work/r$r" | tar -C "$sub" -xf -
	if [ "$r" -gt 0 ]; then
		(cd "$sub" && awk -v r="$r" '
			{ f = $0; c = "" }
			f ~ /\.go$/ { c = "// secretlint bench copy, round " r }
			f ~ /\.(ya?ml|sh|toml|py)$/ || f ~ /(^|\/)(Makefile|OWNERS)$/ { c = "# secretlint bench copy, round " r }
			f ~ /\.(md|txt)$/ { c = "secretlint bench copy, round " r }
			c != "" { print c >> f; close(f) }
		' "$work/r$r")
	fi
done
chmod -R u+w "$DEST"

export GIT_AUTHOR_NAME=secretlint-bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=secretlint-bench GIT_COMMITTER_EMAIL=bench@example.invalid
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
git -C "$DEST" init -q -b main
git -C "$DEST" config core.autocrlf false
git -C "$DEST" config commit.gpgsign false
git -C "$DEST" add -A
git -C "$DEST" commit -q --no-verify -m "mkrepo: $N files, seed $SEED"
printf '%s\n' "$want" >"$DEST/.git/secretlint-mkrepo"
files=$(git -C "$DEST" ls-files | wc -l)
log "$DEST: $files files tracked ($ngo go, $nyaml yaml, $ntext text planned), $(du -sh --exclude=.git "$DEST" | cut -f1) in the work tree, .git $(du -sh "$DEST/.git" | cut -f1)"
git -C "$DEST" log --oneline -1

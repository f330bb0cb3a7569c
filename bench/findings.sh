#!/usr/bin/env bash
# bench/findings.sh [BASE_REV] — are the findings of this checkout identical to those of
# BASE_REV (default: the merge base with main)? For speed work, which must not change what
# is found.
#
# Builds secretlint at BASE_REV (from `git archive`, in a temporary directory) and from the
# working tree, scans with each, and diffs the normalised JSON reports (findings and
# notices; the run summary and the redacted preview left out: the salted fingerprint
# identifies the value). Scanned:
#   - every directory of testdata/ that holds a labeled or golden corpus (testdata/scan/*,
#     testdata/blindgo, testdata/gosec-corpus, testdata/remediate/repo, testdata/gorewrite),
#     each scanned as its own root so that its own config files apply, and testdata/ whole;
#   - the benchmark corpora named in $CORPORA (default: k8s k8s-yaml, those present; build
#     them with scripts/corpus.sh), with and without --no-gitleaks.
# Prints one line per scan and the diff of any that differ; exits 1 when one differs.
# Reports go to bench/results/findings/ (gitignored).
#
#   bench/findings.sh                 # working tree vs merge base with main
#   bench/findings.sh 28db8ad         # working tree vs a given commit
#   CORPORA= bench/findings.sh        # testdata only (seconds)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need jq
cd "$ROOT"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"

BASE_REV=${1:-$(git merge-base HEAD main)}
CORPORA=${CORPORA-k8s k8s-yaml}
OUT=$RESULTS/findings
rm -rf "$OUT"
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

log "building $BASE_REV and the working tree"
mkdir -p "$TMP/base"
git archive "$BASE_REV" | tar -x -C "$TMP/base"
(cd "$TMP/base" && go build -o "$TMP/secretlint-base" ./cmd/secretlint)
go build -o "$TMP/secretlint-new" ./cmd/secretlint

targets=()
for d in testdata/scan/*/ testdata/blindgo/ testdata/gosec-corpus/ testdata/remediate/repo/ testdata/gorewrite/ testdata/; do
	targets+=("${d%/}")
done
for c in $CORPORA; do
	d=$("$ROOT/scripts/corpus.sh" --path "$c")
	if [ -d "$d" ]; then
		targets+=("$d" "--no-gitleaks $d")
	else
		log "corpus $c is missing (scripts/corpus.sh $c): left out"
	fi
done

# normalise FILE — findings and notices in a stable order, without the run summary and the
# redacted preview.
normalise() {
	jq -S '{findings: ([.findings[] | del(.redacted)] | sort_by(.file, .line, .column, .rule_id, .end_line, .end_column)),
		notices: ((.notices // []) | sort_by(.file, .line, .kind, .message))}' "$1"
}

differ=0
for t in "${targets[@]}"; do
	read -r -a args <<<"$t"
	name=$(printf '%s' "$t" | tr -c 'A-Za-z0-9._-' '_')
	for v in base new; do
		"$TMP/secretlint-$v" scan --format json --exit-code 0 --quiet "${args[@]}" >"$OUT/$name.$v.raw" 2>"$OUT/$name.$v.err" ||
			die "secretlint-$v failed on $t: see $OUT/$name.$v.err"
		normalise "$OUT/$name.$v.raw" >"$OUT/$name.$v.json"
	done
	n=$(jq '.findings | length' "$OUT/$name.new.json")
	if cmp -s "$OUT/$name.base.json" "$OUT/$name.new.json"; then
		printf 'same     %5d findings  %s\n' "$n" "$t"
	else
		printf 'DIFFERS  %5d findings  %s (was %d)\n' "$n" "$t" "$(jq '.findings | length' "$OUT/$name.base.json")"
		diff -u "$OUT/$name.base.json" "$OUT/$name.new.json" | head -60 || true
		differ=1
	fi
done
exit $differ

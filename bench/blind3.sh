#!/usr/bin/env bash
# bench/blind3.sh [CORPUS] — precision and recall of secretlint scan (whole
# corpus) and go vet -vettool=secretlint (its Go module) on a blind corpus,
# testdata/CORPUS (default blind3, the third; bench/blind4.sh runs the
# fourth), labeled in testdata/CORPUS.labels.tsv (path, line,
# secret or not-secret, note). go vet needs the module's dependencies
# (go-sql-driver/mysql, golang-jwt/jwt/v5, go-redis/v9) from the module
# proxy. A finding counts for the labeled line it starts on; findings on
# not-secret or unlabeled lines are false positives. The vet rows and
# "scan (Go only)" count only the labels of .go files.
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false" GOWORK=off
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/secretlint" ./cmd/secretlint
corpus=${1:-blind3}
cp -r "testdata/$corpus" "$work/mod"
labels=$ROOT/testdata/$corpus.labels.tsv

score() { # $1 = mode, $2 = 1 for .go labels only, stdin = file:line per finding
	sort -u | awk -F'\t' -v mode="$1" -v goonly="$2" '
		FNR == NR { if (NF >= 3 && (goonly == 0 || $1 ~ /\.go$/)) label[$1 ":" $2] = $3; next }
		{ if (label[$0] == "secret") tp++; else { fp++; fps = fps "\n  FP " $0 " (" (label[$0] == "" ? "unlabeled" : label[$0]) ")" }; seen[$0] = 1 }
		END {
			for (l in label) if (label[l] == "secret") { n++; if (!seen[l]) fns = fns "\n  FN " l }
			printf "%-18s recall %.3f (%d/%d)  precision %.3f (%d FP)%s%s\n", mode, tp / n, tp, n, (tp + fp) ? tp / (tp + fp) : 0, fp, fns, fps
		}' "$labels" -
}

"$work/secretlint" scan --quiet --format json --output "$work/scan.json" "$work/mod" || true
# dbt-env-var-not-secret is advice about a reference (use the DBT_ENV_SECRET_
# prefix), not a claim that a value is a secret: left out of the first row,
# counted in the second.
jq -r --arg p "$work/mod/" '.findings[] | select(.rule_id != "dbt-env-var-not-secret") | "\(.file | ltrimstr($p)):\(.line)"' "$work/scan.json" | score "secretlint scan" 0
jq -r --arg p "$work/mod/" '.findings[] | "\(.file | ltrimstr($p)):\(.line)"' "$work/scan.json" | score "scan (with advice)" 0 | head -1
jq -r --arg p "$work/mod/" '.findings[] | select(.file | endswith(".go")) | "\(.file | ltrimstr($p)):\(.line)"' "$work/scan.json" | score "scan (Go only)" 1
(cd "$work/mod" && go mod download && go vet -vettool="$work/secretlint" ./... 2>&1 || true) |
	sed -n 's|^\(\./\)\{0,1\}\([^ :]*\.go\):\([0-9]*\):[0-9]*: .*|\2:\3|p' | score "go vet -vettool" 1

#!/usr/bin/env bash
# bench/blind.sh — precision and recall of go vet -vettool=secretlint and
# secretlint scan on the Go module written blind (testdata/blindgo, labeled
# line by line in testdata/blindgo.manifest.tsv: secret, clean, any).
# go vet needs the module's dependencies (jwt, oauth2, aws-sdk-go-v2,
# vault/api, mysql, pgx, go-redis, x/crypto) from the module proxy; the
# scan half needs nothing. A finding counts for the labeled line it is on;
# findings on clean or unlisted lines are false positives; "any" lines are
# ignored.
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false" GOWORK=off
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/secretlint" ./cmd/secretlint
cp -r testdata/blindgo "$work/mod"
manifest=$ROOT/testdata/blindgo.manifest.tsv

score() { # $1 = mode, stdin = file:line per finding
	sort -u | awk -F'\t' -v mode="$1" '
		FNR == NR { if ($0 !~ /^#/ && NF == 3) label[$1 ":" $2] = $3; next }
		{ seen[$0] = 1; if (label[$0] == "secret") tp++; else if (label[$0] != "any") { fp++; fps = fps "\n  FP " $0 } }
		END {
			for (l in label) if (label[l] == "secret") { n++; if (!seen[l]) fns = fns "\n  FN " l }
			printf "%-22s recall %.3f (%d/%d)  precision %.3f (%d FP)%s%s\n", mode, tp / n, tp, n, tp / (tp + fp), fp, fns, fps
		}' "$manifest" -
}

(cd "$work/mod" && go mod download && go vet -vettool="$work/secretlint" ./... 2>&1 || true) |
	sed -n 's|^\(\./\)\{0,1\}\([^ :]*\.go\):\([0-9]*\):[0-9]*: .*|\2:\3|p' | score "go vet -vettool"
"$work/secretlint" scan --quiet --format json --output "$work/scan.json" "$work/mod" || true
jq -r --arg p "$work/mod/" '.findings[] | "\(.file | ltrimstr($p)):\(.line)"' "$work/scan.json" | score "secretlint scan"

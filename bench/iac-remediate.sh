#!/usr/bin/env bash
# bench/iac-remediate.sh — the fraction of the secrets scan finds in the
# labeled IaC corpus (testdata/scan/iac) that remediate moves, per backend
# (a dry run: --plan-out only, nothing stored), and every finding left
# with its reason. Moved = distinct fingerprints of the plan's edits;
# found = moved + not_rewritable.
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/secretlint" ./cmd/secretlint
cp -r testdata/scan/iac "$tmp/tree"
cd "$tmp/tree"
for backend in aws vault; do
	"$tmp/secretlint" remediate --backend "$backend" --no-diff --plan-out "$tmp/$backend.json" . >/dev/null 2>&1 || true
	jq -r --arg b "$backend" '
		([.files[].edits[] | (.fingerprints // [])[]] | unique) as $moved
		| ([(.not_rewritable // [])[] | .fingerprint] | unique) as $left
		| "\($b): moved \($moved | length) of \(($moved + $left) | unique | length)",
		  ((.not_rewritable // [])[] | "  \(.file):\(.line)  \(.reason)")' "$tmp/$backend.json"
done

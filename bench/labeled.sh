#!/usr/bin/env bash
# bench/labeled.sh — precision and recall per file family, secretlint and
# gitleaks v8.30.1 (dir, default rules), on testdata/scan/labeled against
# testdata/scan/labeled.manifest.tsv. Prints a markdown table.
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
BIN=$ROOT/.tools/bin
if ! go version -m "$BIN/gitleaks" 2>/dev/null | grep -q "gore2regex"; then
	if [ -x "$ROOT/scripts/tools.sh" ]; then
		"$ROOT/scripts/tools.sh" gitleaks
	else
		mkdir -p "$BIN"
		GOBIN=$BIN go install -tags gore2regex -ldflags "-X github.com/zricethezav/gitleaks/v8/version.Version=8.30.1" \
			github.com/zricethezav/gitleaks/v8@v8.30.1
	fi
fi
table=$(mktemp)
trap 'rm -f "$table"' EXIT
SECRETLINT_GITLEAKS=$BIN/gitleaks SECRETLINT_LABELED_TABLE=$table go test ./scan -run '^TestLabeledCorpus$' -count=1 >/dev/null
cat "$table"

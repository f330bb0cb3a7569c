#!/usr/bin/env bash
# bench/iac.sh — precision and recall per format (Terraform, Ansible,
# GitLab CI, GitHub Actions), secretlint and gitleaks v8.30.1 (dir, default
# rules), on testdata/scan/iac against its LABELS file, and secretlint's
# findings per format. Prints a markdown table.
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
BIN=$ROOT/.tools/bin
if ! go version -m "$BIN/gitleaks" 2>/dev/null | grep -q "gore2regex"; then
	"$ROOT/scripts/tools.sh" gitleaks
fi
table=$(mktemp)
trap 'rm -f "$table"' EXIT
SECRETLINT_GITLEAKS=$BIN/gitleaks SECRETLINT_IAC_TABLE=$table go test ./scan -run '^TestIaCCorpus$' -count=1 >/dev/null
cat "$table"

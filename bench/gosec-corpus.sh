#!/usr/bin/env bash
# Compares secretlint with gosec's G101 on the labeled corpus in
# testdata/gosec-corpus: installs gosec v2.30.0 into .tools/bin when it is
# missing, then runs the corpus test, which prints recall and precision for
# both tools and fails unless secretlint beats gosec on both.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ ! -x .tools/bin/gosec ]; then
  GOBIN="$repo/.tools/bin" go install github.com/securego/gosec/v2/cmd/gosec@v2.30.0
fi
SECRETLINT_GOSEC="$repo/.tools/bin/gosec" go test ./analyzers -run '^TestCorpus$' -count=1 -v

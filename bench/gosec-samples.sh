#!/usr/bin/env bash
# bench/gosec-samples.sh — secretlint (go vet -vettool) on gosec's own G101
# sample programs (testutils/g101_samples.go in gosec v2.30.0, from the
# module proxy): one package per sample, one go vet run, then each
# sample's verdict (any diagnostic or none) against gosec's expected
# count. Disagreements on samples with #nosec (which secretlint does not
# honour; it has its own directive) or AWS documentation keys (reported
# as aws-example-key, off by default) are listed apart.
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false" GOWORK=off
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/secretlint" ./cmd/secretlint
go build -o "$work/gosecsamples" ./bench/gosecsamples
dir=$(cd "$work" && go mod download -json github.com/securego/gosec/v2@v2.30.0 | jq -r .Dir)
samples=$dir/testutils/g101_samples.go
mkdir "$work/mod"
"$work/gosecsamples" write "$samples" "$work/mod"
(cd "$work/mod" && go vet -vettool="$work/secretlint" ./... 2>&1 || true) | "$work/gosecsamples" compare "$samples" "$work/mod"

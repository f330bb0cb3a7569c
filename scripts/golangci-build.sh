#!/usr/bin/env bash
# scripts/golangci-build.sh [OUTDIR] — build golangci-lint v2.15.0 with secretlint's module plugin
# (analyzers/gclplugin) from the Go module proxy, then run it on testdata/gates/golangci and
# assert that the plugin's findings appear in golangci-lint's own output.
#
# This is what `golangci-lint custom` does with a .custom-gcl.yml, minus its `git clone` (only
# the module proxy is reachable here; see /work/shared/GOLANGCI.md):
#   1. the golangci-lint v2.15.0 module source from the proxy, copied writable;
#   2. cmd/golangci-lint/plugins.go blank-importing the plugin (what `custom` writes);
#   3. a require + replace of this module pointing at this checkout, then go mod tidy;
#   4. go build -o OUTDIR/custom-gcl ./cmd/golangci-lint.
# OUTDIR defaults to .cache/golangci (ignored by git). Prints the time of each step.
# Exit status 0 only when custom-gcl lists the linter and reports the fixture's two findings.
set -euo pipefail

GCL_VERSION=v2.15.0
PLUGIN_MODULE=github.com/secretlint-go/secretlint
PLUGIN_IMPORT=$PLUGIN_MODULE/analyzers/gclplugin

die() { printf 'golangci-build.sh: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'golangci-build.sh: %s\n' "$*" >&2; }
ROOT=$(git rev-parse --show-toplevel 2>/dev/null) || die "run inside the secretlint checkout"
OUT=${1:-$ROOT/.cache/golangci}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export GOWORK=off GOFLAGS="${GOFLAGS:-} -buildvcs=false"

step_start=0
step() { step_start=$(date +%s.%N); log "$*"; }
done_step() { log "  done in $(awk -v a="$step_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f s", b - a}')"; }
total_start=$(date +%s.%N)

step "1. golangci-lint $GCL_VERSION source from the module proxy"
json=$(go mod download -json "github.com/golangci/golangci-lint/v2@$GCL_VERSION") || die "go mod download failed: $json"
src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
[ -d "$src" ] || die "no source directory in: $json"
tree=$OUT/golangci-lint-$GCL_VERSION
rm -rf "$tree"
cp -R "$src" "$tree"
chmod -R u+w "$tree"
done_step

step "2. cmd/golangci-lint/plugins.go imports $PLUGIN_IMPORT"
cat >"$tree/cmd/golangci-lint/plugins.go" <<EOF
package main

import (
	_ "$PLUGIN_IMPORT"
)
EOF
done_step

step "3. require and replace $PLUGIN_MODULE => $ROOT; go mod tidy"
(cd "$tree" && go mod edit -require "$PLUGIN_MODULE@v0.0.0" -replace "$PLUGIN_MODULE=$ROOT" && go mod tidy)
# The plugin must not move golangci-lint's x/tools (the analysis framework both sides share).
want_tools=$(go mod download -json "github.com/golangci/golangci-lint/v2@$GCL_VERSION" >/dev/null; sed -n 's/^\tgolang.org\/x\/tools \(v[^ ]*\).*/\1/p' "$src/go.mod" | head -1)
got_tools=$(cd "$tree" && go list -m -f '{{.Version}}' golang.org/x/tools)
[ "$want_tools" = "$got_tools" ] || die "building with the plugin moved golang.org/x/tools from $want_tools to $got_tools"
log "  golang.org/x/tools stays at $got_tools"
done_step

step "4. go build -o $OUT/custom-gcl ./cmd/golangci-lint ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
(cd "$tree" && go build -o "$OUT/custom-gcl" ./cmd/golangci-lint)
done_step

step "5. run custom-gcl on testdata/gates/golangci"
fixture=$ROOT/testdata/gates/golangci
cd "$fixture"
"$OUT/custom-gcl" version
linters=$("$OUT/custom-gcl" linters 2>&1) || die "custom-gcl linters failed: $linters"
grep -q '^secretlint' <<<"$linters" || die "custom-gcl linters does not list secretlint:
$linters"
set +e
# print-issued-lines=false: golangci-lint otherwise echoes the source line, secret included;
# the README recommends the same setting for CI logs.
out=$("$OUT/custom-gcl" run --output.text.path=stdout --output.text.print-issued-lines=false --show-stats=false ./... 2>&1)
rc=$?
set -e
printf '%s\n' "$out"
[ "$rc" -eq 1 ] || die "custom-gcl run exited $rc, want 1 (issues found)"
grep -Eq 'billing\.go:10:[0-9]+: .*github pat.*\(github-pat\) \(secretlint\)' <<<"$out" || die "the github-pat finding is missing"
grep -Eq 'billing\.go:12:[0-9]+: .*\(hardcoded-credential\) \(secretlint\)' <<<"$out" || die "the hardcoded-credential finding is missing"
if grep -q 'tYi5jGbIj0groLhn\|hX9#kq2' <<<"$out"; then die "golangci-lint output shows a secret value"; fi
n=$(grep -c '(secretlint)$' <<<"$out" || true)
[ "$n" -eq 2 ] || die "want exactly 2 secretlint issues, got $n"
done_step
log "ok: custom-gcl reports the plugin's 2 findings; total $(awk -v a="$total_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.0f s", b - a}')"

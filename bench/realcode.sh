#!/usr/bin/env bash
# bench/realcode.sh — issue 13's real-code bar: every finding outside test paths of
#   secretlint scan        on the large corpus (scripts/corpus.sh large),
#   gitleaks dir --redact  on the same corpus (the peer, same count),
#   go vet -vettool=secretlint on six modules (client-go vault-api helm prometheus
#                          prometheus-operator aws-s3; VET_MODULES overrides, "" skips vet),
# listed with the class each has in bench/baselines/realcode-large.md (secret, not-secret,
# unsure; "unclassified" for a finding that file does not list yet), then counted per tool.
#
#   bench/realcode.sh                  # builds ./cmd/secretlint; SECRETLINT=/path/bin uses that
#   VET_MODULES= bench/realcode.sh     # scan and gitleaks only (vet costs minutes per module)
#   CORPUS=real2 bench/realcode.sh     # new real code (gitea, traefik, cilium, argo-cd, hugo, etcd
#                                      # server, caddy, docker/cli), classes in
#                                      # bench/baselines/realcode-real2.md, vet on caddy etcd-server hugo
#
# A test path is what rules.IsTestPath says (scan's "test-file" tag: _test.go, testdata/,
# test/, tests/, fixtures/, e2e/ and test support by path elements and file names), the same
# function for every tool (bench/realcode/main.go). Prints no values: scan's previews are
# redacted, gitleaks runs with --redact, vet prints none. Raw outputs go to
# $RESULTS/realcode-* ($RESULTS/realcode-real2-* for CORPUS=real2).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need jq

CORPUS=${CORPUS:-large}
scan_flags=(--quiet --format json)
case $CORPUS in
large) default_vet="client-go vault-api helm prometheus prometheus-operator aws-s3" ;;
real2)
	default_vet="caddy etcd-server hugo"
	# argo-cd's docs/snyk holds 27-36 MiB HTML reports: scan them, as gitleaks does
	scan_flags+=(--max-file-size 64MiB)
	;;
*) die "CORPUS must be large or real2" ;;
esac
VET_MODULES=${VET_MODULES-$default_vet}
read -r -a vet_modules <<<"$VET_MODULES"
"$ROOT/scripts/corpus.sh" "$CORPUS" "${vet_modules[@]}" >/dev/null
LARGE=$(corpus_dir "$CORPUS")
# raw outputs: realcode-* for large (as before), realcode-real2-* for real2
OUT=$RESULTS/realcode
[ "$CORPUS" = large ] || OUT=$RESULTS/realcode-$CORPUS

SECRETLINT=${SECRETLINT:-}
if [ -z "$SECRETLINT" ]; then
	SECRETLINT=$RESULTS/realcode-secretlint
	(cd "$ROOT" && go build -o "$SECRETLINT" ./cmd/secretlint)
fi

args=(-classes "$ROOT/bench/baselines/realcode-$CORPUS.md")

log "scan $LARGE (load $(load))"
rc=0
# from the corpus root, so that paths are relative to it as gitleaks' become with -root
(cd "$LARGE" && "$SECRETLINT" scan "${scan_flags[@]}" --output "$OUT-scan.json" .) || rc=$?
[ "$rc" -le 1 ] || die "secretlint scan exited $rc"
args+=(-scan "$OUT-scan.json")

if command -v gitleaks >/dev/null; then
	log "gitleaks dir $LARGE"
	mkdir -p "$RESULTS/gitleaks-cwd" # it reads .gitleaksignore from its working directory
	(cd "$RESULTS/gitleaks-cwd" && gitleaks dir --no-banner --redact --exit-code 0 --log-level error \
		--report-format json --report-path "$OUT-gitleaks.json" "$LARGE")
	args+=(-gitleaks "$OUT-gitleaks.json" -root "$LARGE")
else
	log "gitleaks not found (scripts/tools.sh gitleaks): its half is left out"
fi

for m in "${vet_modules[@]}"; do
	dir=$(corpus_dir "$m")
	log "go vet -vettool in $m (load $(load))"
	# go vet exits 1 on diagnostics: keep its output, fail only when it printed none and failed
	(cd "$dir" && GOFLAGS=-mod=mod go vet -vettool="$SECRETLINT" ./... >"$OUT-vet-$m.txt" 2>&1) || true
	args+=(-vet "$m=$OUT-vet-$m.txt")
done

(cd "$ROOT" && go run ./bench/realcode "${args[@]}")

#!/usr/bin/env bash
# bench/vet.sh [CORPUS...] — plain `go vet ./...` (the default vet analyzers) on Go corpora
# (default: client-go vault-api): the denominator for the team's
# `go vet -vettool=secretlint` <= 1.2x target. Each run is under /usr/bin/time -v.
#
# Go caches vet results (per package, keyed by the vet tool, its flags and the inputs), so a
# second `go vet` of unchanged code does no analysis at all. Three numbers per corpus:
#   warm-up   `go vet ./...` in the normal GOCACHE (whatever state it was in)
#   warm      the same again right after: compile AND vet results cached — go command
#             overhead only; what a developer sees on re-running vet on unchanged code
#   vet-cold  compile results cached, vet results not: GOCACHE is a fresh copy of a snapshot
#             made with `go list -export -deps -test ./...` (every compile vet needs, no vet
#             run); all analysis (facts for every dependency incl. std, diagnostics for the
#             corpus) really runs. This is the fair denominator for a vettool comparison.
# VETTOOL=/path/to/secretlint adds the vet-cold and warm runs with -vettool="$VETTOOL".
# A non-zero exit only means vet reported something; the report line count is logged.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need go

[ $# -gt 0 ] || set -- client-go vault-api
SNAPS=$ROOT/.cache/gocache
mkdir -p "$SNAPS"
echo "$(go version), go env GOFLAGS=$(go env GOFLAGS), $(nproc) cores"
echo
row_header

# vet_cold LABEL CORPUS [vet flags] — go vet with a fresh copy of the compile-only snapshot
vet_cold() {
	local label=$1 c=$2 run=$SNAPS/$2.run
	shift 2
	rm -rf "$run"
	cp -a "$SNAPS/$c.base" "$run"
	GOCACHE=$run measure "$label" go vet "$@" ./...
	rm -rf "$run"
}

for c in "$@"; do
	dir=$(corpus_dir "$c")
	cd "$dir"
	if [ ! -f "$SNAPS/$c.base/.complete" ]; then
		log "$c: making the compile-only GOCACHE snapshot"
		rm -rf "$SNAPS/$c.base"
		GOCACHE=$SNAPS/$c.base go list -export -deps -test ./... >/dev/null
		touch "$SNAPS/$c.base/.complete"
	fi
	log "go vet ./... on $c (load $(load))"
	vet_cold "vet-$c-cold" "$c"
	row "go vet $c (vet-cold)"
	measure "vet-$c-warmup" go vet ./...
	row "go vet $c (warm-up)"
	measure "vet-$c-warm" go vet ./...
	row "go vet $c (warm)"
	lines=$(grep -cv '^#' "$RESULTS/vet-$c-cold.err" || true)
	log "$c: vet exit $M_RC, $lines report line(s) (see $RESULTS/vet-$c-cold.err)"
	if [ -n "${VETTOOL:-}" ]; then
		[ -x "$VETTOOL" ] || die "VETTOOL=$VETTOOL is not executable"
		vet_cold "vettool-$c-cold" "$c" -vettool="$VETTOOL"
		row "go vet -vettool=$(basename "$VETTOOL") $c (vet-cold)"
		measure "vettool-$c-warmup" go vet -vettool="$VETTOOL" ./...
		measure "vettool-$c-warm" go vet -vettool="$VETTOOL" ./...
		row "go vet -vettool=$(basename "$VETTOOL") $c (warm)"
	fi
	cd "$ROOT"
done

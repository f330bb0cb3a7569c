#!/usr/bin/env bash
# bench/scan.sh — secretlint scan against gitleaks dir on a large real tree.
#
# Builds (once) the corpus: k8s.io/kubernetes at a pinned version from the Go
# module proxy, with its staging modules laid back at staging/src/k8s.io/NAME
# (the repository as a developer has it), into .cache/scan-corpus/k8s. Builds
# secretlint from this checkout and gitleaks v8.30.1 the way its releases are
# built (-tags gore2regex). Then runs each once, one after the other, under
# /usr/bin/time -v, both with their default rules and JSON reports, and prints
# CPU seconds (user+sys), wall seconds, peak RSS, the ratio, and every gitleaks
# finding (file:line) that secretlint does not report on the same line.
#
#   bench/scan.sh            # numbers and differences (markdown on stdout)
#   PROFILE=1 bench/scan.sh  # also a CPU profile of secretlint (pprof -top)
#
# Outputs go to bench/results/ (gitignored); reports are redacted.
set -euo pipefail

K8S_VERSION=v1.37.2
STAGING_VERSION=v0.37.2
GITLEAKS_VERSION=v8.30.1

ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
OUT=$ROOT/bench/results
CORPUS=$ROOT/.cache/scan-corpus/k8s
BIN=$ROOT/.tools/bin
mkdir -p "$OUT" "$BIN" "$ROOT/.cache/bin"
log() { printf 'scan.sh: %s\n' "$*" >&2; }
command -v jq >/dev/null || { log "jq is needed (apt-get install jq)"; exit 1; }
[ -x /usr/bin/time ] || { log "/usr/bin/time is needed (apt-get install time)"; exit 1; }

moddir() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'; }

if [ "$(cat "$CORPUS.stamp" 2>/dev/null)" != "$K8S_VERSION $STAGING_VERSION" ]; then
	log "building the corpus (k8s.io/kubernetes@$K8S_VERSION + staging@$STAGING_VERSION)"
	rm -rf "$CORPUS"
	mkdir -p "$CORPUS"
	src=$(moddir "k8s.io/kubernetes@$K8S_VERSION")
	cp -R "$src/." "$CORPUS/"
	for m in $(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/k8s.io/.*#\1#p' "$CORPUS/go.mod" | sort -u); do
		if d=$(moddir "$m@$STAGING_VERSION" 2>/dev/null) && [ -n "$d" ]; then
			mkdir -p "$CORPUS/staging/src/$m"
			cp -R "$d/." "$CORPUS/staging/src/$m/"
		else
			log "  $m@$STAGING_VERSION is not served by the proxy: left out"
		fi
	done
	chmod -R u+w "$CORPUS"
	echo "$K8S_VERSION $STAGING_VERSION" >"$CORPUS.stamp"
fi

if ! go version -m "$BIN/gitleaks" 2>/dev/null | grep -q "gore2regex"; then
	if [ -x "$ROOT/scripts/tools.sh" ]; then
		"$ROOT/scripts/tools.sh" gitleaks
	else
		log "building gitleaks $GITLEAKS_VERSION -tags gore2regex into $BIN"
		GOBIN=$BIN go install -tags gore2regex \
			-ldflags "-X github.com/zricethezav/gitleaks/v8/version.Version=${GITLEAKS_VERSION#v}" \
			"github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION"
	fi
fi
go build -o "$ROOT/.cache/bin/secretlint" ./cmd/secretlint

files=$(find "$CORPUS" -type f | wc -l)
size=$(du -sh "$CORPUS" | cut -f1)
RUNDIR=$(mktemp -d) # gitleaks reads .gitleaksignore from its working directory
trap 'rm -rf "$RUNDIR"' EXIT

# measure NAME CMD... — run once under /usr/bin/time -v; sets CPU, WALL, RSS.
measure() {
	local name=$1
	shift
	log "running $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
	(cd "$RUNDIR" && /usr/bin/time -v "$@") >"$OUT/$name.out" 2>"$OUT/$name.time" || {
		log "$name failed: see $OUT/$name.time"
		exit 1
	}
	local u s
	u=$(sed -n 's/^[[:space:]]*User time (seconds): //p' "$OUT/$name.time")
	s=$(sed -n 's/^[[:space:]]*System time (seconds): //p' "$OUT/$name.time")
	CPU=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')
	WALL=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/$name.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
	RSS=$(( $(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$OUT/$name.time") / 1024 ))
}

measure gitleaks "$BIN/gitleaks" dir --no-banner --redact --exit-code 0 --report-format json \
	--report-path "$OUT/gitleaks-k8s.json" --log-level error "$CORPUS"
G_CPU=$CPU G_WALL=$WALL G_RSS=$RSS
prof=()
[ "${PROFILE:-}" = 1 ] && prof=(--cpuprofile "$OUT/secretlint-k8s.pprof")
measure secretlint "$ROOT/.cache/bin/secretlint" scan --format json --output "$OUT/secretlint-k8s.json" \
	--exit-code 0 "${prof[@]}" "$CORPUS"
S_CPU=$CPU S_WALL=$WALL S_RSS=$RSS

g_n=$(jq length "$OUT/gitleaks-k8s.json")
s_n=$(jq '.findings | length' "$OUT/secretlint-k8s.json")
jq -r --arg root "$CORPUS/" '.[] | "\(.File | ltrimstr($root)):\(.StartLine)\t\(.RuleID)"' "$OUT/gitleaks-k8s.json" | sort -u >"$OUT/gitleaks-k8s.lines"
jq -r --arg root "$CORPUS/" '.findings[] | "\(.file | ltrimstr($root)):\(.line)\t\(.rule_id)"' "$OUT/secretlint-k8s.json" | sort -u >"$OUT/secretlint-k8s.lines"
# A gitleaks finding is matched when secretlint reports a finding in the same
# file on a line inside the gitleaks match (StartLine..EndLine): gitleaks
# starts multi-line matches (kubernetes-secret-yaml) at their first line,
# secretlint reports the line of the secret itself.
missed=$(jq -r --arg root "$CORPUS/" '.[] | "\(.File | ltrimstr($root))\t\(.StartLine)\t\(.EndLine)\t\(.RuleID)"' "$OUT/gitleaks-k8s.json" |
	awk -F'\t' 'NR==FNR { split($1, a, ":"); seen[$1]=1; next }
		{ hit=0; for (l=$2; l<=$3; l++) if (($1 ":" l) in seen) hit=1; if (!hit) printf "%s:%s\t%s\n", $1, $2, $4 }' \
		<(cut -f1 "$OUT/secretlint-k8s.lines") - | sort -u)
extra=$(join -v 2 <(cut -f1 "$OUT/gitleaks-k8s.lines" | sort -u) <(cut -f1 "$OUT/secretlint-k8s.lines" | sort -u) | wc -l)

{
	echo "### secretlint scan vs gitleaks dir on k8s.io/kubernetes $K8S_VERSION (+ staging), $files files, $size"
	echo
	echo "$(date -u +%FT%TZ), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg), one run each"
	echo
	echo "| tool | CPU s (user+sys) | wall s | peak RSS MB | findings |"
	echo "|---|---:|---:|---:|---:|"
	echo "| gitleaks $GITLEAKS_VERSION (gore2regex) dir | $G_CPU | $G_WALL | $G_RSS | $g_n |"
	echo "| secretlint scan --format json | $S_CPU | $S_WALL | $S_RSS | $s_n |"
	echo
	echo "Throughput ratio (gitleaks CPU / secretlint CPU): $(awk -v g="$G_CPU" -v s="$S_CPU" 'BEGIN{printf "%.2f", g/s}')x;" \
		"peak RSS ratio (secretlint / gitleaks): $(awk -v g="$G_RSS" -v s="$S_RSS" 'BEGIN{printf "%.2f", s/g}')."
	echo
	echo "secretlint findings by rule:"
	echo
	jq -r '.findings[].rule_id' "$OUT/secretlint-k8s.json" | sort | uniq -c | sort -rn | awk '{printf "- %s: %s\n", $2, $1}'
	echo
	echo "gitleaks findings by rule:"
	echo
	jq -r '.[].RuleID' "$OUT/gitleaks-k8s.json" | sort | uniq -c | sort -rn | awk '{printf "- %s: %s\n", $2, $1}'
	echo
	echo "Lines with a secretlint finding and no gitleaks finding: $extra."
	echo
	if [ -n "$missed" ]; then
		echo "gitleaks findings (file:line) without a secretlint finding on that line:"
		echo
		sed 's/^/- /; s/\t/ /' <<<"$missed"
	else
		echo "Every gitleaks finding (file:line) has a secretlint finding on the same line."
	fi
	if [ "${PROFILE:-}" = 1 ]; then
		echo
		echo "secretlint CPU profile (go tool pprof -top, first 25 lines):"
		echo
		echo '```'
		go tool pprof -top "$ROOT/.cache/bin/secretlint" "$OUT/secretlint-k8s.pprof" 2>/dev/null | head -25
		echo '```'
	fi
} | tee "$OUT/scan-k8s.md"

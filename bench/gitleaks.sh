#!/usr/bin/env bash
# bench/gitleaks.sh [CORPUS] — gitleaks v8.30.1 baselines on a corpus (default k8s).
#
# Runs one after another (never in parallel), each under /usr/bin/time -v:
#   re2        .tools/bin/gitleaks (release build, -tags gore2regex), default config, decode depth 5
#   re2-nodec  the same with --max-decode-depth 0
#   stdre      .tools/bin/gitleaks-stdre (Go regexp), default config
#   startup    both builds on an empty directory (the fixed cost per invocation)
#   prof-re2, prof-stdre  the runs again with --diagnostics cpu (profiles only; their timing
#              includes the profiler and is not a baseline)
# Reports are JSON with --redact (no secret values on disk). Writes to bench/results/ (ignored)
# and, without secrets, bench/baselines/gitleaks-CORPUS-{rules,findings}.tsv and the pprof top.
# Prints a markdown summary (also saved as bench/results/gitleaks-CORPUS.md).
# Set SKIP_STDRE=1 / SKIP_PROF=1 to skip those runs.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need gitleaks jq go

CORPUS=${1:-k8s}
DIR=$(corpus_dir "$CORPUS")
BASEL=$ROOT/bench/baselines
mkdir -p "$BASEL"
# gitleaks reads .gitleaksignore from the working directory (-i default "."): run from an empty one
RUNDIR=$RESULTS/gitleaks-cwd
mkdir -p "$RUNDIR"
cd "$RUNDIR"

common=(dir --no-banner --redact --exit-code 0 --report-format json --log-level warn)
summary=$RESULTS/gitleaks-$CORPUS.md
{
	echo "### gitleaks v8.30.1 on \`$CORPUS\` ($(find "$DIR" -type f | wc -l) files, $(du -sh "$DIR" | cut -f1))"
	echo
	echo "$(date -u +%FT%TZ), $(nproc) cores, uptime: $(uptime)"
	echo
	row_header
} >"$summary"

run() { # run LABEL BIN [extra flags]
	local label=$1 bin=$2
	shift 2
	log "running $label on $CORPUS (load $(load))"
	measure "gitleaks-$CORPUS-$label" "$bin" "${common[@]}" --report-path "$RESULTS/gitleaks-$CORPUS-$label.json" "$@" "$DIR"
	[ "$M_RC" -eq 0 ] || die "$label exited $M_RC: see $RESULTS/gitleaks-$CORPUS-$label.err"
	row "$label" >>"$summary"
}

run re2 "$TOOLS/gitleaks"
run re2-nodec "$TOOLS/gitleaks" --max-decode-depth 0
[ "${SKIP_STDRE:-}" = 1 ] || run stdre "$TOOLS/gitleaks-stdre"
# fixed cost: config load, rule compilation (and for re2 the wazero module) on an empty dir
EMPTY=$RESULTS/gitleaks-empty
mkdir -p "$EMPTY"
for b in gitleaks gitleaks-stdre; do
	measure "gitleaks-startup-$b" "$TOOLS/$b" "${common[@]}" --report-path "$RESULTS/gitleaks-startup-$b.json" "$EMPTY"
	row "startup: $b on an empty dir" >>"$summary"
done

J=$RESULTS/gitleaks-$CORPUS
count() { jq length "$1"; }
{
	echo
	echo "| run | findings |"
	echo "|---|---:|"
	for l in re2 re2-nodec stdre; do
		[ -f "$J-$l.json" ] && echo "| $l | $(count "$J-$l.json") |"
	done
	# findings of the decoding run that the no-decode run lacks, keyed file:line:rule
	key='.[] | "\(.File)\t\(.StartLine)\t\(.RuleID)"'
	only=$(comm -23 <(jq -r "$key" "$J-re2.json" | sort -u) <(jq -r "$key" "$J-re2-nodec.json" | sort -u) | wc -l)
	lost=$(comm -13 <(jq -r "$key" "$J-re2.json" | sort -u) <(jq -r "$key" "$J-re2-nodec.json" | sort -u) | wc -l)
	tagged=$(jq '[.[] | select(any(.Tags[]?; startswith("decoded:")))] | length' "$J-re2.json")
	echo
	echo "Decoding: $only findings (file:line:rule) only with decoding, $lost only without; $tagged findings tagged decoded:*."
	if [ -f "$J-stdre.json" ]; then
		d=$(diff <(jq -r "$key" "$J-re2.json" | sort) <(jq -r "$key" "$J-stdre.json" | sort) | grep -c '^[<>]' || true)
		echo "re2 vs stdre: $d differing findings."
	fi
	echo
	echo "Top 20 rules (re2, default):"
	echo
	echo "| rule | findings | of which decoded |"
	echo "|---|---:|---:|"
	jq -r '.[] | [.RuleID, (if any(.Tags[]?; startswith("decoded:")) then 1 else 0 end)] | @tsv' "$J-re2.json" |
		awk -F'\t' '{n[$1]++; d[$1]+=$2} END {for (r in n) printf "%d\t%d\t%s\n", n[r], d[r], r}' |
		sort -k1,1nr -k3 | head -20 | awk -F'\t' '{printf "| %s | %d | %d |\n", $3, $1, $2}'
} >>"$summary"

# committed baselines: rule counts and finding locations, no secret values
jq -r '.[].RuleID' "$J-re2.json" | sort | uniq -c | sort -k1,1nr -k2 |
	awk 'BEGIN{print "findings\trule"} {print $1 "\t" $2}' >"$BASEL/gitleaks-$CORPUS-rules.tsv"
jq -r --arg d "$DIR/" '.[] | [(.File | ltrimstr($d)), .StartLine, .RuleID, ((.Tags // []) | join(","))] | @tsv' "$J-re2.json" |
	sort -t$'\t' -k1,1 -k2,2n | awk 'BEGIN{print "file\tline\trule\ttags"} {print}' >"$BASEL/gitleaks-$CORPUS-findings.tsv"

# profile: the re2 build spends most of its time inside wazero-compiled RE2 code, which pprof
# sees only as runtime._ExternalCode; the stdre build shows where the Go-side time goes.
profile() { # profile LABEL BIN
	local label=$1 bin=$2 prof=$RESULTS/gitleaks-$CORPUS-prof-$1 p top
	rm -rf "$prof"
	mkdir -p "$prof"
	log "profiling $label on $CORPUS (load $(load))"
	measure "gitleaks-$CORPUS-prof-$label" "$bin" "${common[@]}" --report-path "$prof/report.json" \
		--diagnostics cpu --diagnostics-dir "$prof" "$DIR"
	p=$(find "$prof" -type f -name '*.pprof' -o -type f -name 'cpu*' | head -1)
	[ -n "$p" ] || die "no profile written in $prof"
	top=$BASEL/gitleaks-$CORPUS-pprof-$label.txt
	{
		echo "# go tool pprof -top (flat, then cumulative) of $label on $CORPUS"
		go tool pprof -top -nodecount=30 "$bin" "$p" 2>&1 | grep -v '^Build ID\|^Time:'
		echo
		go tool pprof -top -cum -nodecount=40 "$bin" "$p" 2>&1 | sed -n '/flat  flat%/,$p'
	} >"$top"
	{
		echo
		echo "CPU profile of $label (--diagnostics cpu; that run: CPU ${M_CPU}s, wall ${M_WALL}s), flat top 12:"
		echo
		echo '```'
		grep -m1 'Duration:' "$top"
		grep -m1 -A12 'flat  flat%' "$top"
		echo '```'
	} >>"$summary"
}
if [ "${SKIP_PROF:-}" != 1 ]; then
	profile re2 "$TOOLS/gitleaks"
	[ "${SKIP_STDRE:-}" = 1 ] || profile stdre "$TOOLS/gitleaks-stdre"
fi
cat "$summary"

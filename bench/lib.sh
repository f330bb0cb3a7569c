# bench/lib.sh — shared helpers for the bench scripts; source it, don't run it.
# shellcheck shell=bash

die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }
log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

ROOT=$(git rev-parse --show-toplevel 2>/dev/null) || die "run inside the secretlint git checkout"
TOOLS=$ROOT/.tools/bin
RESULTS=${RESULTS:-$ROOT/bench/results}
mkdir -p "$RESULTS"
export PATH=$TOOLS:$PATH
# a stray config or workspace must not change what the peers do
unset GITLEAKS_CONFIG GITLEAKS_CONFIG_TOML
export GOWORK=off

[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install -y time"

need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null || die "$t not found: run scripts/tools.sh $t (or apt-get install -y $t)"
	done
}

corpus_dir() {
	local d
	d=$("$ROOT/scripts/corpus.sh" --path "$1") || exit 1
	[ -d "$d" ] || die "corpus $1 is missing: run scripts/corpus.sh $1"
	printf '%s\n' "$d"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

# measure LABEL CMD... — run CMD under `/usr/bin/time -v`, keep its stdout/stderr in
# $RESULTS/LABEL.{out,err,time}, and set M_WALL M_USER M_SYS M_CPU (seconds), M_RSS_MB,
# M_RC and M_LOAD (1/5/15-min load average just before the run).
measure() {
	local label=$1 tf
	shift
	tf=$RESULTS/$label.time
	M_LOAD=$(load)
	set +e
	/usr/bin/time -v -o "$tf" "$@" >"$RESULTS/$label.out" 2>"$RESULTS/$label.err"
	M_RC=$?
	set -e
	M_USER=$(awk -F': ' '/User time \(seconds\)/{print $2}' "$tf")
	M_SYS=$(awk -F': ' '/System time \(seconds\)/{print $2}' "$tf")
	M_CPU=$(awk -v u="$M_USER" -v s="$M_SYS" 'BEGIN{printf "%.2f", u+s}')
	M_WALL=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f", s}' "$tf")
	M_RSS_MB=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$tf")
}

# row LABEL — one markdown table row from the last measure.
row() {
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$M_CPU" "$M_USER+$M_SYS" "$M_WALL" "$M_RSS_MB" "$M_RC" "$M_LOAD"
}
row_header() {
	printf '| run | CPU s (user+sys) | user+sys | wall s | peak RSS MB | exit | load before |\n'
	printf '|---|---:|---|---:|---:|---:|---|\n'
}

#!/usr/bin/env bash
# bench/compare.sh [CORPUS] — secretlint vs gitleaks on one corpus (default k8s).
#
#   SECRETLINT=/path/to/secretlint bench/compare.sh k8s
#
# Runs, one after the other, each under /usr/bin/time -v:
#   gitleaks dir --no-banner --redact --exit-code 0 --report-format json --report-path F CORPUS
#   "$SECRETLINT" scan --format json CORPUS >F      (only when $SECRETLINT is executable)
# and prints CPU seconds (user+sys), wall, peak RSS and finding counts for each, then the
# ratios secretlint/gitleaks for CPU and RSS. Without SECRETLINT only the gitleaks half runs.
# SECRETLINT_ARGS overrides the secretlint arguments before the corpus path
# (default: scan --format json). The finding count reads a JSON array, or an object's
# .findings array; adjust count_findings when secretlint's format settles.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need gitleaks jq

CORPUS=${1:-k8s}
DIR=$(corpus_dir "$CORPUS")
SECRETLINT=${SECRETLINT:-}
read -r -a SL_ARGS <<<"${SECRETLINT_ARGS:-scan --format json}"

count_findings() {
	jq 'if type == "array" then length
	    elif type == "object" and (.findings | type) == "array" then .findings | length
	    else error("unknown report shape") end' "$1"
}

echo "corpus $CORPUS: $DIR ($(find "$DIR" -type f | wc -l) files, $(du -sh "$DIR" | cut -f1)); $(nproc) cores"
echo
echo '| tool | CPU s (user+sys) | wall s | peak RSS MB | findings | exit | load before |'
echo '|---|---:|---:|---:|---:|---:|---|'

# gitleaks reads .gitleaksignore from its working directory: run from an empty one
mkdir -p "$RESULTS/gitleaks-cwd"
cd "$RESULTS/gitleaks-cwd"
GL_REPORT=$RESULTS/compare-$CORPUS-gitleaks.json
measure "compare-$CORPUS-gitleaks" gitleaks dir --no-banner --redact --exit-code 0 \
	--report-format json --report-path "$GL_REPORT" "$DIR"
[ "$M_RC" -eq 0 ] || die "gitleaks exited $M_RC: see $RESULTS/compare-$CORPUS-gitleaks.err"
GL_CPU=$M_CPU GL_RSS=$M_RSS_MB GL_N=$(count_findings "$GL_REPORT")
printf '| gitleaks 8.30.1 (gore2regex) | %s | %s | %s | %s | %s | %s |\n' "$M_CPU" "$M_WALL" "$M_RSS_MB" "$GL_N" "$M_RC" "$M_LOAD"

if [ -x "$SECRETLINT" ]; then
	SL_REPORT=$RESULTS/compare-$CORPUS-secretlint.json
	# measure keeps stdout in $RESULTS/LABEL.out: that is the JSON report
	measure "compare-$CORPUS-secretlint" "$SECRETLINT" "${SL_ARGS[@]}" "$DIR"
	cp "$RESULTS/compare-$CORPUS-secretlint.out" "$SL_REPORT"
	# exit 1 = findings (secretlint scan's default --exit-code); anything else non-zero is an error
	case $M_RC in 0 | 1) ;; *) die "secretlint exited $M_RC: see $RESULTS/compare-$CORPUS-secretlint.err" ;; esac
	SL_N=$(count_findings "$SL_REPORT")
	printf '| secretlint | %s | %s | %s | %s | %s | %s |\n' "$M_CPU" "$M_WALL" "$M_RSS_MB" "$SL_N" "$M_RC" "$M_LOAD"
	echo
	awk -v a="$M_CPU" -v b="$GL_CPU" -v r="$M_RSS_MB" -v s="$GL_RSS" 'BEGIN {
		printf "CPU ratio secretlint/gitleaks: %.2f\nRSS ratio secretlint/gitleaks: %.2f\n", a / b, r / s }'
	echo "findings: secretlint $SL_N, gitleaks $GL_N"
else
	echo
	echo "(secretlint half skipped: set SECRETLINT to an executable secretlint binary)"
fi

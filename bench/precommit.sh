#!/usr/bin/env bash
# bench/precommit.sh [REPO] [NFILES] — pre-commit latency of gitleaks v8.30.1 on a 10-file
# staged change in a big repository (default .cache/repo-50k, made by bench/mkrepo.sh with
# 50000 files when missing).
#
# The staged change (deterministic): 5 tracked files get 20 appended lines each, 5 new files
# (copies of tracked files) are added; no secrets. Measured, from inside the repo as a hook runs,
# RUNS times each (default 5; min and median reported, every run kept in bench/results/):
#   git diff --cached       what any diff-based hook pays anyway
#   gitleaks git --pre-commit --staged   (v8.30.1 spelling; `protect --staged` is its hidden alias)
#   gitleaks protect --staged
#   gitleaks-stdre git --pre-commit --staged
# The change is undone afterwards (git reset --hard, git clean), so the script is idempotent.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need git gitleaks gitleaks-stdre

REPO=${1:-$ROOT/.cache/repo-50k}
NFILES=${2:-50000}
RUNS=${RUNS:-5}
"$ROOT/bench/mkrepo.sh" "$REPO" "$NFILES" >&2
cd "$REPO"
[ -z "$(git status --porcelain)" ] || die "$REPO has uncommitted changes; run: git -C $REPO reset -q --hard && git -C $REPO clean -fdq"
tracked=$(git ls-files | wc -l)
cleanup() { git -C "$REPO" reset -q --hard HEAD && git -C "$REPO" clean -fdq; }
trap cleanup EXIT

# deterministic picks: K files evenly spaced through `git ls-files` (OFF shifts the start)
spread() { awk -v k="$1" -v off="$2" '{ a[NR] = $0 } END { s = int(NR / k); if (s < 1) exit; for (i = 0; i < k; i++) print a[i * s + off] }'; }
mapfile -t gofiles < <(git ls-files '*.go' | spread 3 1)
mapfile -t yamlfiles < <(git ls-files '*.yaml' | spread 2 1)
mapfile -t newsrc < <(git ls-files '*.go' '*.yaml' | spread 5 2)
if [ "${#gofiles[@]}" -ne 3 ] || [ "${#yamlfiles[@]}" -ne 2 ] || [ "${#newsrc[@]}" -ne 5 ]; then
	die "repo too small for a 10-file change"
fi
for f in "${gofiles[@]}"; do
	for i in $(seq 1 20); do printf '// precommit bench line %d: no secret here\n' "$i"; done >>"$f"
done
for f in "${yamlfiles[@]}"; do
	for i in $(seq 1 20); do printf '# precommit bench line %d: no secret here\n' "$i"; done >>"$f"
done
mkdir -p precommit-bench
i=0
for f in "${newsrc[@]}"; do
	i=$((i + 1))
	cp "$f" "precommit-bench/new-$i.${f##*.}"
done
git add -A
staged=$(git diff --cached --name-only | wc -l)
[ "$staged" -eq 10 ] || die "expected 10 staged files, got $staged"
lines=$(git diff --cached --numstat | awk '{a += $1} END {print a}')

echo "repo: $REPO ($tracked tracked files), staged: $staged files, +$lines lines; runs: $RUNS; load before: $(load)"
echo
echo '| command | runs | wall s min | wall s median | CPU s median | peak RSS MB max | findings |'
echo '|---|---:|---:|---:|---:|---:|---:|'
med() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
bench() { # bench SLUG LABEL CMD... (a JSON report, if any, goes to $RESULTS/precommit-SLUG.json)
	local slug=$1 label=$2 i walls="" cpus="" rss=0 findings="-"
	shift 2
	for i in $(seq 1 "$RUNS"); do
		measure "precommit-$slug-$i" "$@"
		# 3 = findings in secretlint's exit-code convention; the change holds none, but allow it
		case $M_RC in 0) ;; 3) [[ $slug == secretlint* ]] || die "$label exited 3" ;; *) die "$label exited $M_RC: see $RESULTS/precommit-$slug-$i.err" ;; esac
		walls+="$M_WALL "
		cpus+="$M_CPU "
		[ "$M_RSS_MB" -gt "$rss" ] && rss=$M_RSS_MB
	done
	if [ -f "$RESULTS/precommit-$slug.json" ]; then
		findings=$(jq length "$RESULTS/precommit-$slug.json")
	fi
	# shellcheck disable=SC2016 # literal backticks: markdown code
	printf '| `%s` | %d | %s | %s | %s | %s | %s |\n' "$label" "$RUNS" \
		"$(tr ' ' '\n' <<<"$walls" | grep . | sort -n | head -1)" "$(med <<<"$walls")" "$(med <<<"$cpus")" "$rss" "$findings"
}
gl=(--no-banner --redact --exit-code 0 --report-format json)
rm -f "$RESULTS"/precommit-*.json
bench git-diff "git diff --cached" git diff --cached --no-ext-diff
bench gitleaks-git "gitleaks git --pre-commit --staged" \
	gitleaks git --pre-commit --staged "${gl[@]}" --report-path "$RESULTS/precommit-gitleaks-git.json" .
bench gitleaks-protect "gitleaks protect --staged" \
	gitleaks protect --staged "${gl[@]}" --report-path "$RESULTS/precommit-gitleaks-protect.json" -s .
bench gitleaks-stdre-git "gitleaks-stdre git --pre-commit --staged" \
	gitleaks-stdre git --pre-commit --staged "${gl[@]}" --report-path "$RESULTS/precommit-gitleaks-stdre-git.json" .
if [ -x "${SECRETLINT:-}" ]; then
	bench secretlint-staged "secretlint scan --staged" "$SECRETLINT" scan --staged --format json
fi

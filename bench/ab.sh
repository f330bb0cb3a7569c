#!/usr/bin/env bash
# bench/ab.sh — the CPU of two or more secretlint builds on one corpus, in
# alternating runs, and whether their findings are the same.
#
#   bash bench/ab.sh CORPUS ROUNDS BIN...
#   git worktree add /tmp/base b44bdca && (cd /tmp/base && go build -o /tmp/sl-base ./cmd/secretlint)
#   go build -o /tmp/sl-new ./cmd/secretlint
#   bash bench/ab.sh k8s 5 /tmp/sl-base /tmp/sl-new
#
# A shared machine drifts by several percent between minutes, more than a
# 5 % bar: one run of each build (bench/scan.sh, bench/compare.sh) cannot
# tell such a change apart. Here each round runs every build once, one
# after the other, so drift touches them alike. Prints, per build, the
# mean and minimum CPU seconds (user+sys) and every run, then compares
# each build's findings (file:line:column rule severity) with the first's.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need jq
[ $# -ge 3 ] || die "usage: bench/ab.sh CORPUS ROUNDS BIN..."
DIR=$(corpus_dir "$1")
rounds=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
	n=0
	for b in "$@"; do
		/usr/bin/time -f "%U %S" -o "$work/t" "$b" scan --exit-code 0 --format json --output "$work/f$n.json" "$DIR" >/dev/null 2>&1
		printf '%s %s\n' "$n" "$(awk '{print $1 + $2}' "$work/t")" >>"$work/cpu"
		n=$((n + 1))
	done
	log "round $r of $rounds"
done
n=0
for b in "$@"; do
	awk -v n="$n" -v b="$b" '$1 == n { s += $2; c++; if (m == "" || $2 < m) m = $2; all = all " " $2 }
		END { printf "%s: mean %.2f s, min %.2f s (%s )\n", b, s / c, m, all }' "$work/cpu"
	n=$((n + 1))
done
lines() { jq -r '.findings[] | "\(.file):\(.line):\(.column) \(.rule_id) \(.severity)"' "$1" | sort; }
n=0
for b in "$@"; do
	if [ "$n" -gt 0 ]; then
		if diff <(lines "$work/f0.json") <(lines "$work/f$n.json") >"$work/diff"; then
			printf '%s: findings identical to %s (%s)\n' "$b" "$1" "$(jq '.findings | length' "$work/f0.json")"
		else
			printf '%s: findings differ from %s:\n' "$b" "$1"
			cat "$work/diff"
		fi
	fi
	n=$((n + 1))
done

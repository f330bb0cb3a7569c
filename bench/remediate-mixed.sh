#!/usr/bin/env bash
# bench/remediate-mixed.sh — issue 10's bars on testdata/remediate/mixed:
# the moved fraction of the labeled secrets per backend (kumo, Vault dev
# server) and per consumer, the consumer-equivalence count per consumer,
# and every labeled secret not moved with the plan's reason. It runs
# TestMixedEndToEnd{Kumo,Vault} with -v and formats their "MIXED" log lines.
# Vault: $SECRETLINT_VAULT_BIN, or .tools/bin/vault (scripts/tools.sh).
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel)
cd "$ROOT"
export GOWORK=off
if [ -z "${SECRETLINT_VAULT_BIN:-}" ] && [ -x "$ROOT/.tools/bin/vault" ]; then
	export SECRETLINT_VAULT_BIN=$ROOT/.tools/bin/vault
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
go test ./remediate -run '^TestMixedEndToEnd(Kumo|Vault)$' -count=1 -v >"$log" 2>&1 || status=$?
if grep -q -- '--- SKIP' "$log"; then
	grep -- '--- SKIP' -A2 "$log" >&2
fi
grep -o 'MIXED .*' "$log" | awk '
function keys(arr, out,   k, n, i, j, t) { n = 0; for (k in arr) out[++n] = k; for (i = 2; i <= n; i++) { t = out[i]; for (j = i - 1; j >= 1 && out[j] > t; j--) out[j + 1] = out[j]; out[j + 1] = t } return n }
function kv(s,   n, i, a, p) { delete F; n = split(s, a, " "); for (i = 1; i <= n; i++) { p = index(a[i], "="); if (p) F[substr(a[i], 1, p - 1)] = substr(a[i], p + 1) } }
$2 == "consumer" { kv($0); c = F["consumer"]; b = F["backend"]; cons[c] = 1; back[b] = 1; mv[b, c] = F["moved"]; lab[b, c] = F["labeled"]; st[b, c] = F["state"] }
$2 == "equivtotal" { kv($0); eq[F["backend"], F["consumer"]] = F["equal"] "/" F["rewritten"] }
$2 == "total" { kv($0); tot[F["backend"]] = sprintf("%d/%d labeled = %.1f %%, %d/%d found = %.1f %% (all consumers: %d/%d labeled; findings %d)", F["counted_moved"], F["counted"], 100 * F["fraction"], F["counted_moved"], F["counted_found"], 100 * F["counted_moved"] / (F["counted_found"] ? F["counted_found"] : 1), F["all_moved"], F["all_labeled"], F["findings"]) }
$2 == "unlabeled" { sub(/^MIXED unlabeled /, ""); ul[++u] = $0 }
$2 == "notmoved" { sub(/^MIXED notmoved /, ""); nm[++n] = $0 }
END {
	nb = keys(back, B); nc = keys(cons, C)
	printf "| consumer |"; for (i = 1; i <= nb; i++) printf " %s moved | %s equal files |", B[i], B[i]; printf " counts toward the bar |\n"
	printf "|---|"; for (i = 1; i <= nb; i++) printf "---|---|"; printf "---|\n"
	for (j = 1; j <= nc; j++) {
		c = C[j]; printf "| %s |", c
		for (i = 1; i <= nb; i++) { b = B[i]; e = ((b, c) in eq) ? eq[b, c] : "-"; printf " %s/%s | %s |", mv[b, c], lab[b, c], e }
		s = st[B[1], c]; for (i = 2; i <= nb; i++) if (st[B[i], c] != s) s = s ", " B[i] ": " st[B[i], c]
		printf " %s |\n", s
	}
	printf "\nMoved fraction of the labeled secrets of the counted consumers (bar 90 %%):\n"
	for (i = 1; i <= nb; i++) printf "  %s: %s\n", B[i], tot[B[i]]
	printf "\nFindings on no labeled line: %d\n", u
	for (i = 1; i <= u; i++) printf "  %s\n", ul[i]
	printf "\nNot moved:\n"
	for (i = 1; i <= n; i++) printf "  %s\n", nm[i]
}'
if [ "$status" -ne 0 ]; then
	grep -E -- '--- FAIL|_test.go:[0-9]+: ' "$log" | grep -v 'MIXED ' >&2 || true
	exit "$status"
fi

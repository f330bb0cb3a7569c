#!/usr/bin/env bash
# bench/gosec.sh [CORPUS...] — gosec v2.30.0 G101 (hard-coded credentials) baseline on Go
# corpora (default: client-go vault-api). For each corpus, in the corpus directory:
#   gosec -include=G101 -fmt=json -out RESULTS/gosec-CORPUS.json -no-fail ./...
# under /usr/bin/time -v. gosec's default skips _test.go files (no -tests), as in CI setups.
# Writes bench/baselines/gosec-CORPUS.txt: the timing and one line per G101 finding,
# file:line:col, confidence, what gosec says, and the flagged source line with every string
# literal longer than 6 characters redacted (no secret values are committed).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need gosec jq go

[ $# -gt 0 ] || set -- client-go vault-api
row_header
for c in "$@"; do
	dir=$(corpus_dir "$c")
	log "gosec G101 on $c (load $(load))"
	cd "$dir"
	measure "gosec-$c" gosec -include=G101 -fmt=json -out "$RESULTS/gosec-$c.json" -no-fail ./...
	cd "$ROOT"
	[ "$M_RC" -eq 0 ] || die "gosec on $c exited $M_RC: see $RESULTS/gosec-$c.err"
	row "gosec G101 $c"
	j=$RESULTS/gosec-$c.json
	n=$(jq '[.Issues[]? | select(.rule_id == "G101")] | length' "$j")
	out=$ROOT/bench/baselines/gosec-$c.txt
	{
		# `go install` sets no version ldflags, so gosec itself says "dev"; take it from build info
		echo "# gosec $(go version -m "$(command -v gosec)" | awk '$1 == "mod" {print $3}') -include=G101 -fmt=json -no-fail ./... on corpus $c"
		echo "# package load errors reported by gosec: $(jq '[.["Golang errors"][]?[]?] | length' "$j")"
		echo "# $(jq -r '.Stats | "files=\(.files) lines=\(.lines) nosec=\(.nosec) found=\(.found)"' "$j")"
		echo "# G101 findings: $n; wall ${M_WALL}s, CPU ${M_CPU}s (user $M_USER + sys $M_SYS), peak RSS ${M_RSS_MB} MB, load before: $M_LOAD"
		echo "# file:line:col <TAB> confidence <TAB> details <TAB> flagged line (string literals >6 chars redacted)"
		# the flagged line out of gosec's code excerpt ("N: text" lines), literals redacted in jq
		# (before any TSV escaping, so escaped quotes cannot split a literal)
		jq -r --arg d "$dir/" '.Issues[]? | select(.rule_id == "G101") |
			(.line | tostring) as $ln |
			( [ .code | split("\n")[] | select(startswith($ln + ": ")) ][0] // ""
			  | ltrimstr($ln + ": ")
			  | gsub("\"(?<s>(?:[^\"\\\\]|\\\\.){7,})\""; "\"<redacted:\(.s | length)>\"")
			  | gsub("`(?<s>[^`]{7,})`"; "`<redacted:\(.s | length)>`")
			  | if ([match("`"; "g")] | length) % 2 == 1
			    then sub("`(?<s>[^`]*)$"; "`<redacted:\(.s | length)>...") else . end
			  | gsub("^\\s+|\\s+$"; "") ) as $hit |
			[ "\(.file | ltrimstr($d)):\(.line):\(.column)", .confidence, .details, $hit ] | @tsv' "$j" |
			sort -t: -k1,1 -k2,2n
	} >"$out"
	log "$c: $n G101 findings -> ${out#"$ROOT"/}"
done

#!/usr/bin/env bash
# Install Microsoft's SARIF Multitool (from npm, pinned) into .tools/ and,
# given SARIF files, validate them the way GitHub code scanning ingests
# them: the SARIF 2.1.0 rules plus GitHub's GH rules.
#
#   scripts/sarif-check.sh                 # install only
#   scripts/sarif-check.sh FILE.sarif ...  # install if needed, then validate
#   scripts/sarif-check.sh report/testdata/golden/sarif.golden
#
# Once installed, `go test ./report` also runs the multitool on the report
# package's SARIF output (TestSARIFMultitool); without it that test skips
# and names this script. SARIF_MULTITOOL=/path/to/Sarif.Multitool overrides
# the location.
#
# The npm package is a wrapper that passes its arguments through a shell
# unquoted, so we run the platform binary it ships directly. Everything
# lands under .tools/bin/, which git ignores.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

version=5.7.0
dir=.tools/bin/.sarif-multitool-$version
bin=.tools/bin/sarif-multitool

case "$(uname -s)" in
Linux) platform=linux ;;
Darwin) platform=darwin ;;
*) echo "sarif-check: no SARIF Multitool build for $(uname -s)" >&2; exit 2 ;;
esac

if [ ! -x "$dir/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool" ]; then
	mkdir -p "$dir"
	echo "sarif-check: installing @microsoft/sarif-multitool@$version into $dir" >&2
	npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
		"@microsoft/sarif-multitool@$version" >&2
fi
target="$dir/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool"
chmod +x "$target"
# Relative to .tools/bin, so the link survives moving the checkout.
ln -sfn "${target#.tools/bin/}" "$bin"

# A .NET program: no telemetry, and no need for ICU on minimal images.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

status=0
for f in "$@"; do
	out=$(mktemp -d)
	# The multitool skips files whose name does not end in .sarif.
	cp "$f" "$out/input.sarif"
	# It prints FILE(line,col): error|warning RULEID: message and exits 0
	# even when it finds errors; judge by what it printed.
	log=$("$bin" validate "$out/input.sarif" --rule-kind "Sarif;Gh" -o "$out/validation.sarif" --log ForceOverwrite 2>&1) || {
		printf '%s\n' "$log"
		echo "sarif-check: $f: the multitool failed" >&2
		status=1
	}
	printf '%s\n' "${log//$out\/input.sarif/$f}"
	if grep -qE ': error [A-Z]+[0-9]+' <<<"$log"; then
		echo "sarif-check: $f: errors above" >&2
		status=1
	elif grep -q 'invalid target' <<<"$log"; then
		echo "sarif-check: $f: not analysed" >&2
		status=1
	else
		echo "sarif-check: $f: no errors" >&2
	fi
	rm -rf "$out"
done
exit $status

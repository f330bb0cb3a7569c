#!/usr/bin/env bash
# Times go vet -vettool=secretlint against plain go vet on one module given
# by its directory (bench/vet.sh does the same for the shared corpora of
# scripts/corpus.sh, with VETTOOL set).
#
#   bash bench/vettool.sh MODULE_DIR [RUNS]
#
# Both tools run over ./... of MODULE_DIR with the build cache warm (every
# package and test variant compiled once, untimed) and go vet's result
# cache cold for the timed flags, RUNS times each (default 3), alternating. Each timed run gets
# a fresh copy of the warmed cache, because go vet caches analysis results
# and a second run would only replay them. The fully cached second run is
# also timed. Wall time, CPU (user+sys) and the peak RSS of the largest
# process come from /usr/bin/time -v. SECRETLINT names a prebuilt binary;
# otherwise this checkout's cmd/secretlint is built.
set -euo pipefail
mod=$(cd "${1:?usage: bench/vettool.sh MODULE_DIR [RUNS]}" && pwd)
runs=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOFLAGS="${GOFLAGS:-} -buildvcs=false" GOWORK=off

bin=${SECRETLINT:-}
if [ -z "$bin" ]; then
  bin=$work/secretlint
  (cd "$repo" && go build -o "$bin" ./cmd/secretlint)
fi
[ -x /usr/bin/time ] || { echo "bench/vettool.sh needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "module:     $mod"
echo "go:         $(go version)"
echo "secretlint: $bin"
echo "packages:   $(cd "$mod" && go list ./... | wc -l)"

# Warm the build cache: go vet compiles every package and test variant it
# vets. The warm-up vets with -unusedresult=false, so its cached results
# are keyed by other flags and neither timed tool can replay them.
snap=$work/cache-warm
mkdir -p "$snap"
(cd "$mod" && GOCACHE=$snap go vet -unusedresult=false ./... >/dev/null 2>&1 || true)
echo "warm cache: $(du -sh "$snap" | cut -f1)"

# measure NAME CACHE CMD...: runs CMD in the module and prints one line.
measure() {
  local name=$1 cache=$2; shift 2
  local log=$work/time.log
  (cd "$mod" && GOCACHE=$cache /usr/bin/time -v "$@" >/dev/null 2>"$log") || true
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  printf '%-34s wall %7.2fs  cpu %7.2fs  peak-rss %6d MiB\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024))
  echo "$name $wall" >> "$work/walls"
}

echo
echo "== go vet result cache cold, build cache warm ($runs runs each)"
for i in $(seq "$runs"); do
  for tool in plain secretlint; do
    rm -rf "$work/cache"; cp -a "$snap" "$work/cache"
    if [ $tool = plain ]; then
      measure "go vet ./... #$i" "$work/cache" go vet ./...
    else
      measure "go vet -vettool=secretlint #$i" "$work/cache" go vet -vettool="$bin" ./...
    fi
  done
done
echo
echo "== second run (results cached by a first, untimed run)"
rm -rf "$work/cache"; cp -a "$snap" "$work/cache"
(cd "$mod" && GOCACHE=$work/cache go vet ./... >/dev/null 2>&1 || true)
measure "go vet ./... (cached)" "$work/cache" go vet ./...
rm -rf "$work/cache"; cp -a "$snap" "$work/cache"
(cd "$mod" && GOCACHE=$work/cache go vet -vettool="$bin" ./... >/dev/null 2>&1 || true)
measure "go vet -vettool=secretlint (cached)" "$work/cache" go vet -vettool="$bin" ./...

awk '/^go vet \.\/\.\.\. #/ {p+=$NF; np++} /^go vet -vettool=secretlint #/ {s+=$NF; ns++}
  END { if (np && ns) printf "\nmean wall: go vet %.2fs, secretlint %.2fs, ratio %.2fx\n", p/np, s/ns, (s/ns)/(p/np) }' "$work/walls"

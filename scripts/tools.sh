#!/usr/bin/env bash
# scripts/tools.sh [tool...] — install the peer and test tools secretlint is measured against.
#
# Everything lands in <repo>/.tools/bin (gitignored); npm packages in <repo>/.tools/npm.
# Idempotent: a tool already present at the pinned version (checked in the binary's
# build info with `go version -m`, or by the package version) is skipped.
# Each install is timed; the times are printed and appended to .tools/install-times.log.
#
# Tools (default = all but pre-commit):
#   gitleaks          v8.30.1, built like its release: -tags gore2regex (RE2 through
#                     wasilibs/go-re2 on wazero) and the release ldflags, so
#                     `gitleaks version` prints 8.30.1.
#   gitleaks-stdre    the same version without gore2regex (Go's regexp), for comparison.
#   gosec             v2.30.0.
#   vals              helmfile/vals v0.46.1. `go install` works for this version (its go.mod
#                     has no replace directives). If a later pin is refused for replace
#                     directives, build it from a small module under tools/vals/ the way
#                     /work/shared/VAULT.md builds Vault.
#   benchstat         golang.org/x/perf/cmd/benchstat at a pinned pseudo-version.
#   sarif-multitool   @microsoft/sarif-multitool 5.7.0 from npm; .tools/bin/sarif-multitool
#                     calls the platform binary directly (see /work/shared/SARIF.md).
#   pre-commit        Debian's pre-commit via apt-get (root); only when named.
#   ruby              Debian's ruby via apt-get (root); only when named: renders Rails'
#                     ERB-templated YAML in the remediation tests.
#   ansible           Debian's ansible (7.7.0: amazon.aws 5.5.1, community.hashi_vault 4.2.1)
#                     with python3-hvac and python3-boto3 via apt-get (root); only when named.
#   actionlint        rhysd/actionlint v1.7.12 (a binary: its YAML library conflicts with
#                     compose-go's inside our module).
#   gitlab-ci-schema  GitLab's CI JSON schema, taken from npm gitlab-ci-local 4.75.1's bundle
#                     into .tools/gitlab-ci-schema/gitlab-ci.json.
#   golangci-lint-src nothing to build yet: `golangci-lint custom` cannot clone here, the
#                     recipe that builds golangci-lint with our plugin from the Go module
#                     proxy lives in /work/shared/GOLANGCI.md (v2.15.0 + plugin-module-register
#                     v0.1.2). This target only prints that pointer.
set -euo pipefail

GITLEAKS_VERSION=v8.30.1
GOSEC_VERSION=v2.30.0
VALS_VERSION=v0.46.1
PERF_VERSION=v0.0.0-20260908200009-22c9c6c9d4da
SARIF_MULTITOOL_VERSION=5.7.0
ACTIONLINT_VERSION=v1.7.12
GITLAB_CI_LOCAL_VERSION=4.75.1

die() { printf 'tools.sh: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'tools.sh: %s\n' "$*" >&2; }

ROOT=$(git rev-parse --show-toplevel 2>/dev/null) || die "run inside the secretlint git checkout"
# TOOLS_DIR overrides where everything goes (used to time cold installs into a scratch dir).
TOOLS_DIR=${TOOLS_DIR:-$ROOT/.tools}
BIN=$TOOLS_DIR/bin
NPM_PREFIX=$TOOLS_DIR/npm
TIMES=$TOOLS_DIR/install-times.log
mkdir -p "$BIN"
# keep the log, npm's tree and staging dirs out of git without touching the repo's .gitignore
[ -f "$TOOLS_DIR/.gitignore" ] || printf '*\n' >"$TOOLS_DIR/.gitignore"

command -v go >/dev/null || die "go is not on PATH"

# has_build_info BIN PATTERN... — true when every extended regexp matches `go version -m BIN`.
has_build_info() {
	local bin=$1 info pat
	shift
	[ -x "$bin" ] || return 1
	info=$(go version -m "$bin" 2>/dev/null) || return 1
	for pat in "$@"; do
		grep -Eq "$pat" <<<"$info" || return 1
	done
}

# timed NAME CMD... — run CMD, print and log how long it took.
timed() {
	local name=$1 start end
	shift
	start=$(date +%s.%N)
	"$@"
	end=$(date +%s.%N)
	local secs
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
	log "installed $name in ${secs}s"
	printf '%s\t%s\t%ss\tload=%s\n' "$(date -u +%FT%TZ)" "$name" "$secs" \
		"$(cut -d' ' -f1-3 /proc/loadavg)" >>"$TIMES"
}

# go_install_as NAME PKG@VER [go flags...] — go install into a staging GOBIN, then move the
# binary to $BIN/NAME (so two builds of one command can live side by side).
go_install_as() {
	local name=$1 pkg=$2 stage=$TOOLS_DIR/stage
	shift 2
	rm -rf "$stage"
	mkdir -p "$stage"
	GOWORK=off GOBIN=$stage go install "$@" "$pkg" || die "go install $pkg failed"
	local built=("$stage"/*)
	if [ "${#built[@]}" -ne 1 ] || [ ! -x "${built[0]}" ]; then
		die "go install $pkg produced no single binary in $stage"
	fi
	mv -f "${built[0]}" "$BIN/$name"
	rm -rf "$stage"
}

GITLEAKS_LDFLAGS="-s -w -X=github.com/zricethezav/gitleaks/v8/version.Version=${GITLEAKS_VERSION#v}"

install_gitleaks() {
	local bin=$BIN/gitleaks
	if has_build_info "$bin" "mod[[:space:]]+github.com/zricethezav/gitleaks/v8[[:space:]]+$GITLEAKS_VERSION" \
		'build[[:space:]]+-tags=gore2regex' 'dep[[:space:]]+github.com/wasilibs/go-re2'; then
		log "gitleaks $GITLEAKS_VERSION (gore2regex) present"
	else
		timed gitleaks go_install_as gitleaks "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION" \
			-tags gore2regex -ldflags "$GITLEAKS_LDFLAGS"
	fi
	# Verify: the version string, and that RE2 (go-re2) is really linked in.
	local v
	v=$("$bin" version 2>&1) || die "gitleaks version failed: $v"
	[ "$v" = "${GITLEAKS_VERSION#v}" ] || die "gitleaks version printed '$v', want ${GITLEAKS_VERSION#v}"
	go version -m "$bin" | grep -q 'github.com/wasilibs/go-re2' || die "gitleaks binary does not embed wasilibs/go-re2"
	log "gitleaks verified: version $v, $(go version -m "$bin" | awk '$2=="github.com/wasilibs/go-re2"{print "go-re2 " $3}')"
}

install_gitleaks_stdre() {
	local bin=$BIN/gitleaks-stdre
	if has_build_info "$bin" "mod[[:space:]]+github.com/zricethezav/gitleaks/v8[[:space:]]+$GITLEAKS_VERSION" &&
		! go version -m "$bin" | grep -q 'gore2regex'; then
		log "gitleaks-stdre $GITLEAKS_VERSION present"
		return
	fi
	timed gitleaks-stdre go_install_as gitleaks-stdre "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION" \
		-ldflags "$GITLEAKS_LDFLAGS"
	if go version -m "$bin" | grep -q 'github.com/wasilibs/go-re2'; then
		die "gitleaks-stdre unexpectedly embeds go-re2"
	fi
}

install_gosec() {
	if has_build_info "$BIN/gosec" "mod[[:space:]]+github.com/securego/gosec/v2[[:space:]]+$GOSEC_VERSION"; then
		log "gosec $GOSEC_VERSION present"
		return
	fi
	timed gosec go_install_as gosec "github.com/securego/gosec/v2/cmd/gosec@$GOSEC_VERSION"
}

install_vals() {
	if has_build_info "$BIN/vals" "mod[[:space:]]+github.com/helmfile/vals[[:space:]]+$VALS_VERSION"; then
		log "vals $VALS_VERSION present"
		return
	fi
	timed vals go_install_as vals "github.com/helmfile/vals/cmd/vals@$VALS_VERSION"
}

install_benchstat() {
	if has_build_info "$BIN/benchstat" "mod[[:space:]]+golang.org/x/perf[[:space:]]+$PERF_VERSION"; then
		log "benchstat (x/perf $PERF_VERSION) present"
		return
	fi
	timed benchstat go_install_as benchstat "golang.org/x/perf/cmd/benchstat@$PERF_VERSION"
}

install_sarif_multitool() {
	command -v npm >/dev/null || die "npm is not on PATH (apt-get install -y npm)"
	local pkg=$NPM_PREFIX/node_modules/@microsoft/sarif-multitool
	local plat=$NPM_PREFIX/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
	local have=""
	[ -f "$pkg/package.json" ] && have=$(node -p "require('$pkg/package.json').version" 2>/dev/null || true)
	if [ "$have" = "$SARIF_MULTITOOL_VERSION" ] && [ -x "$plat" ]; then
		log "sarif-multitool $SARIF_MULTITOOL_VERSION present"
	else
		mkdir -p "$NPM_PREFIX"
		timed sarif-multitool npm install --no-audit --no-fund --prefix "$NPM_PREFIX" \
			"@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION"
	fi
	[ -f "$plat" ] || die "npm did not install the linux platform binary at $plat"
	# its postinstall (chmod u+x) may be skipped when npm blocks install scripts
	[ -x "$plat" ] || chmod u+x "$plat"
	cat >"$BIN/sarif-multitool" <<WRAP
#!/usr/bin/env bash
# generated by scripts/tools.sh: call the platform binary directly, arguments quoted
# (the npm wrapper passes them through a shell unquoted).
exec "$plat" "\$@"
WRAP
	chmod +x "$BIN/sarif-multitool"
	"$BIN/sarif-multitool" --version >/dev/null 2>&1 || die "sarif-multitool wrapper does not run"
}

# install_apt NAME — Debian's package NAME via apt-get (root or sudo), skipped when installed.
install_apt() {
	local pkg=$1
	if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		log "$pkg $(dpkg-query -W -f='${Version}' "$pkg") present (apt)"
		return
	fi
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || die "$pkg is installed with apt-get and needs root (or sudo)"
		sudo="sudo"
	fi
	apt_install() {
		# update only when the package lists do not know it yet
		apt-cache show "$pkg" >/dev/null 2>&1 || $sudo apt-get update -qq
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
	}
	timed "$pkg" apt_install
}

install_pre_commit() { install_apt pre-commit; }
# ansible with what its lookups need (hvac for Vault, boto3 for AWS);
# --no-install-recommends is not needed: the recommends are small.
install_ansible() { install_apt ansible; install_apt python3-hvac; install_apt python3-boto3; }

install_actionlint() {
	if has_build_info "$BIN/actionlint" "mod[[:space:]]+github.com/rhysd/actionlint[[:space:]]+$ACTIONLINT_VERSION"; then
		log "actionlint $ACTIONLINT_VERSION present"
		return
	fi
	timed actionlint go_install_as actionlint "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
}

install_gitlab_ci_schema() {
	local dir=$TOOLS_DIR/gitlab-ci-schema
	if [ -s "$dir/gitlab-ci.json" ] && [ "$(cat "$dir/version" 2>/dev/null)" = "$GITLAB_CI_LOCAL_VERSION" ]; then
		log "GitLab CI schema (gitlab-ci-local $GITLAB_CI_LOCAL_VERSION) present"
		return
	fi
	command -v npm >/dev/null || die "npm is not on PATH (apt-get install -y npm)"
	gitlab_schema() {
		mkdir -p "$dir"
		(cd "$dir" && rm -f gitlab-ci-local-*.tgz && npm pack --silent "gitlab-ci-local@$GITLAB_CI_LOCAL_VERSION" >/dev/null &&
			tar xzf "gitlab-ci-local-$GITLAB_CI_LOCAL_VERSION.tgz" package/dist/index.js)
		node "$ROOT/scripts/gitlab-ci-schema.js" "$dir/package/dist/index.js" "$dir/gitlab-ci.json"
		rm -rf "$dir/package" "$dir"/gitlab-ci-local-*.tgz
		printf '%s\n' "$GITLAB_CI_LOCAL_VERSION" >"$dir/version"
	}
	timed gitlab-ci-schema gitlab_schema
}

note_golangci() {
	log "golangci-lint-src: nothing to build here; recipe in /work/shared/GOLANGCI.md"
}

DEFAULT=(gitleaks gitleaks-stdre gosec vals benchstat sarif-multitool)
if [ $# -eq 0 ]; then
	set -- "${DEFAULT[@]}"
fi
for tool in "$@"; do
	case $tool in
	gitleaks) install_gitleaks ;;
	gitleaks-stdre) install_gitleaks_stdre ;;
	gosec) install_gosec ;;
	vals) install_vals ;;
	benchstat) install_benchstat ;;
	sarif-multitool) install_sarif_multitool ;;
	pre-commit) install_pre_commit ;;
	ruby) install_apt ruby ;;
	ansible) install_ansible ;;
	actionlint) install_actionlint ;;
	gitlab-ci-schema) install_gitlab_ci_schema ;;
	golangci-lint-src) note_golangci ;;
	all) "$0" "${DEFAULT[@]}" pre-commit ruby ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown tool '$tool' (known: ${DEFAULT[*]} pre-commit ruby ansible actionlint gitlab-ci-schema golangci-lint-src all)" ;;
	esac
done

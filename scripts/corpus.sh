#!/usr/bin/env bash
# scripts/corpus.sh NAME... — materialise a real source corpus from the Go module proxy into
# <repo>/.cache/corpus/NAME/ (gitignored): a writable copy of pinned module versions.
#
# Corpora (all pinned; module zips carry no .git, no vendor/ and no nested modules):
#   k8s        k8s.io/kubernetes v1.37.2 with its staging modules (k8s.io/api, client-go, ...
#              at v0.37.2) laid back at staging/src/k8s.io/NAME, i.e. the repository tree as a
#              developer has it. sample-cli-plugin and sample-controller are not served by the
#              proxy at v0.37.2 (403) and are left out. For text scanners, not for go vet.
#   k8s-module k8s.io/kubernetes v1.37.2 alone (the module zip: no staging/src, no vendor).
#   client-go  k8s.io/client-go v0.37.2; deps downloaded so `go vet ./...` runs in it.
#   vault-api  github.com/hashicorp/vault/api v1.22.0 (the api version Vault v1.21.0 pulls,
#              see /work/shared/VAULT.md); deps downloaded so `go vet ./...` runs in it.
#   helm       helm.sh/helm/v3 v3.22.0: Helm's own code plus ~500 YAML/template test charts;
#              deps downloaded so `go vet ./...` runs in it.
#   k8s-yaml   the *.yaml and *.yml files of k8s, same relative paths (hard links to the k8s
#              corpus, which is built first): the YAML benchmark of bench/compare.sh.
#   istio      istio.io/istio at a pinned pseudo-version (istio tags without a "v", so the proxy
#              has only pseudo-versions): ~3,100 YAML files incl. Helm charts under
#              manifests/charts. For text scanners.
#   prometheus github.com/prometheus/prometheus, prometheus-operator and
#   aws-s3     github.com/aws/aws-sdk-go-v2/service/s3 at the versions of large; deps downloaded
#              so `go vet ./...` runs in them (issue 13's six vet modules with client-go,
#              vault-api and helm). Replace directives that point into the module's own
#              repository (../../ in aws-sdk-go-v2, ./pkg/client in prometheus-operator) are
#              dropped: a module zip has no nested modules, and the required versions of those
#              modules are served by the proxy, as for any consumer of the module.
#              (terraform is not one: its go.mod replaces internal nested modules that are
#              not published.)
#   large      issue 15's large benchmark (and issue 13's real-code count): one writable module
#              copy per subdirectory of large/ — kubernetes (k8s.io/kubernetes, the module zip as
#              in k8s-module), vault (github.com/hashicorp/vault v1.21.0, see VAULT.md), istio
#              (the istio pin), terraform, prometheus, helm (helm.sh/helm/v4), prometheus-operator
#              and the aws-sdk-go-v2 ec2, s3 and sagemaker service modules (LARGE_MODULES below).
#              For text scanners, not for go vet (no deps are downloaded).
#   large-yaml the *.yaml and *.yml files of large, same relative paths (hard links).
#   real2      precision on NEW real code (none of large's projects), the same layout as large:
#              one writable module copy per subdirectory (REAL2_MODULES below): gitea, traefik,
#              cilium, argo-cd (its docs/ is mostly images), hugo, etcd server, caddy, docker/cli.
#              Versions are the newest the local go (1.26) accepts. Projects under the AGPL or
#              the BUSL (minio, grafana, loki, nomad, consul) are left out. For text scanners.
#   caddy, etcd-server, hugo
#              the real2 modules of the same versions with deps downloaded, so that
#              `go vet ./...` runs in them (bench/realcode.sh CORPUS=real2's vet modules).
#
# Options: --list prints the names; --path NAME prints where NAME lives (without building).
# Idempotent: a corpus whose stamp (.cache/corpus/NAME.stamp) matches its pins is kept;
# `rm -rf .cache/corpus/NAME*` forces a rebuild. Module downloads use the normal module cache.
set -euo pipefail

K8S_VERSION=v1.37.2
K8S_STAGING_VERSION=v0.37.2
CLIENT_GO_VERSION=v0.37.2
VAULT_API_VERSION=v1.22.0
HELM_VERSION=v3.22.0
ISTIO_VERSION=v0.0.0-20260827124520-eed52ebb66ad
PROMETHEUS_VERSION=v0.316.0
TERRAFORM_VERSION=v1.13.3
PROMOP_VERSION=v0.85.0
AWS_S3_VERSION=v1.115.0
# large: SUBDIR=MODULE@VERSION, one module per subdirectory of .cache/corpus/large
LARGE_MODULES=(
	"kubernetes=k8s.io/kubernetes@$K8S_VERSION"
	"vault=github.com/hashicorp/vault@v1.21.0"
	"istio=istio.io/istio@$ISTIO_VERSION"
	"terraform=github.com/hashicorp/terraform@$TERRAFORM_VERSION"
	"prometheus=github.com/prometheus/prometheus@$PROMETHEUS_VERSION"
	"helm=helm.sh/helm/v4@v4.3.2"
	"prometheus-operator=github.com/prometheus-operator/prometheus-operator@$PROMOP_VERSION"
	"aws-sdk-go-v2-ec2=github.com/aws/aws-sdk-go-v2/service/ec2@v1.349.0"
	"aws-sdk-go-v2-s3=github.com/aws/aws-sdk-go-v2/service/s3@$AWS_S3_VERSION"
	"aws-sdk-go-v2-sagemaker=github.com/aws/aws-sdk-go-v2/service/sagemaker@v1.291.0"
)
# real2: SUBDIR=MODULE@VERSION, as LARGE_MODULES
CADDY_VERSION=v2.11.9
ETCD_SERVER_VERSION=v3.7.3
HUGO_VERSION=v0.165.0
REAL2_MODULES=(
	"gitea=code.gitea.io/gitea@v1.27.3"
	"traefik=github.com/traefik/traefik/v3@v3.7.13"
	"cilium=github.com/cilium/cilium@v1.20.2"
	"argo-cd=github.com/argoproj/argo-cd/v3@v3.5.8"
	"hugo=github.com/gohugoio/hugo@$HUGO_VERSION"
	"etcd-server=go.etcd.io/etcd/server/v3@$ETCD_SERVER_VERSION"
	"caddy=github.com/caddyserver/caddy/v2@$CADDY_VERSION"
	"docker-cli=github.com/docker/cli@v29.10.0+incompatible"
)
# staging modules the proxy does not serve at $K8S_STAGING_VERSION
K8S_STAGING_MISSING=" k8s.io/sample-cli-plugin k8s.io/sample-controller "

NAMES=(k8s k8s-yaml k8s-module client-go vault-api helm istio prometheus prometheus-operator aws-s3 large large-yaml real2 caddy etcd-server hugo)

die() { printf 'corpus.sh: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'corpus.sh: %s\n' "$*" >&2; }

ROOT=$(git rev-parse --show-toplevel 2>/dev/null) || die "run inside the secretlint git checkout"
BASE=$ROOT/.cache/corpus
command -v go >/dev/null || die "go is not on PATH"

# moddir MOD@VER — download (if needed) and print the module's read-only source directory.
moddir() {
	local json dir
	json=$(go mod download -json "$1") || die "go mod download $1 failed: $(grep -o '"Error": ".*"' <<<"$json" || true)"
	dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
	if [ -z "$dir" ] || [ ! -d "$dir" ]; then die "go mod download $1 gave no source directory"; fi
	printf '%s\n' "$dir"
}

# copy_module MOD@VER DEST — writable copy of a module's source at DEST.
copy_module() {
	local src
	src=$(moddir "$1")
	mkdir -p "$2"
	cp -R "$src/." "$2/"
	chmod -R u+w "$2"
}

# copy_modules DEST SUBDIR=MOD@VER... — one writable module copy per subdirectory of DEST.
copy_modules() {
	local dest=$1 entry
	shift
	for entry in "$@"; do
		copy_module "${entry#*=}" "$dest/${entry%%=*}"
	done
}

# spec NAME — the pins a corpus is built from (its stamp content).
spec() {
	case $1 in
	k8s)
		local skipped
		read -r -a skipped <<<"$K8S_STAGING_MISSING"
		echo "k8s.io/kubernetes@$K8S_VERSION staging@$K8S_STAGING_VERSION without ${skipped[*]}"
		;;
	k8s-module) echo "k8s.io/kubernetes@$K8S_VERSION" ;;
	k8s-yaml) echo "yaml of $(spec k8s)" ;;
	client-go) echo "k8s.io/client-go@$CLIENT_GO_VERSION vet" ;;
	vault-api) echo "github.com/hashicorp/vault/api@$VAULT_API_VERSION vet" ;;
	helm) echo "helm.sh/helm/v3@$HELM_VERSION vet" ;;
	istio) echo "istio.io/istio@$ISTIO_VERSION" ;;
	prometheus) echo "github.com/prometheus/prometheus@$PROMETHEUS_VERSION vet" ;;
	prometheus-operator) echo "github.com/prometheus-operator/prometheus-operator@$PROMOP_VERSION vet" ;;
	aws-s3) echo "github.com/aws/aws-sdk-go-v2/service/s3@$AWS_S3_VERSION vet" ;;
	large) echo "${LARGE_MODULES[*]}" ;;
	large-yaml) echo "yaml of $(spec large)" ;;
	real2) echo "${REAL2_MODULES[*]}" ;;
	caddy) echo "github.com/caddyserver/caddy/v2@$CADDY_VERSION vet" ;;
	etcd-server) echo "go.etcd.io/etcd/server/v3@$ETCD_SERVER_VERSION vet" ;;
	hugo) echo "github.com/gohugoio/hugo@$HUGO_VERSION vet" ;;
	*) die "unknown corpus '$1' (known: ${NAMES[*]})" ;;
	esac
}

# prepare_vet DIR — download the module's dependencies and check its packages load, so
# `go vet ./...` can run offline in DIR later.
prepare_vet() {
	(
		cd "$1"
		# a corpus copy sits inside our repo: make sure no parent go.work leaks in
		export GOWORK=off GOFLAGS=-mod=mod
		go mod download || die "go mod download in $1 failed"
		go list -deps -test ./... >/dev/null || die "packages in $1 do not load; go vet will fail"
	)
}

build_k8s() {
	local dest=$1 mod gomod missing=0
	copy_module "k8s.io/kubernetes@$K8S_VERSION" "$dest"
	gomod=$dest/go.mod
	# the staging modules are the replace targets ./staging/src/k8s.io/NAME in go.mod
	while read -r mod; do
		if [[ $K8S_STAGING_MISSING == *" $mod "* ]]; then
			missing=$((missing + 1))
			continue
		fi
		copy_module "$mod@$K8S_STAGING_VERSION" "$dest/staging/src/$mod"
	done < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// {print $1}' "$gomod")
	log "k8s: $missing staging module(s) not served by the proxy, left out:${K8S_STAGING_MISSING}"
}

# stats DIR — file count, size, YAML and Go file counts.
stats() {
	local files bytes yaml gofiles
	files=$(find "$1" -type f | wc -l)
	bytes=$(du -sb "$1" | cut -f1)
	yaml=$(find "$1" -type f \( -name '*.yaml' -o -name '*.yml' \) | wc -l)
	gofiles=$(find "$1" -type f -name '*.go' | wc -l)
	printf '%-10s %7d files %8.1f MB  %5d yaml  %5d go  %s\n' "$(basename "$1")" "$files" \
		"$(awk -v b="$bytes" 'BEGIN{print b/1048576}')" "$yaml" "$gofiles" "$1"
}

# drop_local_replaces DIR — remove the go.mod replace directives of DIR that point to a
# directory (nested modules of the same repository, absent from a module zip).
drop_local_replaces() {
	local old
	while read -r old; do
		(cd "$1" && go mod edit -dropreplace="$old")
	done < <(cd "$1" && go mod edit -json | jq -r '.Replace // [] | .[] | select(.New.Path | startswith(".")) | .Old.Path + (if .Old.Version then "@" + .Old.Version else "" end)')
}

# yaml_links FROM DEST — hard links at DEST to the *.yaml/*.yml files of corpus FROM (built first).
yaml_links() {
	build "$1" >/dev/null
	mkdir -p "$2"
	(cd "$BASE/$1" && find . -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 |
		xargs -0 cp -l --parents -t "$2")
}

build() {
	local name=$1 dest=$BASE/$1 stamp=$BASE/$1.stamp want
	want=$(spec "$name")
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$dest" ]; then
		log "$name up to date ($want)"
	else
		log "building $name ($want)"
		rm -rf "$dest" "$stamp"
		mkdir -p "$BASE"
		case $name in
		k8s) build_k8s "$dest" ;;
		k8s-module) copy_module "k8s.io/kubernetes@$K8S_VERSION" "$dest" ;;
		k8s-yaml) yaml_links k8s "$dest" ;;
		prometheus) copy_module "github.com/prometheus/prometheus@$PROMETHEUS_VERSION" "$dest" ;;
		prometheus-operator)
			copy_module "github.com/prometheus-operator/prometheus-operator@$PROMOP_VERSION" "$dest"
			drop_local_replaces "$dest"
			;;
		aws-s3)
			copy_module "github.com/aws/aws-sdk-go-v2/service/s3@$AWS_S3_VERSION" "$dest"
			drop_local_replaces "$dest"
			;;
		large) copy_modules "$dest" "${LARGE_MODULES[@]}" ;;
		real2) copy_modules "$dest" "${REAL2_MODULES[@]}" ;;
		caddy) copy_module "github.com/caddyserver/caddy/v2@$CADDY_VERSION" "$dest" ;;
		etcd-server)
			copy_module "go.etcd.io/etcd/server/v3@$ETCD_SERVER_VERSION" "$dest"
			drop_local_replaces "$dest"
			;;
		hugo) copy_module "github.com/gohugoio/hugo@$HUGO_VERSION" "$dest" ;;
		large-yaml) yaml_links large "$dest" ;;
		client-go) copy_module "k8s.io/client-go@$CLIENT_GO_VERSION" "$dest" ;;
		vault-api) copy_module "github.com/hashicorp/vault/api@$VAULT_API_VERSION" "$dest" ;;
		helm) copy_module "helm.sh/helm/v3@$HELM_VERSION" "$dest" ;;
		istio) copy_module "istio.io/istio@$ISTIO_VERSION" "$dest" ;;
		esac
		printf '%s\n' "$want" >"$stamp"
	fi
	if [[ $want == *" vet" ]]; then
		prepare_vet "$dest"
	fi
	stats "$dest"
}

[ $# -gt 0 ] || die "usage: scripts/corpus.sh NAME... | --list | --path NAME (names: ${NAMES[*]})"
case $1 in
--list) printf '%s\n' "${NAMES[@]}"; exit 0 ;;
--path) [ $# -eq 2 ] || die "usage: scripts/corpus.sh --path NAME"; spec "$2" >/dev/null; printf '%s\n' "$BASE/$2"; exit 0 ;;
-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac
for name in "$@"; do
	build "$name"
done

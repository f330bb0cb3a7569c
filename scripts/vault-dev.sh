#!/usr/bin/env bash
# vault-dev.sh: build and run a real HashiCorp Vault dev server for tests.
#
#   scripts/vault-dev.sh build   build .tools/bin/vault from tools/vault (reused when present)
#   scripts/vault-dev.sh start   start a dev server on a free loopback port with a random
#                                root token and print `export VAULT_ADDR=... VAULT_TOKEN=...`
#   scripts/vault-dev.sh stop    stop the server started by `start`
#   scripts/vault-dev.sh env     print the export line of the running server again
#
# Typical use:
#   scripts/vault-dev.sh build
#   eval "$(scripts/vault-dev.sh start)"
#   go test ./remediate/vaultkv/...
#   scripts/vault-dev.sh stop
#
# Go tests do not need `start`: internal/testenv starts its own server from
# $SECRETLINT_VAULT_BIN or .tools/bin/vault. The dev server keeps everything in
# memory and is never meant for real secrets.
#
# Vault 1.15+ is BSL 1.1 licensed: run it in tests, never ship the binary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${SECRETLINT_VAULT_BIN:-$root/.tools/bin/vault}"
# Run state lives outside the work tree (nothing to ignore or commit), one
# directory per checkout so that several worktrees can each run a server.
state="${TMPDIR:-/tmp}/secretlint-vault-dev-$(id -u)-$(printf '%s' "$root" | cksum | cut -d' ' -f1)"

die() { echo "vault-dev: $*" >&2; exit 1; }

cmd_build() {
	if [[ -x "$bin" ]] && "$bin" version >/dev/null 2>&1; then
		echo "vault-dev: reusing $bin ($("$bin" version))" >&2
		return 0
	fi
	mkdir -p "$(dirname "$bin")"
	echo "vault-dev: building $bin from tools/vault (a cold build takes 10-12 minutes on 2 cores)" >&2
	local start=$SECONDS
	# Build into a temporary name and rename, so an interrupted build never
	# leaves a half-written binary that a later run would reuse.
	(cd "$root/tools/vault" && GOWORK=off go build -trimpath -ldflags='-s -w' -o "$bin.tmp" github.com/hashicorp/vault)
	mv -f "$bin.tmp" "$bin"
	echo "vault-dev: built $("$bin" version) in $((SECONDS - start))s" >&2
}

free_port() {
	# Ask the kernel for a free loopback port. python3 is on the dev image;
	# fall back to probing with ss.
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
		return
	fi
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 20000))
		if ! ss -Hltn "sport = :$p" | grep -q .; then echo "$p"; return; fi
	done
	die "no free port found"
}

running_pid() {
	[[ -f "$state/pid" ]] || return 1
	local pid
	pid="$(cat "$state/pid")"
	kill -0 "$pid" 2>/dev/null || return 1
	echo "$pid"
}

print_env() {
	echo "export VAULT_ADDR=$(cat "$state/addr") VAULT_TOKEN=$(cat "$state/token")"
}

cmd_start() {
	[[ -x "$bin" ]] || die "no vault binary at $bin; run: scripts/vault-dev.sh build"
	if running_pid >/dev/null; then
		echo "vault-dev: already running (pid $(cat "$state/pid"))" >&2
		print_env
		return 0
	fi
	mkdir -p "$state"
	chmod 700 "$state"
	local port token addr pid
	port="$(free_port)"
	token="dev-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
	addr="http://127.0.0.1:$port"
	# The root token is passed on the command line: the dev server offers no
	# other way. It is a throwaway token for an in-memory server on loopback.
	nohup "$bin" server -dev -dev-no-store-token \
		-dev-root-token-id="$token" \
		-dev-listen-address="127.0.0.1:$port" \
		>"$state/log" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$state/pid"
	echo "$addr" >"$state/addr"
	(umask 077 && echo "$token" >"$state/token")
	for _ in $(seq 1 100); do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -n 20 "$state/log" >&2
			die "vault exited during start"
		fi
		if VAULT_ADDR="$addr" VAULT_TOKEN="$token" "$bin" status >/dev/null 2>&1; then
			echo "vault-dev: started pid $pid on $addr (log: $state/log)" >&2
			print_env
			return 0
		fi
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
	die "vault did not become ready in 10s (log: $state/log)"
}

cmd_stop() {
	local pid
	if pid="$(running_pid)"; then
		kill "$pid"
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
		echo "vault-dev: stopped pid $pid" >&2
	else
		echo "vault-dev: not running" >&2
	fi
	rm -rf "$state"
}

cmd_env() {
	running_pid >/dev/null || die "not running; run: scripts/vault-dev.sh start"
	print_env
}

case "${1:-}" in
build) cmd_build ;;
start) cmd_start ;;
stop) cmd_stop ;;
env) cmd_env ;;
*)
	echo "usage: scripts/vault-dev.sh build|start|stop|env" >&2
	exit 2
	;;
esac

#!/usr/bin/env bash
# Rotates a carrier API key: writes the new value to Vault and restarts
# dispatchd. Usage: rotate-carrier-keys.sh <carrier> <new-key>
set -euo pipefail
carrier="${1:?carrier}"
newkey="${2:?new key}"

vault kv put "secret/carriers/${carrier}" api_key="${newkey}"
kubectl -n haulcraft rollout restart deploy/dispatchd

# Example:
#   ./scripts/rotate-carrier-keys.sh northline 3f9a...redacted

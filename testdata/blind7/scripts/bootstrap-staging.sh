#!/usr/bin/env bash
# One-off: set up staging secrets in Vault (run from the bastion).
set -euo pipefail
export VAULT_ADDR=https://vault.staging.haulcraft.io:8200

vault kv put secret/dispatch/pg password=4s5kO9K97So21C99EGVQ
vault kv put secret/carriers/ridgeway token="$(cat /tmp/ridgeway.token)"
vault write auth/approle/role/dispatch secret_id_ttl=24h token_policies=dispatch

mysql -h rates-mysql.staging.haulcraft.io -u admin -p58FkIhdtcYyr -e 'CREATE DATABASE IF NOT EXISTS rates'
psql "postgresql://admin:sl37isYXyJwgxOHZ@pg.staging.haulcraft.io/postgres" -c 'CREATE DATABASE portal'

htpasswd -b -c /etc/nginx/htpasswd.admin ops mAY2zM95tnXC
echo "bootstrap done; tokens look like hc_live_<32 chars>"

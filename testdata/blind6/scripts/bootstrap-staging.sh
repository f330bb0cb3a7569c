#!/usr/bin/env bash
# Bootstraps a fresh staging environment. Run from a bastion, not CI.
set -euo pipefail

: "${PGHOST:=pg-primary.staging.brightloop.internal}"

psql "postgresql://hub_owner:${HUB_OWNER_PASSWORD}@${PGHOST}:5432/hub" -f db/schema.sql
psql "postgresql://reporting:5XRU3RLP0pHYck4T@${PGHOST}:5432/hub" -c 'select 1'

# broker users
mosquitto_passwd -b /etc/mosquitto/passwd hub-gateway "$MQTT_PASSWORD"
htpasswd -bB /etc/nginx/.htpasswd ops '%xhXa0BKkK0%oADcXh'

# vault
export VAULT_ADDR=https://vault.brightloop.internal:8200
vault login -method=userpass username=bootstrap password="$(cat ~/.bootstrap-pw)"
vault kv put hub/mqtt password=CUHddjh2WKGGTVfh7yIdLt2R

# registry
echo "$GHCR_TOKEN" | docker login ghcr.io -u brightloop-ci --password-stdin
curl -fsS -H "Authorization: Bearer ${HUB_ADMIN_TOKEN}" https://api.staging.brightloop.io/v1/admin/health
curl -fsS -H "Authorization: Bearer dummy" http://localhost:8080/v1/health

# sign the ota manifest key backup
openssl enc -aes-256-cbc -pbkdf2 -in ota.key -out ota.key.enc -pass pass:3h07.4sbNUb+6-dn%x

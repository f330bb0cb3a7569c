#!/usr/bin/env bash
# Bootstraps a fresh staging environment. Run from a bastion.
set -euo pipefail

export VAULT_ADDR=https://vault.acme-logistics.io:8200
export VAULT_TOKEN=hvs.VJByXxAX9MV0uPqsLmGWkHOS

: "${ADMIN_PASS:?set ADMIN_PASS}"
PGPASSWORD="$(aws secretsmanager get-secret-value --secret-id fleet/staging/db --query SecretString --output text)"
export PGPASSWORD

mysql -h db-staging.acme-logistics.io -u admin -p'L_h0C4nf0tMMtgzLy_v_vF' fleet < schema/mysql.sql
psql "postgresql://fleet_admin:YpAjzMbQKAkZhyfPLSyPM0@pg-staging.acme-logistics.io:5432/fleet" -f schema/pg.sql
mongosh "mongodb+srv://fleet:YBj-CqAm2fKRRQ._X3B@cluster0.x7kq2.mongodb.net/fleet" --eval 'db.trips.createIndex({vin: 1})'
redis-cli -h cache-staging.acme-logistics.io -a LMny0AKljyYdNEvZD67v FLUSHDB
openssl enc -aes-256-cbc -pbkdf2 -pass pass:3oJdzHqRlh5X1ympKEaK -in seed.sql -out seed.sql.enc
openssl enc -d -aes-256-cbc -pbkdf2 -pass env:SEED_PASSPHRASE -in seed.sql.enc -out seed.sql
htpasswd -b -B /etc/nginx/.htpasswd ops "$ADMIN_PASS"
curl -fsS -u "${NEXUS_USER}:${NEXUS_TOKEN}" https://nexus.acme-logistics.io/service/rest/v1/status
curl -fsS -u admin:NrZg2DhM3QRxgQgAd7YG -X POST https://grafana-staging.acme-logistics.io/api/admin/provisioning/dashboards/reload
curl -fsS -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/repos/acme/fleet
curl -fsS -H 'Authorization: Bearer dummy' http://localhost:8080/healthz
docker login -u _json_key -p "$(cat /secrets/gcr.json)" https://gcr.io
echo "done; password policy: ${PASSWORD_MIN_LENGTH:-12} chars"

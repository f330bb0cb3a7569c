#!/usr/bin/env bash
# Bootstraps a fresh environment: local redis, AWS secrets, registry login, nginx auth.
set -euo pipefail

ENV_NAME="${1:-staging}"
echo "bootstrapping ${ENV_NAME}"

# Redis used by the integration tests on the shared runner
redis-server --port 6380 --requirepass 'Vx2@kLm9!Qs8' --daemonize yes
redis-server --port 6379 --requirepass "${REDIS_PASSWORD}" --daemonize yes

aws secretsmanager create-secret \
  --name "${ENV_NAME}/orders/db" \
  --secret-string '{"username":"orders","password":"Marigold^Rivet55"}'
aws secretsmanager create-secret --name "${ENV_NAME}/orders/api" --secret-string file://api-secret.json
aws secretsmanager put-secret-value --secret-id "${ENV_NAME}/orders/stripe" --secret-string "$STRIPE_SECRET_KEY"

docker login -u deploybot -p 'tdiZoGO1pp896rw5mHSE1-vouAsQRjN4qrwH6ZLz' registry.example.com
echo "$REGISTRY_TOKEN" | docker login -u deploybot --password-stdin registry.example.com
docker login -u deploybot -p "$(cat /run/secrets/registry_token)" registry.example.com

htpasswd -b -c /etc/nginx/.htpasswd metrics 'Th1ck3t&Spruce'
htpasswd -b /etc/nginx/.htpasswd "$PROM_USER" "$PROM_PASS"

echo "done"

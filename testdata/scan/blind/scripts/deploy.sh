#!/usr/bin/env bash
set -euo pipefail
export PGPASSWORD='Pg$hell2024'
mysql -u root -pR00tMySQL shop < schema.sql
curl -fsS -H "Authorization: Bearer $API_TOKEN" https://api.acme.io/v1/deploy
curl -fsS -u admin:Curl2024pass https://jenkins.acme.io/job/deploy/build
read -rsp "Password: " PASSWORD
echo "error: password must not be empty" >&2
docker login -u acmebot -p "$DOCKER_PASSWORD" ghcr.io
echo "ghp_lzmx38JdmxFT8HzirVqBC9VdKWqVF9sLitLL" | docker login ghcr.io -u acmebot --password-stdin
export GITLAB_TOKEN=glpat-7iDgdtIq6C0-wyoualC3
export VAULT_ADDR=https://vault.acme.io:8200

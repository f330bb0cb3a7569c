#!/usr/bin/env bash
set -euo pipefail
export VAULT_TOKEN=hvs.Vt7vLq2mZx5wN3kRtY6uI9oP
export PGPASSWORD="$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)"
DB_URL="postgres://billing:Su8vLq2mZx5wO4@db.internal:5432/billing"
TOKEN_FILE=/run/secrets/token
read -rsp "Password: " PASSWORD

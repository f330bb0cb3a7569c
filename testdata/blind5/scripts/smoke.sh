#!/bin/sh
# Smoke test against a deployed environment. Usage: scripts/smoke.sh https://staging.medora-care.net
set -eu
BASE=${1:-https://staging.medora-care.net}
TOKEN=${SMOKE_TOKEN:-}

curl -fsS "$BASE/healthz"
curl -fsS -H "Authorization: Bearer dummy" "$BASE/v2/ping" || true
curl -fsS -H "Authorization: Bearer ${TOKEN}" "$BASE/v2/slots?clinic=demo"
curl -fsS -H 'Authorization: Bearer $TOKEN' "$BASE/v2/me" || true
# the synthetic-monitoring account, until it moves to the monitor config:
curl -fsS -H "X-Medora-Api-Key: mdr_live_5bSlS3UwEk0AZeMZHvv82JuhLC2D8J6KEHoDED5B" "$BASE/v2/clinics/demo"

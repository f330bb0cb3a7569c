#!/usr/bin/env bash
# Starts throwaway databases for the integration tests and runs them.
set -euo pipefail
docker run -d --rm --name booking-integtest-pg -e POSTGRES_PASSWORD=integtest -p 55432:5432 postgres:17
trap 'docker stop booking-integtest-pg' EXIT
export DATABASE_URL="postgres://postgres:integtest@localhost:55432/postgres?sslmode=disable"
export STRIPE_SECRET_KEY="${STAGING_STRIPE_KEY:?export STAGING_STRIPE_KEY}"
openssl pkcs12 -in ../deploy/certs/client.p12 -nokeys -passin pass:saXZ4JAcD3TQ.4wj -out /tmp/client.crt
go test -tags integration ./...

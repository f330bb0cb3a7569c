#!/usr/bin/env bash
# bench/blind5.sh — bench/blind3.sh on the fifth blind corpus, testdata/blind5
# (testdata/blind5.README.md). Its Go module needs pgx/v5, lib/pq,
# go-sql-driver/mysql, go-redis/v9, golang-jwt/jwt/v5, x/oauth2, x/crypto,
# aws-sdk-go-v2 config and credentials and grpc from the module proxy.
# internal/e2e and tools/ are behind build tags (e2e, ignore) on every file,
# and internal/payments has an integration-tagged test, so a plain
# go vet ./... does not load them.
exec bash "$(dirname "$0")/blind3.sh" blind5

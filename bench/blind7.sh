#!/usr/bin/env bash
# bench/blind7.sh — bench/blind3.sh on the seventh blind corpus, testdata/blind7
# (testdata/blind7.README.md). Its Go module needs lib/pq, pgx,
# go-sql-driver/mysql, go-redis, mongo-driver, kafka-go, golang-jwt,
# x/oauth2 (clientcredentials), aws-sdk-go-v2 (config, credentials), x/crypto,
# grpc and hashicorp/vault/api from the module proxy. internal/e2e and
# tools/seedstaging are behind build tags (e2e, ignore) on every file, so a
# plain go vet ./... never loads them.
exec bash "$(dirname "$0")/blind3.sh" blind7

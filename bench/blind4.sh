#!/usr/bin/env bash
# bench/blind4.sh — bench/blind3.sh on the fourth blind corpus, testdata/blind4
# (testdata/blind4.README.md). Its Go module needs go-sql-driver/mysql, lib/pq,
# golang-jwt/jwt/v5, go-redis/v9, aws-sdk-go-v2 config and credentials and
# x/oauth2 from the module proxy. internal/e2e and tools/ are behind build
# tags (e2e, ignore) on every file, so a plain go vet ./... never loads them.
exec bash "$(dirname "$0")/blind3.sh" blind4

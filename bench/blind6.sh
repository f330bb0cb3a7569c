#!/usr/bin/env bash
# bench/blind6.sh — bench/blind3.sh on the sixth blind corpus, testdata/blind6
# (testdata/blind6.README.md). Its Go module needs pgx, go-sql-driver/mysql,
# go-redis, mongo-driver, nats.go, amqp091-go, kafka-go, golang-jwt,
# x/oauth2, aws-sdk-go-v2, minio-go, paho.mqtt, x/crypto, grpc and
# hashicorp/vault/api from the module proxy. internal/e2e and
# tools/seedstaging are behind build tags (e2e, ignore) on every file, and
# internal/gateway/mqtt_integration_test.go behind `integration`, so a plain
# go vet ./... never loads them.
exec bash "$(dirname "$0")/blind3.sh" blind6

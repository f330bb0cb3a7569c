#!/usr/bin/env bash
# Rebuilds the staging data stores from scratch. Run from the bastion.
set -euo pipefail

: "${STAGING_PG_ADMIN_PASSWORD:?set STAGING_PG_ADMIN_PASSWORD}"

psql "postgresql://postgres:a4mWUWC0.7JWWLuVQAvt46@pg-staging.medora-care.net:5432/postgres" -c 'CREATE DATABASE booking'
psql "postgresql://postgres:${STAGING_PG_ADMIN_PASSWORD}@pg-staging.medora-care.net:5432/booking" -f schema.sql

aws secretsmanager create-secret --name booking/staging/jwt --secret-string "eaf78336634ca122104002f2727518f2ec259ebfadbac4f9bb9c46acf596896b"
aws secretsmanager create-secret --name booking/staging/db --secret-string "file://db.json"

htpasswd -bB /etc/nginx/admin.htpasswd ops "zVhZ.WCE6ZR9b3Tt"
openssl pkcs12 -export -in booking.crt -inkey booking.key -out booking.p12 -passout pass:WU9LE02RNVCXiCPd
openssl rsa -in lab.key.enc -out lab.key -passin env:LAB_KEY_PASSPHRASE

curl -fsS -u "admin:haQ3kCuW951Lr1_gol_P-k" -X PUT https://search.medora-care.net:9200/clinics
curl -fsS -u "${SEARCH_USER}:${SEARCH_PASSWORD}" https://search.medora-care.net:9200/_cluster/health
curl -fsS -u $SEARCH_USER:$SEARCH_PASSWORD https://search.medora-care.net:9200/_cat/indices

mongosh "mongodb://admin@mongo-staging.medora-care.net:27017/admin" -p "$MONGO_ADMIN_PASSWORD" --eval 'db.createUser({user:"booking",pwd:passwordPrompt(),roles:["readWrite"]})'
redis-cli -h redis-staging.medora-care.net -a "$REDIS_PASSWORD" FLUSHALL

#!/usr/bin/env bash
# Nightly logical backup of the ledger to the archive bucket.
set -euo pipefail

export PGPASSWORD="${LEDGER_BACKUP_PASSWORD:-bghcu9CafymxUqbk7hi3}"
STAMP=$(date +%Y%m%d)
pg_dump -h ledger-db.internal.haulcraft.io -U ledger_backup ledger | gzip > "/var/backups/ledger-$STAMP.sql.gz"

openssl enc -aes-256-cbc -pbkdf2 -salt -pass pass:anchor-dock-granite-copper \
  -in "/var/backups/ledger-$STAMP.sql.gz" -out "/var/backups/ledger-$STAMP.sql.gz.enc"

aws s3 cp "/var/backups/ledger-$STAMP.sql.gz.enc" s3://haulcraft-ledger-backups/ --sse aws:kms

#!/bin/sh
# Nightly logical backup of the orders database and the catalog Mongo.
set -eu

STAMP=$(date +%Y%m%d)
OUT=/backups/orders-$STAMP.sql.gz

psql "postgresql://backup:Saffron_Kettle84@pg-primary.internal:5432/orders" -c 'SELECT pg_switch_wal();'
psql "postgresql://backup:${PGPASSWORD}@pg-primary.internal:5432/orders" -c 'CHECKPOINT;'
PGPASSWORD="$(cat /etc/backup/pgpass)" pg_dump -h pg-primary.internal -U backup orders | gzip > "$OUT"

curl -fsS -u backup-uploader:UdtQf5l45v3Fikj4kvmtIT7H3l6Lk4v0 -T "$OUT" "https://nexus.example.com/repository/backups/orders-$STAMP.sql.gz"
curl -fsS -u "$NEXUS_USER:$NEXUS_PASS" -X DELETE "https://nexus.example.com/repository/backups/orders-old.sql.gz"

openssl pkcs12 -in /etc/backup/client.p12 -out /tmp/client.pem -nodes -passin pass:VgdoIAxkH7FRMwSvGR7W
openssl pkcs12 -in /etc/backup/client.p12 -out /tmp/ca.pem -cacerts -nokeys -passin env:P12_PASSWORD
openssl rsa -in /etc/backup/sign.key.enc -out /tmp/sign.key -passin file:/etc/backup/keypass

mongo --host mongo.internal -u backup -p 'Jb7#Hd2*Wq9!' --authenticationDatabase admin --eval 'db.fsyncLock()'
mongodump --host mongo.internal -u backup -p "$(cat /run/secrets/mongo_backup)" --archive=/backups/catalog-$STAMP.archive
mongo --host mongo.internal -u backup -p "$MONGO_BACKUP_PASSWORD" --authenticationDatabase admin --eval 'db.fsyncUnlock()'

mysql -h legacy-db.internal -u root -p'Ocelot_Parade!48' -e 'FLUSH TABLES WITH READ LOCK'
mysqldump -h legacy-db.internal -u root -p"$MYSQL_ROOT_PASSWORD" legacy | gzip > /backups/legacy-$STAMP.sql.gz

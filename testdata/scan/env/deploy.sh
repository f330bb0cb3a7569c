#!/bin/sh
export AWS_SECRET_ACCESS_KEY=Xe7vLm2kZx9wU1qPa8Rt5Yb2Nc4Md6Lf0Kg3Jh9
PGPASSWORD=$(cat /run/secrets/pg) psql -h db
curl -u deploy:Vz2vLm8kZx4wI6 https://ci.internal/hook
if [ "$TOKEN" == "abc" ]; then echo ok; fi
ADMIN_TOKEN="$(secure_random 32)"
OTHER_TOKEN=`openssl rand -hex 16`

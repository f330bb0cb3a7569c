-- Roles for the reporting replica and the dashboards.
CREATE ROLE reporting LOGIN PASSWORD 'pUfLfYtZz4hN4nbg64fh';
CREATE USER dashboards WITH ENCRYPTED PASSWORD 'SCRAM-SHA-256$4096:R2HA80kWDbemES6U0OVBDA==$BulWLEatvreUqDsWDApXH0IBKP2UZpuxa+sH4fYb9PM=:F1qG7XzbQR+rYwLMvulkgXxZi2ut1hrBWs/pL3mU2t0=';
CREATE USER grafana_ro WITH PASSWORD :'grafana_password';
GRANT CONNECT ON DATABASE hub TO reporting, dashboards, grafana_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;
ALTER ROLE reporting SET statement_timeout = '30s';

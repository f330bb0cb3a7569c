CREATE TABLE shipments (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    reference   text NOT NULL UNIQUE,
    shipper_id  uuid NOT NULL,
    status      text NOT NULL DEFAULT 'booked',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_clients (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    token_sha256  text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE ROLE bi_reader LOGIN PASSWORD '${BI_READER_PASSWORD}';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO bi_reader;

-- Default admin (hash of a random password that was never stored).
INSERT INTO portal_users (email, password_hash) VALUES
  ('admin@haulcraft.io', '$2a$12$v77At0vI0uPwzUybTjJRhhOrl9Nii8Va/oZOAjwU/GrGe9r48p8KU');
COMMENT ON COLUMN api_clients.token_sha256 IS 'sha256 hex of the token, e.g. e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

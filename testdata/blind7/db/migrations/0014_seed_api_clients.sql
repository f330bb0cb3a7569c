-- Seed the first API clients (hashes only; tokens were sent to customers).
INSERT INTO api_clients (id, name, token_sha256) VALUES
  ('0206c22f-a0e6-4692-a71c-408035806eba', 'acme-retail',
   '0abc8a2252baae30bf1619ed8573118b4ce38843d882852564f67870ae458239'),
  ('ef15078a-a850-4a6a-9a68-4936b282cb28', 'nordic-timber',
   'fe9a1e2d83f3466cc1480315a087663c83af77dac46358773e984d6224512ea6');

-- The label-printer service account logs in with a password (HC-812).
CREATE ROLE label_printer LOGIN PASSWORD 'UrvwxYU1IP6pFKC4';
ALTER ROLE eta_worker WITH PASSWORD 'md56ab01108a2b01fdb7a070f86812bba27';

package config

// EnvHelp documents the environment variables for `dispatchd -help-env`.
const EnvHelp = `Environment:
  HAULCRAFT_PG_PASSWORD   Postgres password (example: s3cr3t)
  JWT_SECRET              HS256 key, at least 32 bytes (generate: openssl rand -base64 32)
  STRIPE_SECRET_KEY       Stripe key, sk_live_… in production
  KAFKA_SASL_PASSWORD     Confluent API secret
  VAULT_TOKEN             e.g. hvs.XXXXXXXXXXXXXXXXXXXXXXXX
`

// ExampleDSN appears in the README and the -help output.
const ExampleDSN = "postgres://user:password@host:5432/dbname"

// SecretEnvNames are never logged.
var SecretEnvNames = []string{
	"HAULCRAFT_PG_PASSWORD",
	"JWT_SECRET",
	"STRIPE_SECRET_KEY",
	"KAFKA_SASL_PASSWORD",
}

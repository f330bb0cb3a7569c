package rules

import (
	"slices"
	"strings"
)

// dbtSecretFields maps a dbt adapter type to the target fields that hold
// secrets. Nested fields are dotted: bigquery's keyfile_json is a mapping
// whose private_key is the secret.
var dbtSecretFields = map[string][]string{
	"snowflake":   {"password", "private_key", "private_key_passphrase", "token", "oauth_client_secret"},
	"bigquery":    {"keyfile_json.private_key", "token", "refresh_token", "client_secret"},
	"databricks":  {"token", "client_secret"},
	"postgres":    {"password"},
	"redshift":    {"password", "secret_access_key"},
	"athena":      {"aws_secret_access_key", "aws_session_token"},
	"spark":       {"token", "password"},
	"sqlserver":   {"password", "client_secret"},
	"synapse":     {"password", "client_secret"},
	"fabric":      {"password", "client_secret"},
	"trino":       {"password", "jwt_token", "client_secret"},
	"starburst":   {"password", "jwt_token", "client_secret"},
	"mysql":       {"password"},
	"clickhouse":  {"password"},
	"oracle":      {"password"},
	"vertica":     {"password"},
	"teradata":    {"password"},
	"exasol":      {"password"},
	"firebolt":    {"password", "client_secret"},
	"dremio":      {"password", "pat"},
	"materialize": {"password"},
	"singlestore": {"password"},
	"duckdb":      {"settings.s3_secret_access_key", "settings.s3_session_token"},
}

// dbtFieldAliases maps, per adapter type, the other names a target field
// is accepted under to the field's own name: the adapters' Credentials
// _ALIASES (dbt-postgres and the adapters built on it take pass for
// password; dbt-sqlserver and its relatives take pass and PWD, and
// app_secret for client_secret). One table, read by DBTSecretField.
var dbtFieldAliases = map[string]map[string]string{
	"postgres":    {"pass": "password", "dbname": "database"},
	"redshift":    {"pass": "password", "dbname": "database"},
	"materialize": {"pass": "password", "dbname": "database"},
	"sqlserver":   {"pass": "password", "PWD": "password", "app_secret": "client_secret", "UID": "user"},
	"synapse":     {"pass": "password", "PWD": "password", "app_secret": "client_secret", "UID": "user"},
	"fabric":      {"pass": "password", "PWD": "password", "app_secret": "client_secret", "UID": "user"},
}

// DBTCanonicalField returns the name an adapter knows field under: its
// alias resolved (postgres pass → password), or field itself.
func DBTCanonicalField(adapter, field string) string {
	if c, ok := dbtFieldAliases[strings.ToLower(adapter)][field]; ok {
		return c
	}
	return field
}

// dbtNeverSecret are target fields that are never findings, whatever their
// value: identifiers, sizes and paths to key files.
var dbtNeverSecret = map[string]bool{
	"type": true, "account": true, "user": true, "username": true, "role": true, "warehouse": true,
	"database": true, "dbname": true, "schema": true, "dataset": true, "project": true,
	"threads": true, "host": true, "port": true, "method": true, "keyfile": true,
	"private_key_path": true, "location": true, "priority": true, "authenticator": true,
	"http_path": true, "catalog": true, "region_name": true, "s3_staging_dir": true,
	"work_group": true, "iam_profile": true, "cluster_id": true, "client_id": true,
	"server": true, "driver": true, "encrypt": true, "trust_cert": true, "sslmode": true,
	"keepalives_idle": true, "connect_timeout": true, "retries": true, "query_tag": true,
	"client_session_keep_alive": true, "path": true, "aws_profile_name": true,
	"impersonate_service_account": true, "job_execution_timeout_seconds": true,
	"token_uri": true, "auth_provider_x509_cert_url": true, "client_x509_cert_url": true,
	"auth_uri": true, "project_id": true, "private_key_id": true, "client_email": true,
	"token_endpoint": true, "oauth_client_id": true, "tenant_id": true,
}

// DBTAdapters returns the adapter types with a known secret-field table.
func DBTAdapters() []string {
	out := make([]string, 0, len(dbtSecretFields))
	for a := range dbtSecretFields {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// DBTSecretField reports whether field (dotted for nested mappings, e.g.
// "keyfile_json.private_key") of a target of the given adapter type holds
// a secret. Unknown adapters fall back to secret-bearing names.
func DBTSecretField(names *Names, adapter, field string) bool {
	field = DBTCanonicalField(adapter, field)
	last := field
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		last = field[i+1:]
	}
	if dbtNeverSecret[field] || !strings.Contains(field, ".") && dbtNeverSecret[last] {
		return false
	}
	if fields, ok := dbtSecretFields[strings.ToLower(adapter)]; ok {
		if slices.Contains(fields, field) {
			return true
		}
	}
	if dbtNeverSecret[last] {
		return false
	}
	_, ok := names.Match(last)
	return ok
}

// DBTEnvVarName suggests the environment variable a remediated dbt secret
// is read from: DBT_ENV_SECRET_<PROFILE>_<TARGET>_<FIELD>, upper-cased with
// every other character turned into an underscore.
func DBTEnvVarName(profile, target, field string) string {
	var b strings.Builder
	b.WriteString(SecretDBTEnvPrefix)
	for i, part := range []string{profile, target, field} {
		if i > 0 {
			b.WriteByte('_')
		}
		for _, r := range strings.ToUpper(part) {
			if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

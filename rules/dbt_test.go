package rules

import "testing"

func TestDBTSecretField(t *testing.T) {
	for _, c := range []struct {
		adapter, field string
		want           bool
	}{
		{"snowflake", "password", true}, {"snowflake", "private_key_passphrase", true},
		{"snowflake", "oauth_client_secret", true}, {"snowflake", "account", false},
		{"snowflake", "private_key_path", false}, {"snowflake", "warehouse", false},
		{"bigquery", "keyfile_json.private_key", true}, {"bigquery", "keyfile_json.client_email", false},
		{"bigquery", "keyfile_json.private_key_id", false}, {"bigquery", "keyfile", false},
		{"bigquery", "refresh_token", true}, {"databricks", "token", true},
		{"redshift", "secret_access_key", true}, {"athena", "aws_session_token", true},
		{"postgres", "user", false}, {"postgres", "threads", false}, {"sqlserver", "client_secret", true},
		{"exotic-adapter", "api_token", true}, {"exotic-adapter", "schema", false},
		{"exotic-adapter", "service_password", true}, {"exotic-adapter", "role", false},
		{"postgres", "pass", true}, {"redshift", "pass", true}, {"sqlserver", "PWD", true}, {"sqlserver", "app_secret", true},
		{"postgres", "dbname", false}, {"snowflake", "pass", false},
	} {
		if got := DBTSecretField(DefaultNames, c.adapter, c.field); got != c.want {
			t.Errorf("DBTSecretField(%s, %s) = %v, want %v", c.adapter, c.field, got, c.want)
		}
	}
}

func TestDBTEnvVarName(t *testing.T) {
	if got := DBTEnvVarName("jaffle_shop", "prod-eu", "keyfile_json.private_key"); got != "DBT_ENV_SECRET_JAFFLE_SHOP_PROD_EU_KEYFILE_JSON_PRIVATE_KEY" {
		t.Errorf("got %s", got)
	}
}

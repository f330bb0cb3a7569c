package rules

import "testing"

// TestCheckSecretDataSettings: a Secret entry that is a whole file of
// settings is a secret when the file holds a credential, not for being in
// a Secret.
func TestCheckSecretDataSettings(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"prometheus-additional.yaml", "- job_name: \"prometheus\"\n  static_configs:\n  - targets: [\"localhost:9090\"]\n", false},
		{"query.yaml", `[{"static_configs": ["thanos-query.default.svc.cluster.local"]}]`, false},
		{"app.properties", "server.port=8080\nlogging.level=info\n", false},
		{"app.properties", "server.port=8080\nspring.datasource.password=hX9kq2Vr7pLmZ4\n", true},
		{"config.json", `{"db": {"user": "app", "password": "hX9kq2Vr7pLmZ4"}}`, true},
		{".env", "API_TOKEN=q8Lm2vXk9zPwR4tNq8Lm\nDEBUG=1\n", true},
		{"credentials", "[default]\naws_access_key_id = AKIAQ3EGRJ7LDVLWPBFZ\naws_secret_access_key = wJ7kq2Vr7pLmZ4Xy9tN3bC5dE8fG1hJ2kL4mN6pQ\n", true},
		{"alertmanager.yaml", "receivers:\n- name: slack\n  slack_configs:\n  - api_url: https://hooks.example.com\n    http_config:\n      basic_auth:\n        password: hX9kq2Vr7pLmZ4\n", true},
		{".dockerconfigjson", `{"auths":{"registry.example.com":{"username":"ci","password":"hX9kq2Vr7pLmZ4"}}}`, true},
		{"sa.json", `{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"}`, true},
		// one value, not a file: judged as before
		{"password", "hX9kq2Vr7pLmZ4", true},
		{"token", "q8Lm2vXk9zPwR4tNq8Lm", true},
	} {
		if got := CheckSecretData(DefaultNames, Candidate{Name: c.name, Value: c.value}).Match; got != c.want {
			t.Errorf("CheckSecretData(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

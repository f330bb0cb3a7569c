package yamlscan

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestSecretDataURLCredentials: a Secret entry under a public name
// (DATABASE_URL) whose value, base64-decoded or in stringData, is a URL
// with a literal password is url-credentials; one without a password, or
// with a reference, is not.
func TestSecretDataURLCredentials(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	pass := "Tz8kQ2vLm91xWd4R"
	doc := strings.Join([]string{
		"apiVersion: v1",
		"kind: Secret",
		"metadata:",
		"  name: db",
		"data:",
		"  DATABASE_URL: " + b64("postgres://app:"+pass+"@db.prod.svc:5432/app"),
		"  CACHE_URL: " + b64("redis://cache.prod.svc:6379/0"),
		"  REPLICA_URL: " + b64("postgres://app:${REPLICA_PASSWORD}@replica.prod.svc/app"),
		"stringData:",
		"  BROKER_URL: amqp://app:" + pass + "@mq.prod.svc:5672/",
		"  SEARCH_URL: https://search.prod.svc:9200",
		"",
	}, "\n")
	res, err := Scan([]byte(doc), Options{Path: "k8s/secret.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+" "+f.KeyPath+" "+f.Encoding)
		if f.Encoding == "base64" && !strings.Contains(f.Secret.Reveal(), pass) {
			t.Errorf("%s: the secret is not the decoded entry", f.KeyPath)
		}
		if f.Encoding == "" && f.Secret.Reveal() != pass {
			t.Errorf("%s: the secret is not the password", f.KeyPath)
		}
	}
	want := "url-credentials data.DATABASE_URL base64,url-credentials stringData.BROKER_URL "
	if strings.Join(got, ",") != want {
		t.Errorf("findings %q, want %q", strings.Join(got, ","), want)
	}
}

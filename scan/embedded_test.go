package scan_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

// TestEmbeddedBlocks: block scalars that hold a properties, .env, INI,
// JSON or YAML file are scanned in that format, each finding at its own
// line and column, under a key path naming both levels; the block is not
// judged as one value (a Secret's .env whole, a URL found at the block's
// first line).
func TestEmbeddedBlocks(t *testing.T) {
	src := `apiVersion: v1
kind: Secret
metadata:
  name: app
stringData:
  application.properties: |
    spring.datasource.url=jdbc:postgresql://db:5432/app
    spring.datasource.password=Pq7wE3rT9yU1iO5p
    spring.redis.password=${REDIS_PASSWORD}
  .env: |
    LOG_LEVEL=info
    DATABASE_URL=postgres://app:Hj6kL8mN2bV4cX0z@db:5432/app
  settings.json: |
    {"db": {"host": "db", "password": "Zx9cV7bN5mL3kJ1h"}}
  legacy.ini: |
    [database]
    host = db
    password = Yt5rE3wQ1aS9dF7g

    [smtp]
    password = %(SMTP_PASSWORD)s
  config: |
    db:
      user: app
      password: Uy8tR6eW4qA2sD0f
  notes: |
    plain text, no settings here
    a second line
    and a third
`
	fs, _ := scan.ScanFile(context.Background(), defaultConfig(t), "k8s/secret.yaml", []byte(src))
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%d:%d %s %s", f.Line, f.Column, f.RuleID, f.KeyPath))
	}
	want := []string{
		`8:32 hardcoded-credential stringData["application.properties"].spring.datasource.password`,
		`12:33 url-credentials stringData[".env"].DATABASE_URL`,
		`14:40 hardcoded-credential stringData["settings.json"].db.password`,
		`18:16 hardcoded-credential stringData["legacy.ini"].database.password`,
		`25:17 hardcoded-credential stringData.config.db.password`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%q\nwant:\n%q", got, want)
	}
}

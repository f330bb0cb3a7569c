package rules

import (
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

func TestTrivialPassword(t *testing.T) {
	random := fakesecret.Password(20)
	for _, tc := range []struct {
		pw      string
		related []string
		want    bool
	}{
		{"booking", []string{"booking", "booking"}, true}, // equal to the user
		{"Orders", []string{"app", "orders"}, true},       // to the database, case aside
		{"postgres", nil, true}, {"guest", nil, true}, {"minioadmin", nil, true},
		{"devredis", nil, true}, {"integtest", nil, true}, {"localpass", nil, true}, {"redis-dev", nil, true},
		{random, []string{"app", "orders"}, false},
		{"devx", nil, false},      // too short a rest
		{"dev2redis", nil, false}, // digits: not plain words
		{"developer", nil, true},  // a word that starts with dev reads as one: as guessable
		{"Marigold^Rivet55", nil, false},
		{"", []string{""}, false},
	} {
		_, got := TrivialPassword(tc.pw, tc.related...)
		if got != tc.want {
			t.Errorf("TrivialPassword(%q, %q) = %v, want %v", tc.pw, tc.related, got, tc.want)
		}
	}
}

func TestDevDefaultCredential(t *testing.T) {
	random := fakesecret.Password(20)
	for _, tc := range []struct {
		pw, host string
		related  []string
		want     bool
	}{
		{"booking", "postgres:5432", []string{"booking", "booking"}, true},
		{"app", "db.corp.internal", []string{"app"}, true}, // the user's name: anywhere
		{"postgres", "localhost:5432", []string{"postgres"}, true},
		{"guest", "rabbitmq", []string{"svc"}, true}, // a default, to a service
		{"integtest", "localhost:55432", []string{"postgres"}, true},
		{"integtest", "db.staging.corp.internal", []string{"postgres"}, false}, // a real host
		{"postgres", "10.0.3.7:5432", []string{"app"}, false},                  // an address is no service name
		{"redis", "", nil, true},                                               // no host: as local
		{random, "postgres:5432", []string{"booking"}, false},
		{random, "localhost", nil, false},
	} {
		if got := DevDefaultCredential(tc.pw, tc.host, tc.related...); got != tc.want {
			t.Errorf("DevDefaultCredential(%q, %q, %q) = %v, want %v", tc.pw, tc.host, tc.related, got, tc.want)
		}
	}
}

func TestRelatedName(t *testing.T) {
	for k, want := range map[string]bool{
		"POSTGRES_USER": true, "username": true, "MYSQL_DATABASE": true, "POSTGRES_DB": true, "dbUser": true,
		"db": true, "dbname": true, "login": true,
		"sqluser": false, "POSTGRES_PASSWORD": false, "mydbx": false, "users": false,
	} {
		if got := RelatedName(k); got != want {
			t.Errorf("RelatedName(%q) = %v, want %v", k, got, want)
		}
	}
}

func TestCallDevDefault(t *testing.T) {
	for _, c := range []struct {
		pw   string
		args []string
		want bool
	}{
		{"postgres", []string{"localhost:5432", "postgres", "postgres", "booking"}, true},
		{"booking", []string{"db.internal:5432", "booking", "booking", "app"}, true}, // equal to the user
		{"guest", []string{"amqp.acme.io:5672", "guest", "ops"}, false},              // a remote host
		{"Xk9#mP2vLq7R", []string{"localhost:5432", "postgres", "Xk9#mP2vLq7R", "app"}, false},
		{"postgres", []string{"admin", "postgres"}, true}, // no address: local
	} {
		if got := CallDevDefault(c.pw, c.args); got != c.want {
			t.Errorf("CallDevDefault(%q, %q) = %v, want %v", c.pw, c.args, got, c.want)
		}
	}
}

func TestSiblingUserDefault(t *testing.T) {
	consts := map[string]string{"DefaultPGUser": "haulcraft", "DB_USER": "app", "pgUsername": "svc"}
	lookup := func(n string) (string, bool) { v, ok := consts[n]; return v, ok }
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"DefaultPGPassword", "haulcraft", true},
		{"DefaultPGPassword", "Haulcraft", true},
		{"DB_PASS", "app", true},
		{"pgPassword", "svc", true},
		{"DefaultPGPassword", "hX9kq2Vr7pLm", false},
		{"OtherPassword", "haulcraft", false},
		{"DefaultPGToken", "haulcraft", false},
	} {
		if got := SiblingUserDefault(c.name, c.value, lookup); got != c.want {
			t.Errorf("SiblingUserDefault(%q, %q) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

package rules

import (
	"net"
	"strings"
)

// Trivial and default credentials. A password that anyone can guess
// from what stands next to it (the user name, the database name, the
// service) or from the software's documentation (postgres, guest) is no
// leaked secret: it grants nothing the name does not, and local
// development stacks (docker-compose, CI services, integration test
// scripts) are full of them. A random password under the same names is
// still a secret wherever it is written (POSTGRES_PASSWORD:
// Ju-KxN1_sIxf~*zTfapKiO2 in a compose file), so the class is the value,
// not the file. Every scanner asks TrivialPassword, so that Go, YAML and
// text agree.

// defaultPasswords are the passwords local software ships with or its
// documentation tells developers to use (the postgres image's
// postgres/postgres, RabbitMQ's guest/guest, MinIO's
// minioadmin/minioadmin, Neo4j's neo4j/neo4j), lower case.
var defaultPasswords = map[string]bool{
	"postgres": true, "postgresql": true, "mysql": true, "mariadb": true, "root": true, "toor": true,
	"guest": true, "rabbitmq": true, "redis": true, "minioadmin": true, "neo4j": true, "mongo": true,
	"mongodb": true, "admin": true, "oracle": true, "keycloak": true, "elastic": true,
	"password": true, "pass": true, "secret": true, "test": true, "changeme": true,
}

// devWords are words that say a value is for a development, test or CI
// environment: a password made of one of them and plain words
// (devredis, localpass, integtest, cipassword) is that environment's
// default.
var devWords = []string{"localdev", "local", "dev", "development", "integtest", "integration", "integ", "test", "testing", "ci", "e2e", "sandbox", "demo"}

// TrivialPassword reports whether password is a trivial or default value
// rather than a secret, and why: equal to one of related (the user name,
// the database name, the service or host name given with it), a default
// of local software (defaultPasswords), or letters that say they are a
// development value (devWords and a word: devredis, integtest). related
// values that are empty are ignored. Callers decide where the last two
// apply (a local or service host, a variable's default, a test script);
// equality with the user or database name is trivial anywhere.
func TrivialPassword(password string, related ...string) (string, bool) {
	if password == "" {
		return "", false
	}
	for _, r := range related {
		if r != "" && strings.EqualFold(r, password) {
			return "equal to its user, database or service name", true
		}
	}
	lower := strings.ToLower(password)
	if defaultPasswords[lower] {
		return "a default password of local software", true
	}
	if devDefault(lower) {
		return "a development default", true
	}
	return "", false
}

// SameAsRelated reports whether password equals one of related (case
// aside): TrivialPassword's first class, the one that holds anywhere.
func SameAsRelated(password string, related ...string) bool {
	for _, r := range related {
		if r != "" && password != "" && strings.EqualFold(r, password) {
			return true
		}
	}
	return false
}

// DevPassword reports whether password is a development default made of
// a devWord and plain letters (devpassword, localpass, integtest): on a
// command line (redis-server --requirepass devpassword) it is the
// stack's own setting, not a leaked secret.
func DevPassword(password string) bool { return devDefault(strings.ToLower(password)) }

// devDefault reports whether lower (a lower-case value) is a devWord
// joined to plain letters: at most 24 letters (and - or _), no digits,
// starting or ending with a devWord, the rest at least 3 letters.
func devDefault(lower string) bool {
	if len(lower) > 24 || len(lower) < 5 {
		return false
	}
	for i := 0; i < len(lower); i++ {
		if c := lower[i]; (c < 'a' || c > 'z') && c != '-' && c != '_' {
			return false
		}
	}
	for _, w := range devWords {
		rest := ""
		switch {
		case strings.HasPrefix(lower, w):
			rest = lower[len(w):]
		case strings.HasSuffix(lower, w):
			rest = lower[:len(lower)-len(w)]
		default:
			continue
		}
		if rest = strings.Trim(rest, "-_"); len(rest) >= 3 && !strings.ContainsAny(rest, "-_") {
			return true
		}
	}
	return false
}

// ServiceHost reports whether host (host or host:port) is a single-label
// name, as a container network resolves a service (postgres, db, redis
// in docker-compose, a CI job's services, a Kubernetes service in its
// namespace), and not an IP address.
func ServiceHost(host string) bool {
	h := hostName(host)
	if h == "" || strings.ContainsAny(h, ".:[]$%{}") || net.ParseIP(h) != nil {
		return false
	}
	return reHostname.MatchString(h)
}

// DevDefaultCredential reports whether password, sent to host (empty
// when none is written) with the related values of its context, is a
// local development default that no scanner reports: equal to its user
// or database name anywhere, and, toward a local or service host or no
// host, a default of local software or a development word.
func DevDefaultCredential(password, host string, related ...string) bool {
	if SameAsRelated(password, related...) {
		return true
	}
	if host != "" && !LocalHost(host) && !ServiceHost(host) {
		return false
	}
	_, ok := TrivialPassword(password, append(related, hostName(host))...)
	return ok
}

// RelatedName reports whether a key names a user or a database
// (POSTGRES_USER, username, MYSQL_DATABASE, POSTGRES_DB, dbName), whose
// value a password beside it may repeat (SameAsRelated).
func RelatedName(k string) bool {
	for _, suf := range relatedSuffixes {
		i := len(k) - len(suf)
		if i < 0 || !strings.EqualFold(k[i:], suf) {
			continue
		}
		// A whole word: the start of the key, after a separator, or
		// a camelCase boundary (dbUser).
		if i == 0 || strings.IndexByte("_-. ", k[i-1]) >= 0 || k[i] >= 'A' && k[i] <= 'Z' && k[i-1] >= 'a' && k[i-1] <= 'z' {
			return true
		}
	}
	return false
}

var relatedSuffixes = []string{"user", "username", "login", "db", "database", "dbname"}

// CallDevDefault reports whether password, passed to a call with the
// other literal arguments args (the user name, the database, the
// address), is a local development default (DevDefaultCredential):
// equal to one of them (Connect("localhost:5432", "postgres",
// "postgres", "app")), or a default of local software toward a local or
// service address among them or with no address at all.
func CallDevDefault(password string, args []string) bool {
	host := ""
	var related []string
	skipped := false
	for _, a := range args {
		if a == password && !skipped {
			skipped = true // the password's own argument
			continue
		}
		if host == "" && callHost(a) {
			host = a
			continue
		}
		related = append(related, a)
	}
	return DevDefaultCredential(password, host, related...)
}

// callHost reports whether a call's literal argument is an address: a
// URL, host:port, or localhost.
func callHost(a string) bool {
	if strings.Contains(a, "://") {
		return true
	}
	h, port, err := net.SplitHostPort(a)
	return err == nil && h != "" && port != "" || strings.EqualFold(a, "localhost")
}

// passwordWords are the spellings of password inside a name whose user
// sibling SiblingUserNames builds, longest first.
var passwordWords = []string{"password", "passwd", "pass", "pwd"}

// SiblingUserNames returns the names that the user of a password-named
// constant would have beside it, in the same letter case
// (DefaultPGPassword: DefaultPGUser, DefaultPGUsername …; DB_PASS:
// DB_USER …), or nil when the name holds no password word. A password
// equal to its sibling user's value (DefaultPGUser = "haulcraft",
// DefaultPGPassword = "haulcraft") is SameAsRelated: a local default.
func SiblingUserNames(name string) []string {
	lower := strings.ToLower(name)
	for _, w := range passwordWords {
		i := strings.LastIndex(lower, w)
		if i < 0 {
			continue
		}
		orig := name[i : i+len(w)]
		var out []string
		for _, u := range []string{"user", "username", "userName", "login", "name", "db", "database"} {
			switch {
			case orig == strings.ToUpper(orig):
				u = strings.ToUpper(u)
			case orig[0] >= 'A' && orig[0] <= 'Z':
				u = strings.ToUpper(u[:1]) + u[1:]
			}
			out = append(out, name[:i]+u+name[i+len(w):])
		}
		return out
	}
	return nil
}

// SiblingUserDefault reports whether password, the value of a constant
// named name, equals the value of one of its sibling user constants
// (SiblingUserNames) as lookup finds them.
func SiblingUserDefault(name, password string, lookup func(string) (string, bool)) bool {
	if password == "" {
		return false
	}
	for _, n := range SiblingUserNames(name) {
		if v, ok := lookup(n); ok && SameAsRelated(password, v) {
			return true
		}
	}
	return false
}

package rules

import (
	"net"
	"regexp"
	"strings"
)

// Credential is a password found inside a URL or connection string.
type Credential struct {
	// Format is "url", "mysql-dsn" or "keyvalue" (libpq, ODBC, ADO.NET,
	// JDBC properties).
	Format string
	User   string
	// Password and its byte span [Start, End) in the scanned string.
	Password   string
	Start, End int
	Host       string
	// Database is the database the string names (a URL's first path
	// segment, dbname=, a DSN's /db), when it names one.
	Database string
}

var (
	// scheme://user:password@host — the password may be empty (then it is
	// no finding). Userinfo characters per RFC 3986 plus what people write.
	reURLCred = regexp.MustCompile(`\b([a-zA-Z][a-zA-Z0-9+.\-]{1,30})://([^\s:/@"'<>{}]*):([^\s@/"'<>]+)@([^\s/?#"'<>:]*)`)
	// go-sql-driver/mysql: user:password@tcp(host:3306)/db, user:pw@/db.
	reMySQLDSN = regexp.MustCompile(`(?:^|[\s"'=])([^\s:@/"'()=]+):([^\s@"']+)@(?:(?:tcp|tcp4|tcp6|udp|unix|cloudsql|cloudsql-mysql)\(([^)]*)\))?/`)
	// password=… in key/value connection strings.
	reKVPassword = regexp.MustCompile(`(?i)(?:^|[\s;&?])(password|passwd|pwd)\s*=\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\{[^}]*\}|[^\s;&'"]+)`)
	reKVContext  = regexp.MustCompile(`(?i)(?:^|[\s;&?])(?:host|hostaddr|hostname|server|dbname|database|initial catalog|user|user id|uid|username|data source|sslmode|port|address|addr)\s*=`)
	reKVUser     = regexp.MustCompile(`(?i)(?:^|[\s;&?])(?:user|user id|uid|username)\s*=\s*('[^']*'|"[^"]*"|[^\s;&'"]+)`)
	reKVDatabase = regexp.MustCompile(`(?i)(?:^|[\s;&?])(?:dbname|database|initial catalog)\s*=\s*('[^']*'|"[^"]*"|[^\s;&'"]+)`)
	// What follows a URL's host: an optional port, then the first path
	// segment (group 1).
	rePathDatabase = regexp.MustCompile(`^(?::\d+)?/([A-Za-z0-9_\-]+)`)
)

// pathDatabase returns the first path segment after a host (":5432/booking?…"
// gives booking), or "".
func pathDatabase(rest string) string {
	if m := rePathDatabase.FindStringSubmatch(rest); m != nil {
		return m[1]
	}
	return ""
}

// FindCredentials returns the passwords written inside URLs and database
// connection strings in s. It does not judge the passwords: callers
// classify them (a ${VAR} password is a reference).
func FindCredentials(s string) []Credential {
	if !strings.ContainsAny(s, "@=") {
		return nil
	}
	var out []Credential
	// Each expression needs a literal of its own: a URL "://" and "@", a
	// DSN "@", a key/value string "=".
	hasAt := strings.IndexByte(s, '@') >= 0
	var urls [][]int
	if hasAt && strings.Contains(s, "://") {
		urls = reURLCred.FindAllStringSubmatchIndex(s, -1)
	}
	for _, m := range urls {
		c := Credential{Format: "url", User: s[m[4]:m[5]], Password: s[m[6]:m[7]], Start: m[6], End: m[7], Host: s[m[8]:m[9]], Database: pathDatabase(s[m[1]:])}
		if strings.HasPrefix(strings.ToLower(s[m[2]:m[3]]), "git+ssh") || c.Host == "" && c.User == "" || !plausibleHost(c.Host) {
			continue
		}
		out = append(out, c)
	}
	var dsns [][]int
	if hasAt {
		dsns = reMySQLDSN.FindAllStringSubmatchIndex(s, -1)
	}
	for _, m := range dsns {
		if overlaps(out, m[4], m[5]) || strings.Contains(s[m[2]:m[3]], "://") {
			continue
		}
		c := Credential{Format: "mysql-dsn", User: s[m[2]:m[3]], Password: s[m[4]:m[5]], Start: m[4], End: m[5], Database: pathDatabase(s[m[1]-1:])}
		if m[6] >= 0 {
			c.Host = s[m[6]:m[7]]
		}
		out = append(out, c)
	}
	if strings.IndexByte(s, '=') >= 0 && reKVContext.MatchString(s) {
		user, db := "", ""
		if u := reKVUser.FindStringSubmatch(s); u != nil {
			user = strings.Trim(u[1], `'"`)
		}
		if d := reKVDatabase.FindStringSubmatch(s); d != nil {
			db = strings.Trim(d[1], `'"`)
		}
		for _, m := range reKVPassword.FindAllStringSubmatchIndex(s, -1) {
			start, end := m[4], m[5]
			v := s[start:end]
			if len(v) >= 2 && (v[0] == '\'' || v[0] == '"' || v[0] == '{') {
				start, end = start+1, end-1
			}
			if overlaps(out, start, end) {
				continue
			}
			out = append(out, Credential{Format: "keyvalue", User: user, Password: s[start:end], Start: start, End: end, Database: db})
		}
	}
	return out
}

var reHostname = regexp.MustCompile(`^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.?$|^\[[0-9A-Fa-f:.]+\]$`)

// plausibleHost rejects "hosts" that show the match is not a URL at all
// (a regular expression that happens to contain "://" and "@"), while
// accepting templated hosts such as ${DB_HOST} or {{ .Values.host }}.
func plausibleHost(h string) bool {
	if h == "" || strings.Contains(h, "${") || strings.Contains(h, "{{") || strings.HasPrefix(h, "$") {
		return true
	}
	return reHostname.MatchString(h)
}

func overlaps(cs []Credential, start, end int) bool {
	for _, c := range cs {
		if start < c.End && c.Start < end {
			return true
		}
	}
	return false
}

// LocalHost reports whether host names this machine or a documentation
// domain, where default credentials (postgres:postgres) are dev noise.
func LocalHost(host string) bool {
	h := hostName(host)
	switch {
	case h == "", h == "localhost", h == "127.0.0.1", h == "::1", h == "0.0.0.0", h == "host.docker.internal":
		return true
	case strings.HasSuffix(h, ".local"), strings.HasSuffix(h, ".localhost"), strings.HasSuffix(h, ".test"),
		strings.HasSuffix(h, ".example"), strings.HasSuffix(h, ".invalid"),
		h == "example.com", h == "example.org", h == "example.net",
		strings.HasSuffix(h, ".example.com"), strings.HasSuffix(h, ".example.org"):
		return true
	}
	return false
}

// hostName returns host (host or host:port) lower-cased, without its port.
func hostName(host string) string {
	h := strings.ToLower(host)
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	return h
}

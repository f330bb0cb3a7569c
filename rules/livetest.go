package rules

import (
	"bytes"
	"go/build/constraint"
	"net/netip"
	"strings"
	"unsafe"
)

// LiveTest reports whether Go test code reaches a live system, so that
// a credential in it is one that system accepts rather than a fixture:
// the test is set apart from the unit tests (LiveMarked), and it names a
// remote host (NamesRemoteHost). A test against a local container
// (localhost, a compose service name, a private address) or an example
// domain is not live: its passwords are the container's fixtures. The
// host may be named in another file of the package (a flag default, a
// doc comment): callers that can see the package ask LiveMarked of the
// file and NamesRemoteHost of each file.
func LiveTest(src []byte) bool {
	return LiveMarked(src) && NamesRemoteHost(src)
}

// LiveMarked reports whether a Go file is set apart from the unit tests
// as one run against a system: a build constraint with a tag such as
// e2e, integration, staging, live, acceptance or smoke (as a word part),
// or a t.Skip guarded by an environment lookup.
func LiveMarked(src []byte) bool {
	return liveTagged(src) || envSkipped(src)
}

// liveWords are the build-tag word parts that set a test apart as one
// against a running system.
var liveWords = []string{"e2e", "integration", "integ", "staging", "stage", "live", "acceptance", "smoke", "system", "external", "remote", "prod", "production", "sandbox"}

// liveTagged reports whether a //go:build line before the package clause
// names a live-test tag (as a word part: e2e_staging, integration_test).
func liveTagged(src []byte) bool {
	for line := range bytes.Lines(src) {
		t := bytes.TrimSpace(line)
		if bytes.HasPrefix(t, []byte("package ")) {
			return false
		}
		if !constraint.IsGoBuild(string(t)) {
			continue
		}
		expr, err := constraint.Parse(string(t))
		if err != nil {
			continue
		}
		live := false
		expr.Eval(func(tag string) bool {
			for w := range strings.FieldsFuncSeq(strings.ToLower(tag), func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
				for _, lw := range liveWords {
					if w == lw {
						live = true
					}
				}
			}
			return true
		})
		if live {
			return true
		}
	}
	return false
}

// envSkipped reports whether a test skips itself after an environment
// lookup (if os.Getenv("STAGING") != "1" { t.Skip(…) }).
func envSkipped(src []byte) bool {
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(".Skip"))
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		before := src[max(0, i-240):i]
		if bytes.Contains(before, []byte("Getenv(")) || bytes.Contains(before, []byte("LookupEnv(")) {
			return true
		}
	}
}

// NamesRemoteHost reports whether a string literal of a Go file names a
// remote system (RemoteHost): a host:port, a URL of another scheme than
// http (a database, a broker), or a web URL whose host is an endpoint
// (endpointHost: api.…, staging.…). Links to documentation, in comments
// or in a skip message, are no system under test.
func NamesRemoteHost(src []byte) bool {
	for off := 0; off < len(src); {
		q := bytes.IndexAny(src[off:], "\"`")
		if q < 0 {
			return false
		}
		q += off
		end := bytes.IndexByte(src[q+1:], src[q])
		if end < 0 {
			return false
		}
		lit := src[q+1 : q+1+end]
		off = q + end + 2
		if len(lit) > 512 || bytes.IndexByte(lit, '\n') >= 0 {
			continue
		}
		if host, ok := literalHost(string(lit)); ok && RemoteHost(host) && (!webURL(lit) || endpointHost(host)) {
			return true
		}
	}
	return false
}

// webURL reports whether a literal is an http(s) or ws(s) URL.
func webURL(lit []byte) bool {
	l := bytes.ToLower(lit)
	return bytes.HasPrefix(l, []byte("http://")) || bytes.HasPrefix(l, []byte("https://")) || bytes.HasPrefix(l, []byte("ws://")) || bytes.HasPrefix(l, []byte("wss://"))
}

// endpointHost reports whether a web host names a service endpoint rather
// than a site: a label with an API or environment word (api.stripe.com,
// orders-api.acme.io, staging.acme.io).
func endpointHost(host string) bool {
	for _, l := range strings.Split(host, ".") {
		for w := range strings.FieldsFuncSeq(l, func(r rune) bool { return r == '-' || r == '_' || r >= '0' && r <= '9' }) {
			switch w {
			case "api", "apis", "gateway", "auth", "sso", "graphql", "grpc", "rpc",
				"staging", "stage", "stg", "prod", "production", "preprod", "uat", "live", "sandbox":
				return true
			}
		}
	}
	return false
}

// literalHost returns the host of a literal that is a URL (scheme://
// [user[:pass]@]host…) or a host:port.
func literalHost(s string) (string, bool) {
	if i := strings.Index(s, "://"); i > 0 {
		for _, c := range []byte(s[:i]) {
			if !isSchemeByte(c) {
				return "", false // prose around a URL, git::https://
			}
		}
		s = s[i+3:]
		if j := strings.IndexAny(s, "/?#"); j >= 0 {
			s = s[:j]
		}
		if j := strings.LastIndexByte(s, '@'); j >= 0 {
			s = s[j+1:]
		}
	} else if j := strings.LastIndexByte(s, ':'); j <= 0 || strings.ContainsAny(s, " /@") || !allDigits(s[j+1:]) {
		return "", false
	}
	if strings.HasPrefix(s, "[") {
		if j := strings.IndexByte(s, ']'); j > 0 {
			return s[1:j], true
		}
		return "", false
	}
	if j := strings.LastIndexByte(s, ':'); j >= 0 {
		s = s[:j]
	}
	if strings.Contains(s, ":") {
		return "", false // an IPv6 address needs brackets before a port
	}
	return strings.ToLower(s), s != ""
}

func isSchemeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// RemoteHost reports whether a host names a system outside the test
// machine: a public address, or a dotted name that is not loopback, a
// reserved test or example domain (RFC 2606, RFC 6761: .test, .example,
// .invalid, .localhost, example.com/.net/.org), a local or cluster-
// internal suffix (.local, .internal, .svc, .cluster.local) or a
// template. A name with a staging or production word (staging.orders.
// example.com) is remote whatever its domain: it stands for one.
func RemoteHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || strings.ContainsAny(host, "{}$%<> ") {
		return false
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.IsGlobalUnicast() && !a.IsPrivate()
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return false // localhost, a compose service
	}
	for _, l := range labels {
		for w := range strings.FieldsFuncSeq(l, func(r rune) bool { return r == '-' || r == '_' || r >= '0' && r <= '9' }) {
			switch w {
			case "staging", "stage", "stg", "prod", "production", "preprod", "uat", "live":
				return true
			}
		}
	}
	tld := labels[len(labels)-1]
	switch tld {
	case "test", "example", "invalid", "localhost", "local", "internal", "svc", "lan", "home", "corp", "go", "json", "yaml", "txt":
		return false
	}
	if tld == "" || !isLetters(tld) {
		return false
	}
	sld := labels[len(labels)-2]
	if sld == "example" && (tld == "com" || tld == "net" || tld == "org") {
		return false
	}
	return true
}

// RemoteURLCredential reports whether the password at text[start:end],
// found inside a URL (url-credentials), logs in to a remote endpoint: the
// URL's host follows the password's @ and is a remote host (RemoteHost)
// named as an endpoint or an environment (endpointHost: api.…,
// pg.staging.…). Test code that carries such a URL holds the credential
// of a running system, not a fixture: the URL is reported there as in
// other code, while fixtures against localhost, a compose service, an
// httptest server or an example domain stay quiet.
func RemoteURLCredential(text string, start, end int) bool {
	if start < 0 || end >= len(text) || start > end || text[end] != '@' {
		return false
	}
	// The scheme: scheme://user:password@ on the same line.
	line := text[max(0, start-256):start]
	if i := strings.LastIndexByte(line, '\n'); i >= 0 {
		line = line[i+1:]
	}
	if !strings.Contains(line, "://") {
		return false
	}
	host := text[end+1:]
	if i := strings.IndexAny(host, "/:?#\"'` \t\r\n)"); i >= 0 {
		host = host[:i]
	}
	return RemoteHost(host) && endpointHost(strings.ToLower(host))
}

// HasRemoteURLCredential reports whether src holds a URL with a user and
// password whose host is a remote endpoint (RemoteURLCredential): the
// cheap test that lets the Go scanner parse a test file for it.
func HasRemoteURLCredential(src []byte) bool {
	if bytes.IndexByte(src, '@') < 0 {
		return false
	}
	text := unsafe.String(unsafe.SliceData(src), len(src))
	for off := 0; ; {
		i := strings.IndexByte(text[off:], '@')
		if i < 0 {
			return false
		}
		at := off + i
		off = at + 1
		line := text[max(0, at-256):at]
		if j := strings.LastIndexByte(line, '\n'); j >= 0 {
			line = line[j+1:]
		}
		s := strings.LastIndex(line, "://")
		if s < 0 {
			continue
		}
		userinfo := line[s+3:]
		c := strings.IndexByte(userinfo, ':')
		if c < 0 || strings.ContainsAny(userinfo, "/ \t\"'`") {
			continue
		}
		if RemoteURLCredential(text, at-len(userinfo)+c+1, at) {
			return true
		}
	}
}

// RemoteEndpointOnLine reports whether the line of text holding offset
// off also holds a string literal naming a remote endpoint: a URL or
// host:port whose host is a remote host (RemoteHost) named as an endpoint
// or an environment (endpointHost). A credential written in the same
// call as such a URL (NewClient("https://staging-api.acme.io", "…")) is
// one that endpoint accepts, in test code too; the call is read as its
// line.
func RemoteEndpointOnLine(text string, off int) bool {
	if off < 0 || off > len(text) {
		return false
	}
	lo := strings.LastIndexByte(text[:off], '\n') + 1
	hi := len(text)
	if e := strings.IndexByte(text[off:], '\n'); e >= 0 {
		hi = off + e
	}
	return remoteEndpointLiteral(text[lo:hi])
}

// remoteEndpointLiteral reports whether a quoted literal of line names a
// remote endpoint (RemoteEndpointOnLine).
func remoteEndpointLiteral(line string) bool {
	for o := 0; ; {
		i := strings.Index(line[o:], "://")
		if i < 0 {
			return false
		}
		i += o
		o = i + 3
		q := strings.LastIndexAny(line[:i], "\"`")
		if q < 0 {
			continue
		}
		end := strings.IndexAny(line[q+1:], "\"`")
		if end < 0 {
			return false
		}
		if host, ok := literalHost(line[q+1 : q+1+end]); ok && RemoteHost(host) && endpointHost(strings.ToLower(host)) {
			return true
		}
	}
}

// HasRemoteEndpoint reports whether a line of src holds a literal naming
// a remote endpoint (RemoteEndpointOnLine): the cheap test that lets the
// Go scanner parse a test file for it.
func HasRemoteEndpoint(src []byte) bool {
	text := unsafe.String(unsafe.SliceData(src), len(src))
	for off := 0; ; {
		i := strings.Index(text[off:], "://")
		if i < 0 {
			return false
		}
		i += off
		lo := strings.LastIndexByte(text[:i], '\n') + 1
		hi := len(text)
		if e := strings.IndexByte(text[i:], '\n'); e >= 0 {
			hi = i + e
		}
		if remoteEndpointLiteral(text[lo:hi]) {
			return true
		}
		off = hi
	}
}

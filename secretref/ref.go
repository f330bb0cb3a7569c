package secretref

import (
	"fmt"
	"net/url"
	"strings"
)

// Ref is a parsed reference in the vals syntax,
// ref+SCHEME://LOCATION[?QUERY][#/KEY].
type Ref struct {
	// Scheme names the backend: "awssecrets" or "vault".
	Scheme string
	// Location is the host and path joined: the AWS secret name, or the
	// Vault path (mount and logical path, without "data/").
	Location string
	// Query holds the backend parameters, such as region= for awssecrets
	// or address= for vault.
	Query url.Values
	// Key is the fragment without its leading "/": the key inside the
	// secret's JSON object (a/b walks nested objects), or "" for the whole
	// secret.
	Key string

	raw string
}

// String returns the reference as it was written.
func (r Ref) String() string { return r.raw }

// secretKey identifies the secret a reference reads, without its key: two
// references to keys of one secret share one fetch and one cache entry.
func (r Ref) secretKey() string {
	q := ""
	if len(r.Query) > 0 {
		q = "?" + r.Query.Encode()
	}
	return r.Scheme + "://" + r.Location + q
}

// Parse parses a reference. It accepts what vals accepts for the schemes
// here: ref+SCHEME://, then the location (host and path, joined as vals
// does), an optional query and an optional fragment "#/KEY". Its errors
// quote the reference, which holds no secret.
func Parse(s string) (Ref, error) {
	const prefix = "ref+"
	bad := func(why string) (Ref, error) {
		return Ref{}, &Error{Ref: s, Op: "parse", Detail: why, Err: ErrBadRef}
	}
	if !strings.HasPrefix(s, prefix) {
		return bad("a reference starts with ref+SCHEME://")
	}
	u, err := url.Parse(s[len(prefix):])
	if err != nil {
		return bad("not a URL")
	}
	if u.Scheme == "" || u.Opaque != "" {
		return bad("a reference starts with ref+SCHEME://")
	}
	if u.User != nil {
		return bad("user information is not allowed in a reference")
	}
	loc := strings.Trim(u.Host+u.Path, "/")
	if u.Host == "" || loc == "" {
		return bad("no secret name")
	}
	if strings.Contains(u.Host+u.Path, "//") {
		return bad("empty path segment")
	}
	key := ""
	if u.Fragment != "" || u.RawFragment != "" || strings.HasSuffix(s, "#") {
		if !strings.HasPrefix(u.Fragment, "/") || len(u.Fragment) < 2 {
			return bad("the key is written #/KEY")
		}
		key = u.Fragment[1:]
		for seg := range strings.SplitSeq(key, "/") {
			if seg == "" {
				return bad("empty key segment")
			}
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return bad("malformed query")
	}
	return Ref{Scheme: u.Scheme, Location: loc, Query: q, Key: key, raw: s}, nil
}

// CheckQuery returns an error naming r when r's query holds a parameter
// not in allowed. Backends call it so that a misspelt parameter fails
// instead of being ignored.
func CheckQuery(r Ref, allowed ...string) error {
	for k := range r.Query {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return &Error{Ref: r.raw, Op: "parse", Detail: fmt.Sprintf("unknown parameter %q for %s (known: %s)", k, r.Scheme, strings.Join(allowed, ", ")), Err: ErrBadRef}
		}
	}
	return nil
}

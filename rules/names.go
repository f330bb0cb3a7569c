package rules

import (
	"slices"
	"strings"
	"unicode"
)

// Names decides whether an identifier or key names a secret. It splits the
// name into words (camelCase, PascalCase with acronyms, snake_case,
// kebab-case, dotted keys, digits) and requires a secret term to be the
// head of the name: the last words, optionally followed by words that keep
// the meaning (value, str, b64, old, new, 2 …). So DBPassword, db_password,
// apiKey and CLIENT_SECRET are secret names; PasswordEnvVar, TokenHeader,
// passwordMinLength, secretName and ErrBadPassword are not.
type Names struct {
	terms  [][]string      // secret terms as word sequences
	weak   [][]string      // terms that count only as the very last word
	ignore []string        // whole names (normalised) never treated as secret
	chosen map[string]bool // terms whose values people choose (passwords)
	digits map[string]bool // terms whose values are only digits (PINs)
	uuids  map[string]bool // terms whose values are UUIDs (AppRole secret_id)
	// termJoined and weakJoined are the terms' words joined without a
	// separator (apikey), by index.
	termJoined, weakJoined []string
}

// Default secret terms. Single words match a word of the name; sequences
// match consecutive words (api key), or the same letters written as one
// word (apikey).
var defaultTerms = [][]string{
	{"password"}, {"passwd"}, {"pwd"}, {"passphrase"}, {"passcode"},
	{"secret"}, {"token"}, {"credential"}, {"credentials"}, {"creds"}, {"cred"},
	{"dsn"}, {"authorization"}, {"bearer"}, {"pw"}, {"pin"},
	{"requirepass"}, {"masterauth"}, // Redis' password directives
	{"api", "key"}, {"access", "key"}, {"secret", "key"}, {"private", "key"},
	{"signing", "key"}, {"encryption", "key"}, {"master", "key"}, {"hmac", "key"},
	{"session", "key"}, {"shared", "key"}, {"account", "key"}, {"storage", "key"},
	{"license", "key"}, {"jwt", "key"}, {"app", "key"}, {"connection", "string"},
	{"conn", "str"}, {"psk"},
	{"subscription", "key"}, // Azure API Management's Ocp-Apim-Subscription-Key
	{"kek"}, {"dek"},        // key-encryption and data-encryption keys
	{"secret", "id"}, // Vault AppRole's secret_id: a UUID (uuidTerms)
}

// Terms that are too ambiguous inside a name but clear as its last word:
// db_pass, basic_auth.
var defaultWeakTerms = [][]string{{"pass"}, {"auth"}}

// Terms whose values people choose, so that a word or a short phrase may
// be the secret: passwords, passphrases, PINs. Every other term holds
// something a machine generated (a token, a key), which reads as neither
// words nor a sequence (see Randomness). Terms added by configuration
// count as chosen: the user said the name holds a secret.
var defaultChosenTerms = []string{"password", "passwd", "pwd", "passphrase", "passcode", "pass", "pw", "psk", "pin",
	"cred", "creds", "requirepass", "masterauth"}

// digitTerms are terms whose values are only digits: a PIN is 4 to 12
// digits, and a name ending in pin holding anything else pins something
// (a version, a digest, a GPIO line).
var digitTerms = map[string]bool{"pin": true}

// uuidTerms are terms whose secret values are UUIDs: Vault AppRole's
// secret_id is one, and a secret_id holding anything else names a secret
// (an AWS Secrets Manager ARN or path, a GCP secret's name). Elsewhere a
// UUID is judged as any value; under these names it is the format.
var uuidTerms = map[string]bool{"secret_id": true}

// Words that may follow a secret term without changing what the name holds.
var keepSuffix = map[string]bool{
	"value": true, "val": true, "str": true, "string": true, "bytes": true, "b64": true,
	"base64": true, "raw": true, "plain": true, "plaintext": true, "text": true, "data": true,
	"literal": true, "default": true, "override": true, "old": true, "new": true,
	"current": true, "prod": true, "production": true, "dev": true, "staging": true,
	"admin": true, "root": true, "hex": true, "pem": true, "der": true, "content": true,
	"contents": true, "v": true, "v1": true, "v2": true, "x": true, "secret": true,
	"key": true, "token": true, "encoded": true, "for": true, "of": true,
	"base": true, // Rails' secret_key_base
}

// Words that, before a secret term or as the first word, make the name
// describe something other than the secret (a flag, a check, a verb, a
// public key, an error).
var negPrefix = map[string]bool{
	"no": true, "not": true, "is": true, "has": true, "have": true, "should": true,
	"can": true, "use": true, "uses": true, "using": true, "enable": true, "enabled": true,
	"disable": true, "disabled": true, "allow": true, "require": true, "requires": true,
	"required": true, "show": true, "hide": true, "forgot": true, "forgotten": true,
	"public": true, "publishable": true, "err": true, "error": true, "errors": true,
	"min": true, "max": true, "get": true, "set": true, "fetch": true, "load": true,
	"read": true, "parse": true, "generate": true, "gen": true, "hash": true,
	"hashed": true, "encrypt": true, "encrypted": true, "decrypt": true, "encode": true,
	"decode": true, "validate": true, "verify": true, "check": true, "rotate": true,
	"invalid": true, "missing": true, "empty": true, "bad": true, "wrong": true,
	"fake": true, "dummy": true, "mock": true, "example": true, "sample": true,
	"placeholder": true, "redact": true, "redacted": true, "mask": true, "masked": true,
	"with": true, "without": true, "need": true, "needs": true, "expect": true,
	"expected": true, "num": true, "count": true, "len": true, "new": false,
	"update": true, "change": true, "save": true, "send": true,
	"delete": true, "remove": true, "clear": true, "create": true, "handle": true,
	"compare": true, "ensure": true, "prompt": true, "ask": true, "print": true,
	"log": true, "write": true, "lookup": true, "resolve": true, "to": true,
}

// NewNames returns the default matcher extended with extra terms (each a
// name such as "pin" or "recovery_code", split into words like any name)
// and with whole names to ignore.
func NewNames(extra, ignore []string) *Names {
	n := &Names{terms: slices.Clone(defaultTerms), weak: slices.Clone(defaultWeakTerms), chosen: map[string]bool{}, digits: map[string]bool{}}
	for _, t := range defaultChosenTerms {
		n.chosen[t] = true
	}
	for t := range digitTerms {
		n.digits[t] = true
	}
	n.uuids = uuidTerms
	for _, e := range extra {
		if w := SplitWords(e); len(w) > 0 {
			n.terms = append(n.terms, w)
			n.chosen[strings.Join(w, "_")] = true
			delete(n.digits, strings.Join(w, "_")) // configured: any value
		}
	}
	for _, i := range ignore {
		n.ignore = append(n.ignore, strings.Join(SplitWords(i), "_"))
	}
	for _, t := range n.terms {
		n.termJoined = append(n.termJoined, strings.Join(t, ""))
	}
	for _, t := range n.weak {
		n.weakJoined = append(n.weakJoined, strings.Join(t, ""))
	}
	return n
}

// DefaultNames is the matcher with no user configuration.
var DefaultNames = NewNames(nil, nil)

// Match reports whether name names a secret, and which term made it so.
func (n *Names) Match(name string) (term string, ok bool) {
	var buf [8]string
	words := splitWords(buf[:0], name)
	if len(words) == 0 {
		return "", false
	}
	if len(n.ignore) > 0 && slices.Contains(n.ignore, strings.Join(words, "_")) {
		return "", false
	}
	// Try the whole name, then without trailing digits and words that keep
	// the meaning (passwordValue, token2, secret_key_b64).
	for end := len(words); end >= 1; end-- {
		head := words[:end]
		for i, t := range n.terms {
			if s, ok := matchTail(head, t, n.termJoined[i]); ok {
				return strings.Join(t, "_"), n.prefixOK(head, s)
			}
		}
		if end == len(words) {
			for i, t := range n.weak {
				if s, ok := matchTail(head, t, n.weakJoined[i]); ok && len(head) > len(t) {
					return strings.Join(t, "_"), n.prefixOK(head, s)
				}
			}
		}
		if end == 1 || !isDigits(words[end-1]) && !keepSuffix[words[end-1]] {
			break
		}
	}
	// PGPASSWORD, MYSQLPWD, dbpassword: a short prefix glued to a term.
	last := words[len(words)-1]
	for _, t := range gluedTerms {
		if p := strings.TrimSuffix(last, t); p != last && len(p) <= 5 && !negPrefix[p] && !isDigits(p) {
			if len(words) == 1 || !negPrefix[words[0]] {
				return t, true
			}
		}
	}
	return "", false
}

// gluedTerms are the terms recognised with a short prefix written into
// the same word (PGPASSWORD, REDISCLI_AUTHTOKEN, dbpassword).
var gluedTerms = []string{"password", "passwd", "pwd", "secret", "token"}

// Chosen reports whether the values of term (as Match returns it) are
// chosen by people, like passwords, rather than generated, like tokens.
func (n *Names) Chosen(term string) bool { return n.chosen[term] }

// Weak reports whether term (as Match returns it) is a weak term, clear
// only as the last word of a name (db_pass, basic_auth).
func (n *Names) Weak(term string) bool {
	for _, t := range n.weak {
		if strings.Join(t, "_") == term {
			return true
		}
	}
	return false
}

// UUID reports whether the secret values of term are UUIDs (uuidTerms),
// so that anything else under the name refers to a secret.
func (n *Names) UUID(term string) bool { return n.uuids[term] }

// Digits reports whether the values of term are only digits (a PIN),
// so that anything else under the name is something else.
func (n *Names) Digits(term string) bool { return n.digits[term] }

// prefixOK rejects names whose first word, or the word just before the
// term, turns the name into something else (is_password_set, public_key).
func (n *Names) prefixOK(words []string, termStart int) bool {
	if termStart > 0 && negPrefix[words[0]] && (len(words) < 2 || words[1] != "only") {
		// read_only_password, write_only_token: a role, not a verb.
		return false
	}
	if termStart > 0 && negPrefix[words[termStart-1]] {
		return false
	}
	return true
}

// matchTail reports whether words ends with term, as separate words or
// joined into one (apikey, privatekey: joined), and where the term starts.
func matchTail(words, term []string, joined string) (int, bool) {
	if len(words) >= len(term) {
		tail := words[len(words)-len(term):]
		if slices.Equal(tail, term) {
			return len(words) - len(term), true
		}
	}
	if len(term) > 1 && words[len(words)-1] == joined {
		return len(words) - 1, true
	}
	return 0, false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// SplitWords splits an identifier or key into lower-case words:
// "DBPassword" → [db password], "api_key2" → [api key 2],
// "X-Auth-Token" → [x auth token], "spring.datasource.password" →
// [spring datasource password].
func SplitWords(name string) []string { return splitWords(nil, name) }

// splitWords is SplitWords appending to dst.
func splitWords(dst []string, name string) []string {
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return splitWordsRunes(dst, name)
		}
	}
	// ASCII: the same rules over bytes, without converting to runes; a
	// word already in lower case is a substring of name.
	words := dst
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(name[start:end]))
		}
		start = -1
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		letter, digit := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z', '0' <= c && c <= '9'
		if !letter && !digit {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := name[i-1]
		upper, prevDigit := 'A' <= c && c <= 'Z', '0' <= prev && prev <= '9'
		switch {
		case digit != prevDigit:
			flush(i)
			start = i
		case upper && 'a' <= prev && prev <= 'z':
			flush(i)
			start = i
		case upper && 'A' <= prev && prev <= 'Z' && i+1 < len(name) && 'a' <= name[i+1] && name[i+1] <= 'z':
			// "DBPassword": the P starts a new word after the acronym.
			flush(i)
			start = i
		}
	}
	flush(len(name))
	return words
}

// splitWordsRunes is splitWords for a name with non-ASCII characters.
func splitWordsRunes(dst []string, name string) []string {
	words := dst
	rs := []rune(name)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsDigit(r) != unicode.IsDigit(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// "DBPassword": the P starts a new word after the acronym.
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// userWords name the user half of a user/password pair.
var userWords = map[string]bool{"user": true, "username": true, "usr": true, "login": true, "account": true, "email": true}

// PairedName returns the name to judge a struct field by: a field named
// only Pass (or Pwd) next to a User, Username or Login field is the
// password of a user/password pair (struct{ User, Pass string }), and is
// judged as user_pass; any other field is judged by its own name.
func PairedName(field string, siblings []string) string {
	if !PassField(field) {
		return field
	}
	for _, s := range siblings {
		if sw := SplitWords(s); len(sw) == 1 && userWords[sw[0]] {
			return sw[0] + "_pass"
		}
	}
	return field
}

// PassField reports whether field's one word is pass (Pass, PASS,
// _pass): the only field PairedName may rename, so that a caller need
// not gather the siblings of any other.
func PassField(field string) bool {
	// Without allocating for the common case: an ASCII name whose
	// letters and digits are not p, a, s, s in some case is not it.
	n := 0
	for i := 0; i < len(field) && field[i] < 0x80; i++ {
		c := field[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if n >= 4 || c|0x20 != "pass"[n] {
				return false
			}
			n++
		}
	}
	w := SplitWords(field)
	return len(w) == 1 && w[0] == "pass"
}

// EntryName returns the name to judge a map entry's value by: under a
// key that is an e-mail address (a login), a value shaped like a
// credential (no blank; upper and lower case letters and digits) is that
// account's password, and is judged as one; any other entry is judged by
// its key.
func EntryName(key, value string) string {
	at := strings.IndexByte(key, '@')
	if at < 1 || !strings.Contains(key[at+1:], ".") || strings.ContainsAny(key, " /:") ||
		strings.ContainsAny(value, " \t\n") || !MixedCase(value) {
		return key
	}
	return "account_password"
}

package rules

import (
	"crypto/x509"
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what a value is, from the point of view of a secret scanner.
type Kind int

// Kinds of values, as returned by Classify.
const (
	// KindLiteral is a hardcoded value that may be a credential.
	KindLiteral Kind = iota
	// KindEmpty is an empty or blank value.
	KindEmpty
	// KindPlaceholder is a well-known stand-in (changeme, <password>,
	// xxxx, TODO, ${…} templates of docs, repeated characters).
	KindPlaceholder
	// KindReference points at a value kept elsewhere (${VAR},
	// {{ env_var('X') }}, ${{ secrets.X }}, ref+vault://…, vault:v1:…).
	KindReference
	// KindReferenceDefault is a reference whose inline default is a
	// literal: Class.Default holds it, and it is hardcoded.
	KindReferenceDefault
	// KindExample is a credential published as an example (AWS's
	// AKIAIOSFODNN7EXAMPLE); reported as "example", not as a secret.
	KindExample
	// KindWeak is too short or too uniform to be a credential on its own
	// (a finding only where the field itself says it is a secret).
	KindWeak
	// KindNotSecret is something else written where a secret could be: a
	// path, a URL without credentials, an environment variable name, a
	// header or key name, prose, a number or a boolean.
	KindNotSecret
)

var kindNames = [...]string{"literal", "empty", "placeholder", "reference", "reference-with-default", "example", "weak", "not-secret"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(?)"
}

// Class is the classification of a value.
type Class struct {
	Kind Kind
	// Reason says why, without quoting the value (e.g. "shell default",
	// "dbt env_var", "placeholder").
	Reason string
	// Default is the literal default of a KindReferenceDefault, and
	// DefaultStart/DefaultEnd its byte span inside the value.
	Default                  string
	DefaultStart, DefaultEnd int
	// Variable is the environment variable a reference reads, when it is
	// one (${VAR}, $VAR, {{ env_var('VAR') }}).
	Variable string
}

// Hardcoded reports whether the class is a value written in the source
// that must not be there: a literal, or a reference's literal default.
func (c Class) Hardcoded() bool { return c.Kind == KindLiteral || c.Kind == KindReferenceDefault }

var (
	// ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:=default}, Spring's
	// ${VAR:default}, ${env:VAR}; the default is group 3.
	// Bash's indirect ${!NAME} and length ${#NAME} are references too.
	reDollarBrace = regexp.MustCompile(`\$\{[!#]?([A-Za-z_][A-Za-z0-9_.\-]*)(?:(:?[-=?+]|:)((?:[^{}]|\{[^{}]*\})*))?\}`)
	// $VAR, and $$VAR: Make's and compose's escape for a $ that reaches
	// the shell ($$REGISTRY_PASSWORD in a recipe), never a literal value.
	reDollarVar = regexp.MustCompile(`^\$\$?[A-Za-z_][A-Za-z0-9_]*$`)
	// $name-with-dashes, $a.b: Argo CD notifications' reference to a key of
	// its Secret ($email-password), a shell variable followed by words.
	reDollarDashed = regexp.MustCompile(`^\$[A-Za-z_][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)+$`)
	reDollarParen  = regexp.MustCompile(`\$\([A-Za-z_][A-Za-z0-9_]*\)`)
	// {{ env_var('X') }} / {{ env_var("X", "default") }}, dbt and jinja.
	reEnvVar = regexp.MustCompile(`\{\{-?\s*env_var\(\s*(?:'([^']*)'|"([^"]*)")\s*(?:,\s*(?:'([^']*)'|"([^"]*)"|([^\s)]+))\s*)?\)\s*(?:\|[^}]*)?-?\}\}`)
	// Any other template expression: {{ .Values.x }}, {{ var('x') }},
	// ${{ secrets.X }}, {{resolve:secretsmanager:…}}, <%= ENV['X'] %>.
	reTemplate   = regexp.MustCompile(`\$?\{\{[^{}]*\}\}|<%=?[^%]*%>|#\{[^{}]*\}|\{\{[^{}]*\}\}`)
	reResolve    = regexp.MustCompile(`\{\{resolve:(?:secretsmanager|ssm-secure|ssm):[^}]+\}\}`)
	reGHASecrets = regexp.MustCompile(`\$\{\{\s*(?:secrets|vars|env|inputs|github|steps|needs|matrix)\.[^}]*\}\}`)
	reRefScheme  = regexp.MustCompile(`^(?:ref\+[a-z0-9]+://|secretref\+|op://|sm://|gcp:secretmanager:|gcpsm://|azure-keyvault://|akv://|vault://|awssm://|awssecrets://|ssm://|arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):|@Microsoft\.KeyVault\(|projects/[^/]+/secrets/)`)
	// PowerShell's $env:NAME.
	rePowerShellEnv = regexp.MustCompile(`^\$env:([A-Za-z_][A-Za-z0-9_]*)$`)
	// A dotted name of three or more lowercase words (envoy.filters.http.ext_authz,
	// spring.datasource.password), and one under a host (type.googleapis.com/envoy.config.v3.X).
	reDottedName = regexp.MustCompile(`^(?:[a-z][a-z0-9_\-]*(?:\.[a-z0-9_\-]+)+/)?[a-z][a-z0-9_\-]*(?:\.[a-z0-9][a-z0-9_\-]*)+\.[A-Za-z0-9][A-Za-z0-9_\-]*$`)
	// Two lowercase snake_case parts, one with an underscore: a filter or
	// plugin name (envoy.ext_authz, envoy.client_ssl_auth).
	reDottedSnake = regexp.MustCompile(`^[a-z][a-z0-9]*\.[a-z][a-z0-9]*(?:_[a-z0-9]+)+$|^[a-z][a-z0-9]*(?:_[a-z0-9]+)+\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*$`)
	// All capital letters: SESSION, SECRET, TOKEN written where a value goes.
	reAllCapsWord = regexp.MustCompile(`^[A-Z]{5,16}$`)
	// Grafana provisioning's $__env{NAME}, $__file{path}, $__vault{…}.
	reGrafanaRef = regexp.MustCompile(`^\$__(?:env|file|vault)\{[^{}]+\}$`)
	reCiphertext = regexp.MustCompile(`^(?:vault:v\d+:[A-Za-z0-9+/=]+|ENC\[[A-Z0-9_]+,.*\]|ENC\([A-Za-z0-9+/=]{8,}\)$|\$ANSIBLE_VAULT;|AQICAH[A-Za-z0-9+/=]{20,}|sops:)`)
	rePercent    = regexp.MustCompile(`^%(?:\([A-Za-z_]+\))?[-+# 0]*\d*(?:\.\d+)?[bcdeEfFgGoOpqstTUvxX]$|^%[A-Za-z_]+%$|^@[A-Za-z_]+@$|^\{\d*\}$`)

	reAngle      = regexp.MustCompile(`^<[^<>]{1,64}>$|^\[[^\[\]]{1,64}\]$|^\{[A-Za-z _\-]{1,64}\}$|^__[A-Z_]+__$`)
	reRepeated   = regexp.MustCompile(`^(?:x{3,}|X{3,}|\*{2,}|\.{3,}|…+|-{3,}|_{3,}|#{3,}|0{4,}|\?{3,})$`)
	reXRun       = regexp.MustCompile(`(?i)x{5,}|\*{3,}|0{8,}`)
	rePlaceWords = regexp.MustCompile(`(?i)^(?:your|my|the|insert|enter|replace|put|add|set|some|fill|test|dummy|fake|sample|demo)[-_ .]?(?:own[-_ .]?)?(?:[a-z]+[-_ .]?){0,3}(?:here)?$|(?i)[-_ .]here$|(?i)^(?:change|replace)[-_ .]?(?:me|it|this)`)
	reEnvName    = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$`)
	reWordsCase  = regexp.MustCompile(`^(?:[a-z]+(?:[_\-.][a-z0-9]+)+|[A-Z][a-z]*(?:-[A-Z][a-z]*)+|[a-z]+(?:[A-Z][a-z]+)+|[A-Z][a-z]+(?:[A-Z][a-z]+){2,}|--?[a-z][a-z0-9\-]*)$`)
	reNumber     = regexp.MustCompile(`^[+-]?\d+(?:\.\d+)?$`)
	reUUID       = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	// A password hash (bcrypt, sha-crypt, argon2, an htpasswd line
	// user:hash): what a server stores, not a credential.
	reCryptHash = regexp.MustCompile(`^(?:[\w.@-]+:)?\$(?:2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}|[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}|argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+|apr1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22})$`)
	// A hash behind the scheme prefix of Spring Security's
	// DelegatingPasswordEncoder ({bcrypt}$2a$…, {sha256}…), LDAP's
	// userPassword ({SSHA}…) and Dovecot ({SHA512-CRYPT}$6$…); the scheme
	// is group 1 and the hash group 2. {noop}, {plain} and {cleartext}
	// are plaintext and are not in hashSchemes.
	reSchemeHash = regexp.MustCompile(`^\{([A-Za-z0-9@.\-]{2,24})\}(\S{16,})$`)
	// A Stripe publishable key (pk_live_…, pk_test_…): embedded in web
	// pages by design.
	rePublishableKey = regexp.MustCompile(`^pk_(?:live|test)_[A-Za-z0-9]{16,}$`)
	// A Mapbox public access token (pk. and a JWT-like body; the secret
	// scopes are sk. tokens): shipped in every map page by design.
	reMapboxPublic = regexp.MustCompile(`^pk\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}$`)
	// PostgreSQL's stored password verifiers (pg_authid, pgbouncer's
	// auth_file): md5 of password and user name, and a SCRAM-SHA-256
	// verifier (iterations:salt$StoredKey:ServerKey).
	rePostgresHash = regexp.MustCompile(`^md5[0-9a-f]{32}$|^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$`)
	// An age recipient (public key): bech32 "age1…", or a plugin's
	// "age1<plugin>1…"; its identity (AGE-SECRET-KEY-1…) is the secret.
	reAgeRecipient = regexp.MustCompile(`^age1(?:[a-z0-9]+1)?[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58,}$`)
	rePEMMarker    = regexp.MustCompile(`-----(?:BEGIN|END) [A-Z0-9 _-]{0,100}-----`)
	reMime         = regexp.MustCompile(`^(?:application|text|image|audio|video|multipart)/[a-z0-9.+\-]+$`)
)

var placeholderWords = map[string]bool{
	"changeme": true, "change_me": true, "change-me": true, "changeit": true, "changethis": true,
	"replaceme": true, "replace_me": true, "password": true, "passwd": true, "pass": true,
	"secret": true, "token": true, "apikey": true, "api_key": true, "api-key": true, "key": true,
	"todo": true, "tbd": true, "fixme": true, "example": true, "sample": true, "dummy": true,
	"fake": true, "test": true, "none": true, "null": true, "nil": true, "undefined": true, "n/a": true, "na": true, "redacted": true, "hidden": true,
	"masked": true, "secret_value": true, "your_password": true, "yourpassword": true,
	"mypassword": true, "my_password": true, "mysecret": true, "my_secret": true,
	"placeholder": true, "xxx": true, "foo": true, "bar": true, "foobar": true, "baz": true,
	"user": true, "username": true, "admin": false, "omitted": true, "unset": true,
	"notset": true, "not_set": true, "empty": true, "default": true, "secretpassword": true,
	"supersecret": true, "s3cr3t": true, "p@ssw0rd": false, "password123": false,
	"credentials": true, "credential": true, "auth": true, "private_key": true,
	"client_secret": true, "access_token": true, "bearer": true,
	// Type names that help text writes after a flag (--password string).
	"string": true, "str": true, "value": true, "text": true, "int": true, "bool": true,
	"aladdin:opensesame": true, // RFC 7617's Basic authentication example
	"foobared":           true, // the example password of redis.conf's requirepass
	// A negative test's password: made up to be refused.
	"invalid": true, "incorrect": true, "wrong": true, "bogus": true,
}

// documentedTestKeys are the credentials vendors publish in their
// documentation for examples and automated tests: AWS's example keys,
// Google reCAPTCHA's test key pair (accepts every response), hCaptcha's
// and Cloudflare Turnstile's test secrets.
var documentedTestKeys = map[string]bool{
	"AKIAIOSFODNN7EXAMPLE":                     true,
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": true,
	"AKIAI44QH8DHBEXAMPLE":                     true,
	"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY": true,
	"ASIAIOSFODNN7EXAMPLE":                     true,
	// https://developers.google.com/recaptcha/docs/faq (automated tests)
	"6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI": true,
	"6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe": true,
	// https://docs.hcaptcha.com/#integration-testing-test-keys
	"0x0000000000000000000000000000000000000000": true,
	// https://developers.cloudflare.com/turnstile/troubleshooting/testing/
	"1x0000000000000000000000000000000AA": true,
	"2x0000000000000000000000000000000AA": true,
	"3x0000000000000000000000000000000AA": true,
}

// IsExample reports whether v is a documented example credential.
func IsExample(v string) bool {
	return documentedTestKeys[v] || strings.HasSuffix(v, "EXAMPLE") || strings.HasSuffix(v, "EXAMPLEKEY")
}

// Classify tells what a value is. It is shared by every scanner so that a
// reference, a placeholder or a documented example is judged the same way
// in Go, YAML, dbt profiles and plain text.
func Classify(v string) Class {
	return classify(v, 0)
}

func classify(v string, depth int) Class {
	t := strings.TrimSpace(v)
	if t == "" {
		return Class{Kind: KindEmpty, Reason: "empty"}
	}
	if c, ok := classifyReference(v); ok {
		return c
	}
	if IsExample(t) {
		return Class{Kind: KindExample, Reason: "documented example credential"}
	}
	if jwtIOExample(t) {
		return Class{Kind: KindPlaceholder, Reason: "a token made from jwt.io's example payload"}
	}
	if jwtTextSignature(t) {
		return Class{Kind: KindPlaceholder, Reason: "a token whose signature is text, not a signature"}
	}
	if strings.HasPrefix(t, "-----BEGIN ") && strings.Contains(t[:min(len(t), 64)], "PRIVATE KEY") {
		if pemBodyLen(t) < 40 {
			return Class{Kind: KindPlaceholder, Reason: "PEM block without a key (...)"}
		}
		return Class{Kind: KindLiteral} // a PEM private key, whatever its words
	}
	lower := strings.ToLower(t)
	if u, err := url.Parse(t); err == nil && u.Scheme != "" && u.Host != "" && strings.Contains(t, "://") {
		if _, has := u.User.Password(); !has {
			return Class{Kind: KindNotSecret, Reason: "URL without credentials"}
		}
	}
	switch {
	case lower == "true" || lower == "false":
		return Class{Kind: KindNotSecret, Reason: "boolean"}
	case placeholderWords[lower]:
		return Class{Kind: KindPlaceholder, Reason: "placeholder"}
	case reAngle.MatchString(t), reRepeated.MatchString(t), rePercent.MatchString(t):
		return Class{Kind: KindPlaceholder, Reason: "placeholder"}
	case isRepeatedChar(t):
		return Class{Kind: KindPlaceholder, Reason: "repeated character"}
	case reXRun.MatchString(t):
		return Class{Kind: KindPlaceholder, Reason: "masked or placeholder run"}
	case rePlaceWords.MatchString(t) && containsSecretWord(lower):
		return Class{Kind: KindPlaceholder, Reason: "placeholder"}
	case strings.Contains(lower, "test") && containsSecretWord(lower) && Randomness(strings.ReplaceAll(lower, "test", " ")) < 2:
		// Words that say what the value is for: passtestuser1,
		// test_pass_2, mytestsecret, TESTKEY1 (test glued to a word is
		// judged without it: "testkey" reads as no English word).
		return Class{Kind: KindPlaceholder, Reason: "a test value"}
	case len(t) >= 6 && (allSequential(t) || interleavedSequence(t)):
		return Class{Kind: KindPlaceholder, Reason: "a sequence (abcdef, abc123, A1B2C3D4)"}
	case strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…"):
		return Class{Kind: KindPlaceholder, Reason: "elided (ends in ...)"}
	case reAllCapsWord.MatchString(t) && strings.ContainsAny(t, "AEIOUY"):
		return Class{Kind: KindPlaceholder, Reason: "an all-caps word"}
	case madeUpDigits(t):
		return Class{Kind: KindPlaceholder, Reason: "made up of ascending digits (12345678…)"}
	case reUUID.MatchString(t) && mostlySequential(t):
		return Class{Kind: KindPlaceholder, Reason: "made of ascending runs (1234abcd-12ab-34cd-…)"}
	case strings.Contains(lower, "example") || strings.Contains(lower, "placeholder") ||
		strings.Contains(lower, "changeme") || strings.Contains(lower, "redacted"):
		return Class{Kind: KindPlaceholder, Reason: "placeholder"}
	}
	if c, ok := classifyNotSecret(t, lower); ok {
		return c
	}
	if depth == 0 {
		if dec, ok := decodeBase64Text(t); ok {
			c := classify(dec, depth+1)
			switch c.Kind {
			case KindEmpty, KindPlaceholder, KindNotSecret, KindExample:
				c.Reason = "base64 of " + c.Reason
				return c
			}
			if allSequential(dec) {
				// base64 of "abcdefghijklmnopqrstuvwxyz123456": a made-up key.
				return Class{Kind: KindPlaceholder, Reason: "base64 of a sequence"}
			}
		}
	}
	if isWeak(t) {
		return Class{Kind: KindWeak, Reason: "too short or too uniform"}
	}
	return Class{Kind: KindLiteral}
}

// classifyReference recognises references, whole or embedded.
func classifyReference(v string) (Class, bool) {
	t := strings.TrimSpace(v)
	if reCiphertext.MatchString(t) {
		return Class{Kind: KindReference, Reason: "encrypted value"}, true
	}
	if reRefScheme.MatchString(t) {
		return Class{Kind: KindReference, Reason: "secret store reference"}, true
	}
	if len(t) > 2 && (t[0] == '"' || t[0] == '\'') && t[len(t)-1] == t[0] {
		// "$API_KEY", '${API_KEY}': a reference in shell quotes.
		if inner := t[1 : len(t)-1]; strings.HasPrefix(inner, "$") {
			if c, ok := classifyReference(inner); ok && c.Kind == KindReference {
				return c, true
			}
		}
	}
	if reDollarVar.MatchString(t) {
		return Class{Kind: KindReference, Reason: "environment variable", Variable: strings.TrimLeft(t, "$")}, true
	}
	if strings.HasPrefix(t, "$$") {
		// $${VAR}, $$(cmd): Make's escaped references and command
		// substitutions, judged as the shell sees them.
		if c, ok := classifyReference(t[1:]); ok && c.Kind == KindReference {
			return c, true
		}
	}
	if reDollarDashed.MatchString(t) {
		return Class{Kind: KindReference, Reason: "variable reference"}, true
	}
	if m := rePowerShellEnv.FindStringSubmatch(t); m != nil {
		return Class{Kind: KindReference, Reason: "environment variable", Variable: m[1]}, true
	}
	if reGrafanaRef.MatchString(t) {
		return Class{Kind: KindReference, Reason: "Grafana variable"}, true
	}
	if strings.HasPrefix(t, "$(") && strings.HasSuffix(t, ")") || len(t) > 2 && t[0] == '`' && t[len(t)-1] == '`' {
		return Class{Kind: KindReference, Reason: "command substitution"}, true
	}
	if m := reEnvVar.FindStringSubmatchIndex(v); m != nil && strings.TrimSpace(v[:m[0]]+v[m[1]:]) == "" {
		name := ""
		for _, g := range []int{1, 2} {
			if m[2*g] >= 0 {
				name = v[m[2*g]:m[2*g+1]]
			}
		}
		for _, g := range []int{3, 4, 5} {
			if s, e := m[2*g], m[2*g+1]; s >= 0 {
				c := refDefault(v, s, e, "dbt env_var default")
				c.Variable = name
				return c, true
			}
		}
		return Class{Kind: KindReference, Reason: "dbt env_var", Variable: name}, true
	}
	if m := reDollarBrace.FindStringSubmatchIndex(v); m != nil && strings.TrimSpace(v[:m[0]]+v[m[1]:]) == "" {
		name := v[m[2]:m[3]]
		if m[6] >= 0 && m[7] > m[6] {
			op := v[m[4]:m[5]]
			if op != ":?" && op != "?" && op != ":+" && op != "+" {
				c := refDefault(v, m[6], m[7], "variable default")
				c.Variable = name
				return c, true
			}
		}
		return Class{Kind: KindReference, Reason: "variable reference", Variable: name}, true
	}
	if reResolve.MatchString(t) || reGHASecrets.MatchString(t) {
		return Class{Kind: KindReference, Reason: "secret store reference"}, true
	}
	if c, ok := templateDefault(v); ok {
		return c, true
	}
	// Embedded references: postgres://u:${DB_PASSWORD}@h, "Bearer {{ .Values.token }}".
	rest := reEnvVar.ReplaceAllString(v, "")
	rest = reDollarBrace.ReplaceAllString(rest, "")
	rest = reTemplate.ReplaceAllString(rest, "")
	rest = reDollarParen.ReplaceAllString(rest, "")
	if rest != v {
		if !hasCredentialChunk(rest) {
			return Class{Kind: KindReference, Reason: "template expression"}, true
		}
	}
	return Class{}, false
}

// refDefault classifies the inline default of a reference.
func refDefault(v string, s, e int, reason string) Class {
	if e-s >= 2 && (v[s] == '"' || v[s] == '\'') && v[e-1] == v[s] {
		s, e = s+1, e-1 // ${X:-"default"}: the quotes are shell syntax
	}
	def := v[s:e]
	inner := classify(def, 1)
	switch inner.Kind {
	case KindLiteral, KindWeak:
		return Class{Kind: KindReferenceDefault, Reason: reason, Default: def, DefaultStart: s, DefaultEnd: e}
	}
	return Class{Kind: KindReference, Reason: reason + " (" + inner.Kind.String() + ")"}
}

// hasCredentialChunk reports whether what is left of a string after
// removing references still holds something credential-like: a run of 8 or
// more non-separator characters with some entropy.
func hasCredentialChunk(s string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`:/@?&=;,"'`, r)
	}) {
		if len(f) >= 8 && shannonEntropy(f) > 3 && !reWordsCase.MatchString(f) {
			return true
		}
	}
	return false
}

func classifyNotSecret(t, lower string) (Class, bool) {
	switch {
	case lower == "true" || lower == "false" || lower == "yes" || lower == "no" || lower == "on" || lower == "off":
		return Class{Kind: KindNotSecret, Reason: "boolean"}, true
	case reNumber.MatchString(t) && len(t) < 8:
		return Class{Kind: KindWeak, Reason: "short number"}, true
	case isProse(t):
		return Class{Kind: KindNotSecret, Reason: "prose"}, true
	case isPath(t):
		return Class{Kind: KindNotSecret, Reason: "file path"}, true
	case formatPath(t):
		return Class{Kind: KindNotSecret, Reason: "a format string of a path or topic"}, true
	case reEnvName.MatchString(t) && !hasDigitRun(t):
		return Class{Kind: KindNotSecret, Reason: "environment variable name"}, true
	case (reDottedName.MatchString(t) && !strings.ContainsAny(t, "+=") || reDottedSnake.MatchString(t)) && dottedWords(t):
		return Class{Kind: KindNotSecret, Reason: "dotted name"}, true
	case reWordsCase.MatchString(t) && Randomness(t) < generatedMin:
		// Words joined by separators or case; not when a part is
		// generated (tok_8cf03a9b21e7, int-tok-4f9a2c71).
		return Class{Kind: KindNotSecret, Reason: "identifier or key name"}, true
	case strings.Contains(t, "$") && allLines(t, reCryptHash.MatchString), prefixedHash(t), rePostgresHash.MatchString(t):
		return Class{Kind: KindNotSecret, Reason: "password hash"}, true
	case rePublishableKey.MatchString(t), reMapboxPublic.MatchString(t), reAgeRecipient.MatchString(t):
		return Class{Kind: KindNotSecret, Reason: PublicByDesign}, true
	case algorithmName(lower):
		return Class{Kind: KindNotSecret, Reason: "an algorithm name"}, true
	case derPublic(t):
		return Class{Kind: KindNotSecret, Reason: "a public key or certificate (base64 DER)"}, true
	case instrumentationString(t):
		return Class{Kind: KindNotSecret, Reason: PublicByDesign}, true
	case connStringWithoutPassword(t):
		return Class{Kind: KindNotSecret, Reason: "connection string without a password"}, true
	case reMime.MatchString(lower):
		return Class{Kind: KindNotSecret, Reason: "media type"}, true
	case reUUID.MatchString(t) && (t == "123e4567-e89b-12d3-a456-426614174000" || t == "00000000-0000-0000-0000-000000000000"):
		return Class{Kind: KindPlaceholder, Reason: "example UUID"}, true
	}
	if u, err := url.Parse(t); err == nil && u.Scheme != "" && u.Host != "" && strings.Contains(t, "://") {
		if _, has := u.User.Password(); !has {
			return Class{Kind: KindNotSecret, Reason: "URL without credentials"}, true
		}
	}
	return Class{}, false
}

// PublicByDesign is the Class.Reason of values their issuer documents as
// public: Stripe publishable keys, Mapbox public (pk.) tokens, Azure Application Insights connection
// strings (instrumentation key and endpoints).
const PublicByDesign = "public by design"

// hashSchemes are the scheme ids of prefixed password hashes, lower case.
var hashSchemes = map[string]bool{
	"bcrypt": true, "scrypt": true, "argon2": true, "argon2i": true, "argon2id": true, "pbkdf2": true,
	"pbkdf2@spring5.8": true, "scrypt@spring5.8": true, "argon2@spring5.8": true,
	"sha": true, "ssha": true, "sha1": true, "sha-1": true, "sha256": true, "sha-256": true, "ssha256": true,
	"sha512": true, "ssha512": true, "md5": true, "smd5": true, "md4": true, "crypt": true, "ldap": true,
	"md5-crypt": true, "sha256-crypt": true, "sha512-crypt": true, "blf-crypt": true, "pbkdf2-sha256": true,
}

// prefixedHash reports whether t is a password hash behind a scheme
// prefix: {bcrypt}$2a$10$…, {SSHA}base64, {sha256}hex. A crypt-style
// body ($…$…) must be a whole crypt hash; any other body must be base64 or
// hex without words, as a digest is.
func prefixedHash(t string) bool {
	m := reSchemeHash.FindStringSubmatch(t)
	if m == nil || !hashSchemes[strings.ToLower(m[1])] {
		return false
	}
	body := m[2]
	if strings.HasPrefix(body, "$") {
		return reCryptHash.MatchString(body)
	}
	for i := 0; i < len(body); i++ {
		if c := body[i]; !isBase64Byte(c) {
			return false
		}
	}
	return true
}

// instrumentationKeys are the fields of an Azure Monitor (Application
// Insights) connection string, lower case: none of them is a credential
// (Microsoft documents the instrumentation key as not secret).
var instrumentationKeys = map[string]bool{
	"instrumentationkey": true, "ingestionendpoint": true, "liveendpoint": true, "profilerendpoint": true,
	"snapshotendpoint": true, "applicationid": true, "endpointsuffix": true, "location": true,
}

// instrumentationString reports whether t is an Application Insights
// connection string: key=value pairs separated by ; with an
// InstrumentationKey and no field outside instrumentationKeys.
func instrumentationString(t string) bool {
	if !strings.Contains(strings.ToLower(t), "instrumentationkey=") {
		return false
	}
	for _, part := range strings.Split(strings.TrimRight(t, ";"), ";") {
		k, _, ok := strings.Cut(part, "=")
		if !ok || !instrumentationKeys[strings.ToLower(strings.TrimSpace(k))] {
			return false
		}
	}
	return true
}

// reConnKey is a field name of a key=value connection string.
var reConnKey = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_ .\-]{0,40}$`)

// connStringWithoutPassword reports whether t is a key=value connection
// string, with an optional driver prefix, whose fields hold no secret:
// PDO's mysql:host=db;dbname=app, ADO.NET's Server=db;Database=app;
// Integrated Security=true, libpq's host=db port=5432 dbname=app. Under
// a dsn or connection-string name only the password inside is secret
// (url-credentials finds it); Storage's AccountKey=… is a secret field.
func connStringWithoutPassword(t string) bool {
	if strings.Count(t, "=") < 2 || strings.ContainsAny(t, "\n\"'`@") {
		return false
	}
	body := t
	if i := strings.IndexByte(t, ':'); i > 0 && i < 16 && i < strings.IndexByte(t, '=') {
		body = t[i+1:] // mysql:, pgsql:, sqlsrv:, odbc:
		for j := 0; j < i; j++ {
			if c := t[j]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
				return false
			}
		}
	}
	sep := ";"
	if !strings.Contains(body, ";") {
		sep = " "
	}
	n := 0
	for _, part := range strings.Split(strings.TrimRight(body, sep), sep) {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !reConnKey.MatchString(k) || strings.ContainsAny(v, "= ") && sep == " " {
			return false
		}
		if _, secret := DefaultNames.Match(k); secret || connSecretField(k) {
			return false
		}
		n++
	}
	return n >= 2
}

// connSecretField reports whether a connection string's field name may
// hold a secret though no secret name matches it whole: a key, a
// signature (SharedAccessSignature), a pass word, an auth setting.
func connSecretField(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"key", "sig", "sas", "secret", "token", "pass", "pwd", "auth", "cred"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// pemBodyLen counts the base64 characters of a PEM block's body: what is
// between its BEGIN and END markers, headers (Proc-Type: …) aside. The
// block may be written with \n escapes, as in a Go or JSON string.
func pemBodyLen(t string) int {
	t = rePEMMarker.ReplaceAllString(strings.ReplaceAll(t, `\n`, "\n"), "\n")
	n := 0
	for l := range strings.Lines(t) {
		l = strings.TrimSpace(l)
		if strings.Contains(l, ":") {
			continue
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' {
				n++
			}
		}
	}
	return n
}

// allLines reports whether every non-empty line of s satisfies ok.
func allLines(s string, ok func(string) bool) bool {
	n := 0
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			if !ok(l) {
				return false
			}
			n++
		}
	}
	return n > 0
}

func isRepeatedChar(s string) bool {
	r0, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != r0 {
			return false
		}
	}
	return len(s) > 1
}

func containsSecretWord(lower string) bool {
	for _, w := range []string{"pass", "secret", "token", "key", "cred", "pwd", "auth", "value", "here"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// isProse reports whether s reads as a sentence (an error message, a
// prompt): three or more words of letters separated by spaces.
func isProse(s string) bool {
	words := strings.Fields(s)
	if len(words) < 3 {
		return len(words) == 2 && isWordy(words[0]) && isWordy(words[1]) && strings.ToLower(words[0]) != "bearer" && strings.ToLower(words[0]) != "basic" && strings.ToLower(words[0]) != "token"
	}
	wordy := 0
	for _, w := range words {
		if isWordy(w) {
			wordy++
		}
	}
	return wordy*3 >= len(words)*2
}

func isWordy(w string) bool {
	w = strings.TrimRight(w, ".,:;!?)")
	w = strings.TrimLeft(w, "(")
	if len(w) == 0 {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '\'' && r != '-' {
			return false
		}
	}
	return true
}

func isPath(s string) bool {
	if strings.ContainsAny(s, " \t\n") && !strings.HasPrefix(s, "/") {
		return false
	}
	switch {
	case strings.HasPrefix(s, "/") && strings.Count(s, "/") >= 2 && !strings.Contains(s, "//"):
		return true
	case strings.HasPrefix(s, "./"), strings.HasPrefix(s, "../"), strings.HasPrefix(s, "~/"):
		return true
	case len(s) > 3 && s[1] == ':' && (s[2] == '\\' || s[2] == '/') && unicode.IsLetter(rune(s[0])):
		return true
	}
	for _, ext := range []string{".pem", ".key", ".crt", ".cer", ".p12", ".pfx", ".json", ".yaml", ".yml", ".txt", ".env", ".conf", ".cfg", ".ini", ".toml", ".jks", ".keystore", ".der", ".pub"} {
		if strings.HasSuffix(strings.ToLower(s), ext) && !strings.ContainsAny(s, " \t") && len(s) > len(ext) {
			base := s[:len(s)-len(ext)]
			if reWordsCase.MatchString(strings.Trim(base, "/._-")) || strings.Contains(base, "/") || isWordy(base) || strings.Trim(base, "abcdefghijklmnopqrstuvwxyz_-/.") == "" {
				return true
			}
		}
	}
	return false
}

// algorithmWords are the parts of cipher, hash and signature algorithm
// names (aes-256-gcm, rfc4106(gcm(aes)), hmac-sha256, chacha20-poly1305,
// ecdsa-sha2-nistp256).
var algorithmWords = map[string]bool{
	"aes": true, "gcm": true, "cbc": true, "ctr": true, "ccm": true, "xts": true, "ecb": true, "cfb": true,
	"ofb": true, "gmac": true, "des": true, "3des": true, "des3": true, "ede": true, "ede3": true,
	"chacha20": true, "poly1305": true, "xchacha20": true, "salsa20": true, "blowfish": true, "camellia": true,
	"hmac": true, "sha": true, "sha1": true, "sha2": true, "sha3": true, "sha224": true, "sha256": true,
	"sha384": true, "sha512": true, "md5": true, "blake2b": true, "blake2s": true, "cmac": true,
	"rsa": true, "dsa": true, "ecdsa": true, "ed25519": true, "ed448": true, "x25519": true, "x448": true,
	"ecdh": true, "dh": true, "pss": true, "pkcs1": true, "oaep": true, "nistp256": true, "nistp384": true,
	"nistp521": true, "p256": true, "p384": true, "p521": true, "secp256r1": true, "secp384r1": true,
	"secp256k1": true, "cbc3": true, "null": true, "digest_null": true, "cipher_null": true,
	"128": true, "192": true, "256": true, "384": true, "512": true, "96": true, "64": true,
	"esp": true, "ah": true, "with": true,
}

var reRFC = regexp.MustCompile(`^rfc\d{3,4}$`)

// algorithmName reports whether lower (a lower-case value) is an
// algorithm's name: two or more parts, split at - _ ( ) and spaces, each
// an algorithm word, an RFC number or a key size, and at least one a
// cipher, hash or signature word.
func algorithmName(lower string) bool {
	if len(lower) > 64 || !strings.ContainsAny(lower, "-_(") {
		return false
	}
	parts := strings.FieldsFunc(lower, func(r rune) bool { return r == '-' || r == '_' || r == '(' || r == ')' || r == ' ' })
	if len(parts) < 2 || len(parts) > 8 {
		return false
	}
	named := false
	for _, p := range parts {
		switch {
		case reRFC.MatchString(p), reNumber.MatchString(p) && len(p) <= 3:
		case algorithmWords[p]:
			named = named || !reNumber.MatchString(p) && p != "with" && p != "null"
		default:
			return false
		}
	}
	return named
}

// madeUpDigits reports whether s holds runs of eight or more digits that
// count up or down (12345678, 1234567890123) and is made up by them: two
// such runs (the ids of xoxb-1234567890-1234567890123-…), or one next to
// words (mysecret12345678). One run inside a generated value
// (sk_live_51HqLy…abc0123456789) does not make it made up.
func madeUpDigits(s string) bool {
	runs := 0
	var rest strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		switch {
		case j-i >= 8 && sequential(s[i:j]):
			runs++
			rest.WriteByte(' ')
		case j > i:
			rest.WriteString(s[i:j])
		default:
			rest.WriteByte(s[i])
			j++
		}
		i = j
	}
	return runs >= 2 || runs == 1 && Randomness(rest.String()) < generatedMin
}

// derPublic reports whether s is base64 of a DER public key
// (SubjectPublicKeyInfo) or certificate: what "Public Key:" shows in
// docker node inspect, a JWK's x5c. Both start with a SEQUENCE, "M" in base64.
func derPublic(s string) bool {
	if len(s) < 40 || s[0] != 'M' || len(s)%4 != 0 {
		return false
	}
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return false
	}
	if _, err := x509.ParsePKIXPublicKey(der); err == nil {
		return true
	}
	_, err = x509.ParseCertificate(der)
	return err == nil
}

func hasDigitRun(s string) bool {
	run := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			run++
			if run >= 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// isWeak: too short, or too uniform, to be a credential by itself.
func isWeak(s string) bool {
	if len(s) < 6 {
		return true
	}
	e := shannonEntropy(s)
	return e < 2.0 || (len(s) < 8 && e < 2.3)
}

// decodeBase64Text decodes s when it is valid base64 of printable text.
func decodeBase64Text(s string) (string, bool) {
	if len(s) < 8 || len(s)%4 != 0 && !strings.ContainsAny(s, "-_") {
		return "", false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err != nil || len(b) == 0 || !utf8.Valid(b) {
			continue
		}
		printable := true
		for _, r := range string(b) {
			if !unicode.IsPrint(r) && r != '\n' && r != '\t' && r != '\r' {
				printable = false
				break
			}
		}
		if printable {
			return string(b), true
		}
	}
	return "", false
}

// dottedWords reports whether every dot- or slash-separated part of a
// dotted name reads as a word or a version (v3), not as generated text
// (a JWT's segments are long base64).
func dottedWords(t string) bool {
	for _, p := range strings.FieldsFunc(t, func(r rune) bool { return r == '.' || r == '/' }) {
		if len(p) > 24 || hasDigitRun(p) && len(p) > 4 {
			return false
		}
	}
	return true
}

// mostlySequential reports whether s, separators aside, is made of
// ascending runs (1234abcd-12ab-34cd-56ef-1234567890ab, AWS's example KMS
// key id): on average three characters per run, where random text has
// barely more than one. Classify asks it of UUID-shaped values only: a
// longer made-up value (abcdef0123456789abcdef…) in a URL or under a
// secret name is still reported, as gosec's samples expect.
func mostlySequential(s string) bool {
	n, runs := 0, 0
	var prev rune = -2
	for _, r := range strings.ToLower(s) {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			prev = -2
			continue
		}
		n++
		if r != prev+1 {
			runs++
		}
		prev = r
	}
	return runs > 0 && n >= 12 && float64(n)/float64(runs) >= 2.8
}

// isBase64Byte reports whether c belongs to the standard base64 alphabet
// or is its padding.
func isBase64Byte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// leet undoes the digit and symbol spellings of letters people use to
// make a word look like a password (P@ssw0rd, s3cr3t).
var leet = strings.NewReplacer("@", "a", "4", "a", "0", "o", "1", "i", "3", "e", "$", "s", "5", "s", "7", "t", "!", "i")

// LeetPlaceholder reports whether v is a placeholder word spelled with
// digits and symbols for letters, trailing digits and punctuation aside
// (P@ssw0rd, Passw0rd!, s3cr3t123): the textbook example password of
// documentation. Code written with it is still judged by Classify, which
// keeps p@ssw0rd a literal (a sink given one is a hardcoded credential).
func LeetPlaceholder(v string) bool {
	t := strings.TrimRight(strings.ToLower(v), "0123456789!.#?*")
	if t == "" {
		return false
	}
	return placeholderWords[leet.Replace(t)]
}

// reFormatVerb is a printf verb as one segment of a path, topic or key
// (bl/%s/wifi/password, users.%d.token, /v1/%s:reset).
var reFormatVerb = regexp.MustCompile(`(?:^|[/.:])%[-+# 0]*[0-9]*[sdvqx](?:[/.:]|$)`)

// formatPath reports whether t is a format string that builds a path, an
// MQTT or NATS topic or a dotted key: a printf verb as one of its
// segments, and no blank. The name it is stored under names what the
// path leads to, not a value.
func formatPath(t string) bool {
	return strings.ContainsAny(t, "/.:") && !strings.ContainsAny(t, " \t") && reFormatVerb.MatchString(t)
}

package rules

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

const suppressHelp = "Suppress a false positive with `# secretlint:ignore %s <reason>` in YAML or `//secretlint:ignore %s <reason>` in Go, on the line or the line above; the reason is required."

func help(why, fix, id string) string {
	return why + "\n\nFix: " + fix + "\n\n" + strings.ReplaceAll(suppressHelp, "%s", id)
}

const rotateFix = "remove the value, rotate it (it stays in the repository's history), and read it at run time from a secret store or the environment. `secretlint remediate --backend aws|vault` moves it into AWS Secrets Manager or Vault and rewrites the source to reference it."

// CheckAssignment is hardcoded-credential's decision with a configured
// name matcher.
func CheckAssignment(names *Names, c Candidate) Verdict {
	term, ok := names.Match(c.Name)
	if !ok {
		return Verdict{Reason: "not a secret name"}
	}
	if len(FindCredentials(c.Value)) > 0 {
		return Verdict{Reason: "credentials in a URL (url-credentials)"}
	}
	v := stripAuthScheme(c.Value)
	if namesItself(c.Name, v) {
		return Verdict{Reason: "the value spells the name: a key or a label"}
	}
	if echoesName(c.Name, v) && (!names.Chosen(term) || strings.ContainsAny(v, "/.:")) {
		// A password of words may end in the name's (Kalimera_Db_Password
		// under dbPassword): for chosen terms only a path or a dotted
		// key is a label.
		return Verdict{Reason: "the value ends in the name's words: a key, a path or a label"}
	}
	if stageNameValue(c.Name, v) {
		return Verdict{Reason: "an environment or placeholder word and the name's own: a documented stand-in"}
	}
	if strings.Contains(v, "\n") {
		// A file's content (/etc/passwd, a config): a password or a
		// token is one line; a PEM key is the private-key rule's.
		return Verdict{Reason: "text of several lines"}
	}
	if names.Chosen(term) && Passphrase(v) {
		// correct horse battery staple: a diceware passphrase.
		return Verdict{Match: true, Reason: term}
	}
	if len(strings.Fields(v)) >= 3 {
		// A SQL statement, a command line, a template: the name says
		// what the text is about (updatePassword), and a passphrase of
		// words would be prose anyway.
		return Verdict{Reason: "text of three or more words"}
	}
	if names.Digits(term) {
		if len(v) < 4 || len(v) > 12 || !isDigits(v) || isRepeatedChar(v) || allSequential(v) {
			return Verdict{Reason: "a " + term + " is 4 to 12 digits, not a sequence"}
		}
		return Verdict{Match: true, Reason: term}
	}
	if names.UUID(term) && !reUUID.MatchString(v) {
		return Verdict{Reason: "a " + term + " is a UUID; anything else refers to a secret"}
	}
	cl := Classify(v)
	if term == "passphrase" && cl.Kind == KindNotSecret && cl.Reason == "identifier or key name" && len(SplitWords(v)) >= 3 {
		// A passphrase is words by design (correct-horse-battery-staple).
		return Verdict{Match: true, Reason: term}
	}
	if cl.Kind != KindLiteral {
		return Verdict{Reason: cl.Kind.String() + ": " + cl.Reason}
	}
	if !names.Chosen(term) {
		// Tokens and keys are generated: no spaces, quotes or embedded
		// URLs (header parameters, JSON), and not words.
		if strings.ContainsAny(v, " \t\"") || strings.Contains(v, "://") {
			return Verdict{Reason: "structured text under a " + term + " name: a generated " + term + " has no spaces, quotes or URLs"}
		}
		if Randomness(withoutKeyPrefix(v)) < generatedMin {
			return Verdict{Reason: "reads as words or a sequence, not as a generated " + term}
		}
	}
	return Verdict{Match: true, Reason: term}
}

// HardcodedCredential: a literal assigned to a secret-named identifier or key.
func HardcodedCredential() *Rule {
	return &Rule{
		ID:          "hardcoded-credential",
		Title:       "hardcoded credential",
		Description: "A literal value is assigned to a name that holds a secret (password, token, api key, client secret …).",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "any",
		Help: help("The name says the value is a credential and the value is written in the source: anyone who can read the repository (or its history, forks, CI logs, container images) can use it.",
			rotateFix, "hardcoded-credential"),
		Check: func(c Candidate) Verdict { return CheckAssignment(DefaultNames, c) },
		TruePositives: []Sample{
			{Name: "password", Value: "hX9#kq2!Vr7pLm4Zt"},
			{Name: "DBPassword", Value: "Tr0ub4dor&3-x9"},
			{Name: "db_pass", Value: "q8Lm2vXk9zPw"},
			{Name: "apiKey", Value: "4f9c2e71ab8d4c0e9f3a6b5d7e1c2a90"},
			{Name: "CLIENT_SECRET", Value: "Zq9_8vLm2-kXw7pQ3rT6yU1i"},
			{Name: "jwtSecret", Value: "s3cr3t-signing-k3y-8842"},
			{Name: "token", Value: "3f8a1c2e-9b7d-4e6f-a1b2-c3d4e5f6a7b8"},
			{Name: "privateKeyPEM", Value: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"},
			{Name: "adminPassword", Value: "p@ssw0rd"},
			{Name: "smtpPassword", Value: "hunter2"},
			{Name: "authorization", Value: "Bearer 7f3c9a1e5b2d8f604c1a"},
			{Name: "totpSecret", Value: "JBSWY3DPEHPK3PXP"},
		},
		FalsePositives: []Sample{
			{Name: "PasswordEnvVar", Value: "DB_PASSWORD", Why: "names the variable, not a value"},
			{Name: "TokenHeader", Value: "X-Auth-Token", Why: "a header name"},
			{Name: "passwordMinLength", Value: "12", Why: "a setting about passwords"},
			{Name: "ErrBadPassword", Value: "invalid password supplied", Why: "an error string"},
			{Name: "password", Value: "changeme", Why: "placeholder"},
			{Name: "password", Value: "<password>", Why: "placeholder"},
			{Name: "password", Value: "${DB_PASSWORD}", Why: "environment reference"},
			{Name: "token", Value: "{{ env_var('DBT_ENV_SECRET_TOKEN') }}", Why: "dbt reference"},
			{Name: "token", Value: "${{ secrets.DEPLOY_TOKEN }}", Why: "GitHub Actions secret"},
			{Name: "password", Value: "ref+vault://secret/app#/password", Why: "vals reference"},
			{Name: "password", Value: "", Why: "empty"},
			{Name: "password", Value: "abc", Why: "too short to be a credential by itself"},
			{Name: "secretName", Value: "db-credentials-7f9x2", Why: "names a Kubernetes Secret"},
			{Name: "passwordFile", Value: "/run/secrets/db_password", Why: "a path"},
			{Name: "tokenURL", Value: "https://auth.example.com/oauth/token", Why: "a URL without credentials"},
			{Name: "databaseDSN", Value: "postgres://app:hX9kq2Vr7pLm@db/app", Why: "reported by url-credentials instead"},
			{Name: "aws_secret_access_key", Value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Why: "AWS documentation example (aws-example-key)"},
			{Name: "token", Value: "aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBzZWNyZXQ=", Why: "base64 of prose"},
			{Name: "configSecretKey", Value: "config", Why: "the value spells the name: a key name"},
			{Name: "Authorization", Value: "Authorization", Why: "a header name"},
			{Name: "CACertsSecret", Value: "cacerts", Why: "names a Kubernetes Secret"},
			{Name: "ImagePullSecret", Value: "secret1", Why: "names a Kubernetes Secret: a word, not a generated secret"},
			{Name: "secret", Value: "istio-system/s0", Why: "namespace/name of a Kubernetes Secret"},
			{Name: "PrivateKey", Value: "invalid", Why: "a word, not a key"},
			{Name: "AccessToken", Value: "abcdefg1234567", Why: "a sequence, made up for a test"},
			{Name: "apiKey", Value: "1234567890abcdef", Why: "a sequence, made up for a test"},
			{Name: "validToken", Value: "Bearer validToken", Why: "a made-up bearer token"},
			{Name: "wwwAuth", Value: `Bearer realm="https://auth.example.com/token",service="registry"`, Why: "an authentication challenge, not a credential"},
			{Name: "wwwAuth", Value: `Bearer realm="http://169.254.1.1/foo",service="evil.com"`, Why: "an authentication challenge, not a credential"},
			{Name: "passwd", Value: "root:x:0:0:::/bin/bash\nkubeadm-etcd:x:101:102:::/bin/false\n", Why: "the content of /etc/passwd"},
			{Name: "password", Value: "*** (before)", Why: "masked"},
			{Name: "secret", Value: "aabbccddeeffgghh", Why: "a made-up sequence"},
			{Name: "jwtKey", Value: `{ "keys": [ {"kty": "RSA", "e": "AQAB", "n": "raJ7ZEhMfrBUo2werGKOow9an1B6Uk"} ] }`, Why: "a public JWK set: text with spaces, not a key"},
		},
	}
}

// CheckURLCredentials is url-credentials' decision.
func CheckURLCredentials(c Candidate) Verdict {
	for _, cr := range FindCredentials(c.Value) {
		cl := Classify(cr.Password)
		switch cl.Kind {
		case KindLiteral, KindWeak, KindNotSecret:
		default:
			continue
		}
		if cl.Kind == KindNotSecret && cl.Reason != "identifier or key name" {
			continue
		}
		local := cr.Host != "" && LocalHost(cr.Host) || cr.Host == "" && cr.Format == "mysql-dsn"
		if DevDefaultCredential(cr.Password, cr.Host, cr.User, cr.Database) {
			continue // postgres:postgres@localhost, booking:booking@postgres/booking (trivial.go)
		}
		v := Verdict{Match: true, Reason: cr.Format, Start: cr.Start, End: cr.End}
		if local {
			v.Severity = finding.SeverityLow
		}
		return v
	}
	return Verdict{Reason: "no literal credentials in a URL or connection string"}
}

// URLCredentials: a password inside a URL or connection string.
func URLCredentials() *Rule {
	return &Rule{
		ID:          "url-credentials",
		Title:       "credentials in a url or connection string",
		Description: "A URL or database connection string contains a literal password (scheme://user:pass@host, user:pass@tcp(host)/db, password=…).",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "any",
		Help: help("Connection strings are copied into logs, error messages and process listings; a password inside one leaks with them. Against a local or documentation host the severity is low.",
			"build the URL at run time from a password read from a secret store or the environment (url.UserPassword, mysql.Config.Passwd), or reference the whole DSN from the store.", "url-credentials"),
		Check: CheckURLCredentials,
		TruePositives: []Sample{
			{Value: "postgres://app:hX9kq2Vr7pLm@db.internal:5432/app"},
			{Value: "app:pW9xK2mQ7v@tcp(db.internal:3306)/orders"},
			{Value: "host=db.internal user=app password=hX9kq2Vr7pLm dbname=x"},
			{Value: "mongodb+srv://svc:Zt8kQ2vLm91@cluster0.abcd.mongodb.net/db"},
			{Value: "amqp://svc:Rk2vQ9xLm7@localhost:5672/"},
			{Value: "postgres://booking:Rk2vQ9xLm7@postgres:5432/booking"},
		},
		FalsePositives: []Sample{
			{Value: "postgres://app:${DB_PASSWORD}@db:5432/app", Why: "reference"},
			{Value: "postgres://postgres:postgres@localhost:5432/test", Why: "default credentials on localhost"},
			{Value: "amqp://guest:guest@localhost:5672/", Why: "default credentials on localhost"},
			{Value: "postgres://booking:booking@postgres:5432/booking?sslmode=disable", Why: "the user's name as password, to a compose service"},
			{Value: "postgres://app:app@db.internal:5432/orders", Why: "the user's name as password: guessed from the user name, anywhere"},
			{Value: "postgres://postgres:integtest@localhost:55432/postgres", Why: "a development word, on localhost"},
			{Value: "host=localhost user=svc dbname=orders password=orders", Why: "the database's name as password"},
			{Value: "https://example.com/path", Why: "no credentials"},
			{Value: "postgres://user:password@host/db", Why: "placeholder password"},
			{Value: "mysql://root:<password>@db/x", Why: "placeholder password"},
		},
	}
}

// CheckSinkLiteral is the decision for a literal that reaches a credential
// sink: anything but an empty value, a placeholder or a reference. A weak
// value (too short or uniform: "admin", "good") is still a hardcoded
// credential, at low severity; one or two characters are a test's stand-in.
func CheckSinkLiteral(c Candidate) Verdict {
	v := stripAuthScheme(c.Value)
	if c.Name != "" && stageNameValue(c.Name, v) {
		// sandbox-secret reaching ….Config.ClientSecret: a stand-in.
		return Verdict{Reason: "an environment or placeholder word and the sink's own: a documented stand-in"}
	}
	cl := Classify(v)
	switch cl.Kind {
	case KindLiteral:
		return Verdict{Match: true, Reason: c.Name}
	case KindWeak:
		if len(v) <= 2 {
			return Verdict{Reason: "one or two characters: a stand-in, not a credential"}
		}
		return Verdict{Match: true, Reason: c.Name, Severity: finding.SeverityLow}
	case KindNotSecret:
		// A constant-case name (ACCESS_KEY, SECRET_KEY, DB_PASSWORD) at a
		// sink stands in for a credential, as the all-caps words SESSION
		// and TOKEN do: a stub, not a value anyone chose.
		if cl.Reason == "identifier or key name" {
			return Verdict{Match: true, Reason: c.Name}
		}
	case KindExample:
		return Verdict{Match: true, Reason: c.Name, Severity: finding.SeverityInfo}
	}
	return Verdict{Reason: cl.Kind.String() + ": " + cl.Reason}
}

// CredentialSink: a literal that reaches an API which takes a credential.
func CredentialSink() *Rule {
	return &Rule{
		ID:          "credential-sink",
		Title:       "literal credential passed to a credential api",
		Description: "A literal reaches a parameter that takes a credential (SetBasicAuth, url.UserPassword, smtp.PlainAuth, static AWS credentials, a Vault token …).",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "go",
		Help: help("The API's parameter is a credential, so whatever literal reaches it is one, whatever its name or entropy.",
			rotateFix, "credential-sink"),
		Check: CheckSinkLiteral,
		TruePositives: []Sample{
			{Name: "net/http.Request.SetBasicAuth password", Value: "hunter2"},
			{Name: "net/smtp.PlainAuth password", Value: "Zq9vLm2kXw7p"},
			{Name: "aws static credentials secret", Value: "7sK2vQ9xLm1pZ8wR4tY6uI3oP0aS5dF2gH7jK9lZ"},
			{Name: "vault SetToken", Value: "hvs.CAESIJk2vQ9xLm1pZ8wR4tY6uI3o"},
		},
		FalsePositives: []Sample{
			{Name: "net/http.Request.SetBasicAuth password", Value: "", Why: "empty"},
			{Name: "net/http.Request.SetBasicAuth password", Value: "changeme", Why: "placeholder"},
			{Name: "vault SetToken", Value: "${VAULT_TOKEN}", Why: "reference"},
			{Name: "golang.org/x/oauth2.Token.AccessToken", Value: "a", Why: "a one-character stand-in"},
			{Name: "net/http.Header.Set Authorization", Value: "Bearer ", Why: "no credential after the scheme"},
			{Name: "aws static credentials secret", Value: "STUB_SECRET_KEY", Why: "a constant-case name standing in for a credential"},
		},
	}
}

// JWTSigningKey: a literal HMAC or JWT signing key.
func JWTSigningKey() *Rule {
	return &Rule{
		ID:          "jwt-signing-key",
		Title:       "hardcoded signing key",
		Description: "A literal is used as an HMAC, JWT, signing or encryption key ([]byte(\"…\") or a hex or base64 literal decoded and passed to hmac.New, SignedString, jwt.Parse key functions, ed25519.NewKeyFromSeed, aes.NewCipher, chacha20poly1305.New).",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "go",
		Help: help("Whoever knows an HMAC key can forge every token or signature it protects.",
			rotateFix, "jwt-signing-key"),
		Check: CheckSinkLiteral,
		TruePositives: []Sample{
			{Name: "crypto/hmac.New key", Value: "my-super-secret-signing-key-2024"},
			{Name: "jwt SignedString key", Value: "Zq9vLm2kXw7pR4tY6uI3"},
		},
		FalsePositives: []Sample{
			{Name: "crypto/hmac.New key", Value: "", Why: "empty"},
			{Name: "crypto/hmac.New key", Value: "${JWT_KEY}", Why: "reference"},
		},
	}
}

// AWSExampleKey: an AWS documentation example key.
func AWSExampleKey() *Rule {
	return &Rule{
		ID:          "aws-example-key",
		Title:       "aws documentation example key",
		Description: "An AWS access key published in AWS documentation (…EXAMPLE, …EXAMPLEKEY); not a secret, reported so it is not mistaken for one.",
		Severity:    finding.SeverityInfo,
		Source:      "secretlint",
		Scope:       "any",
		NonDefault:  true,
		Help: help("AWS publishes AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in its documentation. They grant nothing; other scanners report them as leaked keys.",
			"nothing to fix. Enable this rule to list where documentation keys appear.", "aws-example-key"),
		Check: func(c Candidate) Verdict {
			if documentedTestKeys[c.Value] || (strings.HasPrefix(c.Value, "AKIA") || strings.HasPrefix(c.Value, "ASIA")) && IsExample(c.Value) {
				return Verdict{Match: true}
			}
			if IsExample(c.Value) {
				if _, ok := DefaultNames.Match(c.Name); ok && strings.Contains(strings.ToLower(c.Name), "aws") {
					return Verdict{Match: true}
				}
			}
			return Verdict{Reason: "not an AWS example key"}
		},
		TruePositives: []Sample{
			{Value: "AKIAIOSFODNN7EXAMPLE"},
			{Name: "aws_secret_access_key", Value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		},
		FalsePositives: []Sample{
			{Value: "AKIAZ7QXPLN3RT5VW2YB", Why: "not an example"},
		},
	}
}

// CheckEnvDefault is env-default-secret's decision.
func CheckEnvDefault(names *Names, c Candidate) Verdict {
	// Only classifyReference, which Classify asks first, makes a
	// KindReferenceDefault: the rest of Classify (URL parsing, pattern
	// searches, base64 decoding) would only cost time on long values.
	cl, _ := classifyReference(c.Value)
	if cl.Kind != KindReferenceDefault {
		return Verdict{Reason: "no literal default"}
	}
	_, byName := names.Match(c.Name)
	_, byVar := names.Match(cl.Variable)
	if !byName && !byVar {
		return Verdict{Reason: "neither the key nor the variable names a secret"}
	}
	if why, ok := TrivialPassword(cl.Default); ok {
		// ${REDIS_PASSWORD:-devredis}: the variable is set where it
		// matters; the default is a development stack's (trivial.go).
		return Verdict{Reason: "default is " + why}
	}
	return Verdict{Match: true, Reason: cl.Reason, Start: cl.DefaultStart, End: cl.DefaultEnd}
}

// EnvDefaultSecret: ${VAR:default} with a literal secret default.
func EnvDefaultSecret() *Rule {
	return &Rule{
		ID:          "env-default-secret",
		Title:       "secret hardcoded as a variable default",
		Description: "A reference such as ${DB_PASSWORD:default} or ${DB_PASSWORD:-default} carries a literal secret as its default.",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "any",
		Help: help("The default is used whenever the variable is unset, so the secret is in the file and in effect wherever the environment is incomplete.",
			"remove the default (${DB_PASSWORD} or ${DB_PASSWORD:?required}) so a missing variable fails loudly, and rotate the value.", "env-default-secret"),
		Check: func(c Candidate) Verdict { return CheckEnvDefault(DefaultNames, c) },
		TruePositives: []Sample{
			{Name: "password", Value: "${DB_PASSWORD:hX9kq2Vr7pLm}"},
			{Name: "url", Value: "${DB_PASSWORD:-Zt8kQ2vLm91x}"},
			{Name: "token", Value: `${API_TOKEN:-"Zt8kQ2vLm91x"}`},
			{Name: "password", Value: `{{ .Values.password | default "Wq8eR4tY2uI6oP0a" | b64enc }}`},
		},
		FalsePositives: []Sample{
			{Name: "password", Value: "${DB_PASSWORD}", Why: "no default"},
			{Name: "password", Value: "${DB_PASSWORD:changeme}", Why: "placeholder default"},
			{Name: "--requirepass", Value: "${REDIS_PASSWORD:-devredis}", Why: "a development default"},
			{Name: "password", Value: "${RABBITMQ_PASSWORD:-guest}", Why: "the broker's own default"},
			{Name: "port", Value: "${PORT:8080}", Why: "not a secret"},
			{Name: "CONTROL_PLANE_AUTH_POLICY", Value: `${ISTIO_CP_AUTH:-"MUTUAL_TLS"}`, Why: "a quoted constant name, not a secret"},
			{Name: "password", Value: `{{ required "set the password" .Values.password }}`, Why: "required's message"},
		},
	}
}

// publicDataKey reports whether a Kubernetes Secret data key names
// something that is not itself secret (a certificate, a user name, a host).
func publicDataKey(name string) bool {
	words := SplitWords(name)
	if len(words) == 0 {
		return false
	}
	for _, w := range words[len(words)-1:] {
		switch w {
		case "crt", "cert", "certificate", "ca", "pub", "public", "user", "username", "login", "host",
			"hostname", "port", "url", "uri", "endpoint", "database", "db", "dbname", "name",
			"namespace", "region", "email", "config", "kubeconfig", "bucket", "address", "server",
			// what a repository or cloud credential is for (Argo CD's
			// repository Secrets: url, type, project), and ids
			"project", "tenant", "org", "organization", "type", "id":
			return true
		}
	}
	return false
}

// CheckSecretData is kubernetes-secret-data's decision on a decoded entry.
func CheckSecretData(names *Names, c Candidate) Verdict {
	if settingsDocument(c.Name, c.Value) {
		// A whole file of settings (a scrape configuration, a JSON
		// query list): a secret only when it holds one.
		if settingsCredential(names, c.Value) {
			return Verdict{Match: true}
		}
		return Verdict{Reason: "a file of settings without a credential"}
	}
	cl := Classify(c.Value)
	if _, ok := names.Match(c.Name); ok {
		if cl.Kind == KindLiteral || cl.Kind == KindWeak {
			return Verdict{Match: true}
		}
		return Verdict{Reason: cl.Kind.String()}
	}
	if cl.Kind == KindLiteral && !publicDataKey(c.Name) {
		return Verdict{Match: true}
	}
	return Verdict{Reason: "not a secret entry"}
}

// KubernetesSecretData: a literal in a kind: Secret's data or stringData.
func KubernetesSecretData() *Rule {
	return &Rule{
		ID:          "kubernetes-secret-data",
		Title:       "secret value in a kubernetes secret manifest",
		Description: "A Kubernetes Secret manifest holds a literal value in data (base64) or stringData.",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "yaml",
		Help: help("base64 in a Secret's data is an encoding, not encryption: the manifest in the repository is the secret.",
			"keep the manifest out of the repository, or use External Secrets, Sealed Secrets or SOPS so the repository holds only a reference or ciphertext; `secretlint remediate` can move the values into AWS Secrets Manager or Vault.", "kubernetes-secret-data"),
		Check: func(c Candidate) Verdict { return CheckSecretData(DefaultNames, c) },
		TruePositives: []Sample{
			{Name: "password", Value: "hX9kq2Vr7pLm"},
			{Name: "api-token", Value: "Zt8kQ2vLm91x-Rk2v"},
			{Name: "DATABASE_KEY", Value: "q8Lm2vXk9zPw7Tr3"},
		},
		FalsePositives: []Sample{
			{Name: "tls.crt", Value: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t", Why: "a certificate is public"},
			{Name: "username", Value: "admin", Why: "a user name"},
			{Name: "password", Value: "", Why: "empty"},
			{Name: "password", Value: "changeme", Why: "placeholder"},
		},
	}
}

// CheckSecretString is cloudformation-secret-string's decision: a literal
// SecretString, or a JSON SecretString with a literal under a secret key.
func CheckSecretString(names *Names, c Candidate) Verdict {
	v := strings.TrimSpace(c.Value)
	if strings.HasPrefix(v, "{") {
		var obj map[string]any
		if json.Unmarshal([]byte(v), &obj) == nil {
			for k, val := range obj {
				s, ok := val.(string)
				if !ok {
					continue
				}
				if _, secret := names.Match(k); !secret {
					continue
				}
				if cl := Classify(s); cl.Kind == KindLiteral || cl.Kind == KindWeak {
					if i := strings.Index(c.Value, `"`+s+`"`); i >= 0 && !strings.ContainsAny(s, `"\`) {
						return Verdict{Match: true, Reason: k, Start: i + 1, End: i + 1 + len(s)}
					}
					return Verdict{Match: true, Reason: k}
				}
			}
			return Verdict{Reason: "no literal secret in the JSON"}
		}
	}
	cl := Classify(v)
	if cl.Kind == KindLiteral || cl.Kind == KindWeak {
		return Verdict{Match: true}
	}
	return Verdict{Reason: cl.Kind.String()}
}

// CloudFormationSecretString: AWS::SecretsManager::Secret with a literal
// SecretString.
func CloudFormationSecretString() *Rule {
	return &Rule{
		ID:          "cloudformation-secret-string",
		Title:       "literal secretstring in a cloudformation template",
		Description: "An AWS::SecretsManager::Secret resource sets SecretString to a literal instead of GenerateSecretString or a dynamic reference.",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "yaml",
		Help: help("The template is the secret: it is stored in the repository, in the CloudFormation console and in every change set.",
			"use GenerateSecretString, or a {{resolve:secretsmanager:…}} dynamic reference to a secret created outside the template.", "cloudformation-secret-string"),
		Check: func(c Candidate) Verdict { return CheckSecretString(DefaultNames, c) },
		TruePositives: []Sample{
			{Name: "SecretString", Value: "hX9kq2Vr7pLm"},
			{Name: "SecretString", Value: `{"username":"admin","password":"Zt8kQ2vLm91x"}`},
		},
		FalsePositives: []Sample{
			{Name: "SecretString", Value: "{{resolve:secretsmanager:prod/db:SecretString:password}}", Why: "dynamic reference"},
			{Name: "SecretString", Value: `{"username":"admin","password":"${DB_PASSWORD}"}`, Why: "reference"},
			{Name: "SecretString", Value: `{"username":"admin"}`, Why: "no secret key"},
		},
	}
}

// SecretDBTEnvPrefix is the prefix dbt scrubs from logs.
const SecretDBTEnvPrefix = "DBT_ENV_SECRET_"

// CheckDBTSecretField is dbt-hardcoded-secret's decision for a field the
// adapter table marks as secret: any literal, whatever its entropy.
func CheckDBTSecretField(c Candidate) Verdict {
	cl := Classify(c.Value)
	switch cl.Kind {
	case KindEmpty, KindPlaceholder, KindReference, KindReferenceDefault:
		return Verdict{Reason: cl.Kind.String()}
	case KindExample:
		return Verdict{Match: true, Severity: finding.SeverityInfo}
	}
	if cl.Kind == KindNotSecret && (cl.Reason == "file path" || cl.Reason == "URL without credentials") {
		return Verdict{Reason: cl.Reason}
	}
	return Verdict{Match: true}
}

// DBTHardcodedSecret: a literal in a dbt profile's secret field.
func DBTHardcodedSecret() *Rule {
	return &Rule{
		ID:          "dbt-hardcoded-secret",
		Title:       "hardcoded secret in a dbt profile",
		Description: "A dbt profiles.yml target sets a secret field of its adapter (password, token, private_key, keyfile_json.private_key …) to a literal.",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "dbt",
		Help: help("profiles.yml is often committed with the project or baked into images; a literal password in it is a leaked warehouse credential, whatever its entropy.",
			"use \"{{ env_var('DBT_ENV_SECRET_<NAME>') }}\" and supply the variable at run time (`secretlint remediate` does this and `secretlint exec -- dbt run` resolves it from AWS Secrets Manager or Vault). dbt scrubs DBT_ENV_SECRET_ variables from its logs.", "dbt-hardcoded-secret"),
		Check: CheckDBTSecretField,
		TruePositives: []Sample{
			{Name: "password", Value: "hunter2"},
			{Name: "password", Value: "analytics_pw"},
			{Name: "token", Value: "dapi7f3c91e2b8d04a6f5c2e9b1d7a3f6c08"},
			{Name: "private_key_passphrase", Value: "q8Lm2vXk9zPw"},
		},
		FalsePositives: []Sample{
			{Name: "password", Value: "{{ env_var('DBT_ENV_SECRET_PASSWORD') }}", Why: "reference"},
			{Name: "password", Value: "", Why: "empty"},
			{Name: "password", Value: "<your-password>", Why: "placeholder"},
			{Name: "private_key", Value: "{{ env_var('DBT_ENV_SECRET_KEY', '') }}", Why: "reference with an empty default"},
		},
	}
}

// DBTEnvVarDefault: {{ env_var('X', 'default') }} with a literal default.
func DBTEnvVarDefault() *Rule {
	return &Rule{
		ID:          "dbt-env-var-default",
		Title:       "secret hardcoded as a dbt env_var default",
		Description: "A dbt secret field reads {{ env_var('X', 'default') }} with a literal default: the default is the hardcoded secret.",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "dbt",
		Help: help("env_var's second argument is used when the variable is unset, so the secret is written in the profile.",
			"drop the default: \"{{ env_var('DBT_ENV_SECRET_PASSWORD') }}\"; dbt then fails when the variable is missing. Rotate the value.", "dbt-env-var-default"),
		Check: func(c Candidate) Verdict {
			cl := Classify(c.Value)
			if cl.Kind == KindReferenceDefault && strings.Contains(cl.Reason, "env_var") {
				return Verdict{Match: true, Start: cl.DefaultStart, End: cl.DefaultEnd}
			}
			return Verdict{Reason: "no literal env_var default"}
		},
		TruePositives: []Sample{
			{Name: "password", Value: "{{ env_var('DBT_PASSWORD', 'hX9kq2Vr7pLm') }}"},
			{Name: "token", Value: `{{ env_var("DBT_ENV_SECRET_TOKEN", "dapi7f3c91e2b8d04a6f5c2e9b1") }}`},
		},
		FalsePositives: []Sample{
			{Name: "password", Value: "{{ env_var('DBT_ENV_SECRET_PASSWORD') }}", Why: "no default"},
			{Name: "password", Value: "{{ env_var('DBT_ENV_SECRET_PASSWORD', '') }}", Why: "empty default"},
			{Name: "password", Value: "{{ env_var('DBT_ENV_SECRET_PASSWORD', 'changeme') }}", Why: "placeholder default"},
		},
	}
}

// DBTEnvVarNotSecret: a secret field read from a variable without the
// DBT_ENV_SECRET_ prefix.
func DBTEnvVarNotSecret() *Rule {
	return &Rule{
		ID:          "dbt-env-var-not-secret",
		Title:       "dbt secret read from a variable dbt does not scrub",
		Description: "A dbt secret field reads env_var('X') where X lacks the DBT_ENV_SECRET_ prefix, so dbt may print it in logs and artifacts.",
		Severity:    finding.SeverityLow,
		Source:      "secretlint",
		Scope:       "dbt",
		Help: help("dbt scrubs the values of environment variables whose names start with DBT_ENV_SECRET_ from its logs and error messages, and allows those variables only in profiles.yml and packages.yml. Other variables can end up in logs, in manifest.json and in documentation.",
			"rename the variable to DBT_ENV_SECRET_<NAME> (and set it under the new name).", "dbt-env-var-not-secret"),
		Check: func(c Candidate) Verdict {
			cl := Classify(c.Value)
			if (cl.Kind == KindReference || cl.Kind == KindReferenceDefault) && strings.Contains(cl.Reason, "env_var") &&
				cl.Variable != "" && !strings.HasPrefix(cl.Variable, SecretDBTEnvPrefix) {
				return Verdict{Match: true}
			}
			return Verdict{Reason: "not an unscrubbed env_var"}
		},
		TruePositives: []Sample{
			{Name: "password", Value: "{{ env_var('SNOWFLAKE_PASSWORD') }}"},
		},
		FalsePositives: []Sample{
			{Name: "password", Value: "{{ env_var('DBT_ENV_SECRET_SNOWFLAKE_PASSWORD') }}", Why: "scrubbed prefix"},
			{Name: "password", Value: "hunter2", Why: "a literal (dbt-hardcoded-secret)"},
		},
	}
}

// CheckGitURLToken finds a token in the userinfo of a git URL.
func CheckGitURLToken(c Candidate) Verdict {
	v := strings.TrimSpace(c.Value)
	u, err := url.Parse(v)
	if err != nil || u.User == nil || u.Scheme == "" || u.Host == "" {
		return Verdict{Reason: "no credentials in the URL"}
	}
	secret := u.User.Username()
	if p, ok := u.User.Password(); ok {
		secret = p
	}
	raw := u.User.String()
	if secret == "" || Classify(secret).Kind != KindLiteral && Classify(secret).Kind != KindWeak && Classify(secret).Kind != KindNotSecret {
		return Verdict{Reason: "userinfo is empty, a placeholder or a reference"}
	}
	if secret == "git" || secret == "oauth2" || secret == "x-access-token" || secret == "x-oauth-basic" {
		return Verdict{Reason: "a fixed user name"}
	}
	i := strings.Index(v, raw)
	if i < 0 {
		return Verdict{Match: true}
	}
	j := strings.LastIndex(v[i:i+len(raw)], secret)
	if j < 0 {
		return Verdict{Match: true}
	}
	return Verdict{Match: true, Start: i + j, End: i + j + len(secret)}
}

// DBTPackageToken: a token in a packages.yml git URL.
func DBTPackageToken() *Rule {
	return &Rule{
		ID:          "dbt-package-token",
		Title:       "token in a dbt package git url",
		Description: "A dbt packages.yml (or dependencies.yml) git URL embeds a literal access token.",
		Severity:    finding.SeverityHigh,
		Source:      "secretlint",
		Scope:       "dbt",
		Help: help("packages.yml is committed; a token in a git URL gives read (often write) access to the private repository it names.",
			"write the URL as \"https://{{ env_var('DBT_ENV_SECRET_GIT_TOKEN') }}@github.com/org/repo.git\" and rotate the token.", "dbt-package-token"),
		Check: CheckGitURLToken,
		TruePositives: []Sample{
			{Name: "git", Value: "https://ghp_4kR9xT2mQ8vN1pL7wZ3yH6bF0cJ5dS2aE9uK@github.com/acme/dbt-utils.git"},
			{Name: "git", Value: "https://oauth2:glpat-Xk2vQ9xLm7pZ8wR4tY6u@gitlab.com/acme/models.git"},
		},
		FalsePositives: []Sample{
			{Name: "git", Value: "https://github.com/dbt-labs/dbt-utils.git", Why: "no credentials"},
			{Name: "git", Value: "https://{{ env_var('DBT_ENV_SECRET_GIT_TOKEN') }}@github.com/acme/x.git", Why: "reference"},
			{Name: "git", Value: "git@github.com:acme/x.git", Why: "ssh"},
		},
	}
}

// SuppressionUnused: a suppression directive that matched nothing.
func SuppressionUnused() *Rule {
	return &Rule{
		ID:          "unused-suppression",
		Title:       "suppression matches no finding",
		Description: "A secretlint:ignore directive suppresses nothing on its line or the next one.",
		Severity:    finding.SeverityLow,
		Source:      "secretlint",
		Scope:       "any",
		Help: help("A stale directive hides nothing today and will silently hide a real secret written there tomorrow.",
			"delete the directive, or correct its rule id.", "unused-suppression"),
	}
}

// SuppressionInvalid: a suppression directive without a rule or reason.
func SuppressionInvalid() *Rule {
	return &Rule{
		ID:          "invalid-suppression",
		Title:       "suppression without rule or reason",
		Description: "A secretlint:ignore directive lacks a rule id or a reason, or names an unknown rule; it suppresses nothing.",
		Severity:    finding.SeverityMedium,
		Source:      "secretlint",
		Scope:       "any",
		Help: help("Every suppression must say which rule it silences and why, so reviewers can judge it.",
			"write `secretlint:ignore <rule-id> <reason>`.", "invalid-suppression"),
	}
}

// HeaderListName reports whether a name holds a list of request headers
// written name=value,name=value: OpenTelemetry's OTEL_EXPORTER_OTLP_HEADERS
// (and its _TRACES_, _METRICS_, _LOGS_ forms), a collector's headers
// setting. Its last word is headers.
func HeaderListName(name string) bool {
	return len(name) >= 7 && strings.EqualFold(name[len(name)-7:], "headers") &&
		(len(name) == 7 || !isLower(name[len(name)-8]) || name[len(name)-7] == 'H')
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// CheckHeaderList judges each header of a name=value,name=value list
// (HeaderListName) under its own name: api-key=…, x-api-token=…,
// Authorization=Basic%20… (OTLP percent-encodes the blank). Vendor keys
// under other header names (x-honeycomb-team=hcaik_…) are their
// provider rules'.
// The span is the first secret header's value.
func CheckHeaderList(names *Names, c Candidate) Verdict {
	v := c.Value
	if strings.IndexByte(v, '=') < 0 {
		return Verdict{Reason: "not a header list"}
	}
	for off := 0; off < len(v); {
		end := strings.IndexByte(v[off:], ',')
		if end < 0 {
			end = len(v)
		} else {
			end += off
		}
		part := v[off:end]
		if k, val, ok := strings.Cut(part, "="); ok {
			name := strings.TrimSpace(k)
			vs := off + len(k) + 1
			if i := strings.LastIndex(val, "%20"); i >= 0 {
				vs += i + 3 // Basic%20…: the credential after the scheme
				val = val[i+3:]
			}
			t := strings.TrimSpace(val)
			vs += strings.Index(val, t)
			if _, named := names.Match(name); named && t != "" {
				if vd := CheckAssignment(names, Candidate{Name: name, Value: t}); vd.Match {
					s, e := 0, len(t)
					if vd.End > vd.Start && vd.End <= len(t) {
						s, e = vd.Start, vd.End
					}
					return Verdict{Match: true, Reason: vd.Reason, Start: vs + s, End: vs + e}
				}
			}
		}
		off = end + 1
	}
	return Verdict{Reason: "no secret header"}
}

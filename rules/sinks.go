package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// SinkKind says what a sink's parameter holds, which decides how a literal
// reaching it is judged.
type SinkKind string

// Sink kinds.
const (
	// SinkPassword: the value is a credential (password, token, secret).
	SinkPassword SinkKind = "password"
	// SinkDSN: the value is a URL or connection string; it is a finding
	// when it carries a literal password (url-credentials).
	SinkDSN SinkKind = "dsn"
	// SinkSigningKey: the value is an HMAC/JWT key (jwt-signing-key).
	SinkSigningKey SinkKind = "signing-key"
	// SinkHeader: an HTTP header value; a finding when the header name
	// (argument NameArg) is Authorization or names a secret.
	SinkHeader SinkKind = "header"
	// SinkEnv: an environment variable value; a finding when the variable
	// name (argument NameArg) names a secret.
	SinkEnv SinkKind = "env"
	// SinkSecretMap: a map of key/value data (Vault writes); entries under
	// secret-named keys are findings.
	SinkSecretMap SinkKind = "secret-map"
	// SinkCommand: a command sent as a list of arguments (a Redis
	// client's Do); when the argument NameArg is the AUTH verb, the last
	// argument is a password (AUTH password, AUTH user password).
	SinkCommand SinkKind = "command"
)

// CommandPassword returns the index of the password argument of a
// command sent as arguments whose verb, at index verb, is read by
// verbText: the last argument after AUTH, given one or two arguments.
func CommandPassword(nargs, verb int, verbText func(int) (string, bool)) (int, bool) {
	if n := nargs - verb - 1; n < 1 || n > 2 {
		return 0, false
	}
	v, ok := verbText(verb)
	if !ok || !strings.EqualFold(v, "AUTH") {
		return 0, false
	}
	return nargs - 1, true
}

// Sink is an API parameter or struct field that receives a credential,
// resolved through go/types (the package path, receiver type and name),
// never by the spelling at the call site. The table is data: users add
// their own in .secretlint.yaml, and a sink in a package the analysed
// package does not import costs nothing.
type Sink struct {
	// Package is the import path. A trailing major version (/v2, /v5) in
	// the analysed code also matches unless the path already has one.
	Package string `yaml:"package" json:"package"`
	// Type is the receiver (methods) or struct type (fields); empty for
	// package-level functions and variables.
	Type string `yaml:"type,omitempty" json:"type,omitempty"`
	// Func is the function or method name; Field a struct field; Var a
	// package-level variable. Exactly one is set.
	Func  string `yaml:"func,omitempty" json:"func,omitempty"`
	Field string `yaml:"field,omitempty" json:"field,omitempty"`
	Var   string `yaml:"var,omitempty" json:"var,omitempty"`
	// Arg is the index of the parameter holding the credential (Func only).
	Arg int `yaml:"arg,omitempty" json:"arg,omitempty"`
	// NameArg is the index of the parameter naming the header or variable
	// (SinkHeader, SinkEnv).
	NameArg int `yaml:"name-arg,omitempty" json:"name-arg,omitempty"`
	// Kind says what the parameter holds.
	Kind SinkKind `yaml:"kind" json:"kind"`
	// Rule is the rule reported; derived from Kind when empty.
	Rule string `yaml:"rule,omitempty" json:"rule,omitempty"`
}

// RuleID returns the rule a literal reaching the sink is reported under.
func (s Sink) RuleID() string {
	if s.Rule != "" {
		return s.Rule
	}
	switch s.Kind {
	case SinkDSN:
		return "url-credentials"
	case SinkSigningKey:
		return "jwt-signing-key"
	}
	return "credential-sink"
}

// String names the sink the way diagnostics mention it, e.g.
// "(*net/http.Request).SetBasicAuth" or "golang.org/x/oauth2.Config.ClientSecret".
func (s Sink) String() string {
	switch {
	case s.Func != "" && s.Type != "":
		return fmt.Sprintf("(*%s.%s).%s", s.Package, s.Type, s.Func)
	case s.Func != "":
		return s.Package + "." + s.Func
	case s.Field != "":
		return s.Package + "." + s.Type + "." + s.Field
	}
	return s.Package + "." + s.Var
}

var reMajor = regexp.MustCompile(`/v[0-9]+$`)

// MatchesPackage reports whether path is the sink's package, allowing a
// major-version suffix: a sink for github.com/golang-jwt/jwt matches
// github.com/golang-jwt/jwt/v5.
func (s Sink) MatchesPackage(path string) bool {
	if path == s.Package {
		return true
	}
	if !reMajor.MatchString(s.Package) && reMajor.MatchString(path) {
		return reMajor.ReplaceAllString(path, "") == s.Package
	}
	return false
}

// Validate checks a sink from configuration.
func (s Sink) Validate() error {
	n := 0
	for _, v := range []string{s.Func, s.Field, s.Var} {
		if v != "" {
			n++
		}
	}
	switch {
	case s.Package == "":
		return fmt.Errorf("sink needs a package")
	case n != 1:
		return fmt.Errorf("sink %s needs exactly one of func, field or var", s.Package)
	case s.Field != "" && s.Type == "":
		return fmt.Errorf("sink %s.%s: a field needs its struct type", s.Package, s.Field)
	case s.Arg < 0 || s.NameArg < 0:
		return fmt.Errorf("sink %s: argument indexes start at 0", s)
	}
	switch s.Kind {
	case SinkPassword, SinkDSN, SinkSigningKey, SinkHeader, SinkEnv, SinkSecretMap, SinkCommand:
	default:
		return fmt.Errorf("sink %s: unknown kind %q (want password, dsn, signing-key, header, env, secret-map or command)", s, s.Kind)
	}
	if s.Rule != "" {
		if _, ok := Lookup(s.Rule); !ok {
			return fmt.Errorf("sink %s: unknown rule %q", s, s.Rule)
		}
	}
	return nil
}

// DefaultSinks is the built-in sink table.
func DefaultSinks() []Sink {
	return []Sink{
		// Connection strings.
		{Package: "database/sql", Func: "Open", Arg: 1, Kind: SinkDSN},
		{Package: "github.com/jmoiron/sqlx", Func: "Open", Arg: 1, Kind: SinkDSN},
		{Package: "github.com/jmoiron/sqlx", Func: "Connect", Arg: 1, Kind: SinkDSN},
		{Package: "github.com/jmoiron/sqlx", Func: "MustConnect", Arg: 1, Kind: SinkDSN},
		{Package: "gorm.io/driver/postgres", Func: "Open", Arg: 0, Kind: SinkDSN},
		{Package: "gorm.io/driver/mysql", Func: "Open", Arg: 0, Kind: SinkDSN},
		{Package: "gorm.io/driver/sqlserver", Func: "Open", Arg: 0, Kind: SinkDSN},
		{Package: "github.com/jackc/pgx", Func: "Connect", Arg: 1, Kind: SinkDSN},
		{Package: "github.com/jackc/pgx", Func: "ParseConfig", Arg: 0, Kind: SinkDSN},
		{Package: "github.com/jackc/pgx/v5/pgxpool", Func: "New", Arg: 1, Kind: SinkDSN},
		{Package: "github.com/jackc/pgx/v5/pgxpool", Func: "ParseConfig", Arg: 0, Kind: SinkDSN},
		{Package: "github.com/jackc/pgx/v4/pgxpool", Func: "Connect", Arg: 1, Kind: SinkDSN},
		{Package: "github.com/redis/go-redis", Func: "ParseURL", Arg: 0, Kind: SinkDSN},
		{Package: "go.mongodb.org/mongo-driver/mongo/options", Type: "ClientOptions", Func: "ApplyURI", Arg: 0, Kind: SinkDSN},
		{Package: "go.mongodb.org/mongo-driver/v2/mongo/options", Type: "ClientOptionsBuilder", Func: "ApplyURI", Arg: 0, Kind: SinkDSN},
		{Package: "github.com/go-sql-driver/mysql", Func: "ParseDSN", Arg: 0, Kind: SinkDSN},
		// Passwords and tokens.
		{Package: "net/url", Func: "UserPassword", Arg: 1, Kind: SinkPassword},
		{Package: "net/http", Type: "Request", Func: "SetBasicAuth", Arg: 1, Kind: SinkPassword},
		{Package: "net/http", Type: "Header", Func: "Set", Arg: 1, NameArg: 0, Kind: SinkHeader},
		{Package: "net/http", Type: "Header", Func: "Add", Arg: 1, NameArg: 0, Kind: SinkHeader},
		{Package: "net/smtp", Func: "PlainAuth", Arg: 2, Kind: SinkPassword},
		// Commands sent as arguments: AUTH's password.
		{Package: "github.com/redis/go-redis", Type: "Client", Func: "Do", Arg: 2, NameArg: 1, Kind: SinkCommand},
		{Package: "github.com/redis/go-redis", Type: "Conn", Func: "Do", Arg: 2, NameArg: 1, Kind: SinkCommand},
		{Package: "github.com/redis/go-redis", Type: "ClusterClient", Func: "Do", Arg: 2, NameArg: 1, Kind: SinkCommand},
		{Package: "github.com/go-redis/redis", Type: "Client", Func: "Do", Arg: 2, NameArg: 1, Kind: SinkCommand},
		{Package: "github.com/redis/go-redis", Type: "cmdable", Func: "Do", Arg: 2, NameArg: 1, Kind: SinkCommand}, // Client's Do, by embedding
		{Package: "github.com/go-redis/redis", Type: "cmdable", Func: "Do", Arg: 2, NameArg: 1, Kind: SinkCommand},
		{Package: "github.com/gomodule/redigo/redis", Type: "Conn", Func: "Do", Arg: 1, NameArg: 0, Kind: SinkCommand},
		{Package: "github.com/gomodule/redigo/redis", Type: "Conn", Func: "Send", Arg: 1, NameArg: 0, Kind: SinkCommand},
		{Package: "net/smtp", Func: "CRAMMD5Auth", Arg: 1, Kind: SinkPassword},
		{Package: "os", Func: "Setenv", Arg: 1, NameArg: 0, Kind: SinkEnv},
		{Package: "golang.org/x/crypto/ssh", Func: "Password", Arg: 0, Kind: SinkPassword},
		{Package: "gopkg.in/gomail.v2", Func: "NewDialer", Arg: 3, Kind: SinkPassword},
		{Package: "gopkg.in/mail.v2", Func: "NewDialer", Arg: 3, Kind: SinkPassword},
		{Package: "github.com/go-sql-driver/mysql", Type: "Config", Field: "Passwd", Kind: SinkPassword},
		{Package: "github.com/jackc/pgx/v5/pgconn", Type: "Config", Field: "Password", Kind: SinkPassword},
		{Package: "github.com/jackc/pgconn", Type: "Config", Field: "Password", Kind: SinkPassword},
		{Package: "github.com/redis/go-redis", Type: "Options", Field: "Password", Kind: SinkPassword},
		{Package: "github.com/go-redis/redis", Type: "Options", Field: "Password", Kind: SinkPassword},
		{Package: "golang.org/x/oauth2", Type: "Config", Field: "ClientSecret", Kind: SinkPassword},
		{Package: "golang.org/x/oauth2/clientcredentials", Type: "Config", Field: "ClientSecret", Kind: SinkPassword},
		{Package: "golang.org/x/oauth2", Type: "Token", Field: "AccessToken", Kind: SinkPassword},
		{Package: "golang.org/x/oauth2", Type: "Token", Field: "RefreshToken", Kind: SinkPassword},
		{Package: "golang.org/x/oauth2", Func: "StaticTokenSource", Arg: 0, Kind: SinkPassword},
		// Cloud SDKs.
		{Package: "github.com/aws/aws-sdk-go-v2/credentials", Func: "NewStaticCredentialsProvider", Arg: 1, Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go-v2/credentials", Func: "NewStaticCredentialsProvider", Arg: 2, Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go-v2/aws", Type: "Credentials", Field: "SecretAccessKey", Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go-v2/aws", Type: "Credentials", Field: "SessionToken", Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go/aws/credentials", Func: "NewStaticCredentials", Arg: 1, Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go/aws/credentials", Func: "NewStaticCredentials", Arg: 2, Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go-v2/service/secretsmanager", Type: "CreateSecretInput", Field: "SecretString", Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go-v2/service/secretsmanager", Type: "PutSecretValueInput", Field: "SecretString", Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go-v2/service/secretsmanager", Type: "UpdateSecretInput", Field: "SecretString", Kind: SinkPassword},
		{Package: "github.com/aws/aws-sdk-go/service/secretsmanager", Type: "CreateSecretInput", Field: "SecretString", Kind: SinkPassword},
		{Package: "github.com/hashicorp/vault/api", Type: "Client", Func: "SetToken", Arg: 0, Kind: SinkPassword},
		{Package: "github.com/hashicorp/vault/api", Type: "Logical", Func: "Write", Arg: 1, Kind: SinkSecretMap},
		{Package: "github.com/hashicorp/vault/api", Type: "Logical", Func: "WriteWithContext", Arg: 2, Kind: SinkSecretMap},
		{Package: "github.com/hashicorp/vault/api", Type: "KVv2", Func: "Put", Arg: 2, Kind: SinkSecretMap},
		{Package: "github.com/hashicorp/vault/api", Type: "KVv1", Func: "Put", Arg: 2, Kind: SinkSecretMap},
		{Package: "github.com/Azure/azure-sdk-for-go/sdk/azidentity", Func: "NewClientSecretCredential", Arg: 2, Kind: SinkPassword},
		{Package: "google.golang.org/api/option", Func: "WithAPIKey", Arg: 0, Kind: SinkPassword},
		{Package: "google.golang.org/api/option", Func: "WithCredentialsJSON", Arg: 0, Kind: SinkPassword},
		{Package: "github.com/slack-go/slack", Func: "New", Arg: 0, Kind: SinkPassword},
		{Package: "github.com/google/go-github", Type: "Client", Func: "WithAuthToken", Arg: 0, Kind: SinkPassword},
		{Package: "github.com/stripe/stripe-go", Var: "Key", Kind: SinkPassword},
		{Package: "github.com/sendgrid/sendgrid-go", Func: "NewSendClient", Arg: 0, Kind: SinkPassword},
		{Package: "github.com/minio/minio-go/v7/pkg/credentials", Func: "NewStaticV4", Arg: 1, Kind: SinkPassword},
		{Package: "github.com/minio/minio-go/v7/pkg/credentials", Func: "NewStaticV2", Arg: 1, Kind: SinkPassword},
		{Package: "github.com/minio/minio-go/v7/pkg/credentials", Func: "NewStatic", Arg: 1, Kind: SinkPassword},
		// Brokers, directories and databases with their own login APIs.
		{Package: "github.com/nats-io/nats.go", Func: "UserInfo", Arg: 1, Kind: SinkPassword},
		{Package: "github.com/nats-io/nats.go", Func: "Token", Arg: 0, Kind: SinkPassword},
		{Package: "github.com/nats-io/nats.go", Type: "Options", Field: "Password", Kind: SinkPassword},
		{Package: "github.com/nats-io/nats.go", Type: "Options", Field: "Token", Kind: SinkPassword},
		{Package: "github.com/eclipse/paho.mqtt.golang", Type: "ClientOptions", Func: "SetPassword", Arg: 0, Kind: SinkPassword},
		{Package: "github.com/rabbitmq/amqp091-go", Func: "Dial", Arg: 0, Kind: SinkDSN},
		{Package: "github.com/rabbitmq/amqp091-go", Type: "PlainAuth", Field: "Password", Kind: SinkPassword},
		{Package: "github.com/streadway/amqp", Func: "Dial", Arg: 0, Kind: SinkDSN},
		{Package: "github.com/segmentio/kafka-go/sasl/plain", Type: "Mechanism", Field: "Password", Kind: SinkPassword},
		// SASL/SCRAM logins of Kafka clients: kafka-go builds the mechanism from
		// (algorithm, user, password); franz-go from an Auth struct. (sarama's
		// Config.Net.SASL.Password is a field of an anonymous struct, judged by
		// its name.)
		{Package: "github.com/segmentio/kafka-go/sasl/scram", Func: "Mechanism", Arg: 2, Kind: SinkPassword},
		{Package: "github.com/twmb/franz-go/pkg/sasl/scram", Type: "Auth", Field: "Pass", Kind: SinkPassword},
		{Package: "github.com/twmb/franz-go/pkg/sasl/plain", Type: "Auth", Field: "Pass", Kind: SinkPassword},
		{Package: "go.mongodb.org/mongo-driver/mongo/options", Type: "Credential", Field: "Password", Kind: SinkPassword},
		{Package: "go.mongodb.org/mongo-driver/v2/mongo/options", Type: "Credential", Field: "Password", Kind: SinkPassword},
		{Package: "github.com/go-ldap/ldap/v3", Type: "Conn", Func: "Bind", Arg: 1, Kind: SinkPassword},
		// Signing keys.
		{Package: "crypto/hmac", Func: "New", Arg: 1, Kind: SinkSigningKey},
		{Package: "github.com/golang-jwt/jwt", Type: "Token", Func: "SignedString", Arg: 0, Kind: SinkSigningKey},
		{Package: "github.com/dgrijalva/jwt-go", Type: "Token", Func: "SignedString", Arg: 0, Kind: SinkSigningKey},
		{Package: "github.com/gorilla/securecookie", Func: "New", Arg: 0, Kind: SinkSigningKey},
		{Package: "github.com/gorilla/sessions", Func: "NewCookieStore", Arg: 0, Kind: SinkSigningKey},
		{Package: "crypto/ed25519", Func: "NewKeyFromSeed", Arg: 0, Kind: SinkSigningKey},
		{Package: "crypto/aes", Func: "NewCipher", Arg: 0, Kind: SinkSigningKey},
		{Package: "golang.org/x/crypto/chacha20poly1305", Func: "New", Arg: 0, Kind: SinkSigningKey},
		{Package: "golang.org/x/crypto/chacha20poly1305", Func: "NewX", Arg: 0, Kind: SinkSigningKey},
	}
}

// PointerHelpers are functions that only take the address of their
// argument (aws.String("…")): a literal passed through them still reaches
// the sink.
var PointerHelpers = []Sink{
	{Package: "github.com/aws/aws-sdk-go-v2/aws", Func: "String"},
	{Package: "github.com/aws/aws-sdk-go/aws", Func: "String"},
	{Package: "k8s.io/utils/ptr", Func: "To"},
	{Package: "k8s.io/utils/pointer", Func: "String"},
	{Package: "google.golang.org/protobuf/proto", Func: "String"},
	{Package: "github.com/samber/lo", Func: "ToPtr"},
}

// SecretHeader reports whether an HTTP header name carries a credential.
func SecretHeader(names *Names, header string) bool {
	switch strings.ToLower(header) {
	case "authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token", "api-key", "x-access-token", "private-token", "x-vault-token":
		return true
	}
	_, ok := names.Match(header)
	return ok
}

// SchemeCredential reports whether a header value carries a credential by
// its form, whatever the header is called: an HTTP authentication scheme
// that takes one (Bearer, Basic, Token) and a credential after it,
// possibly as a parameter of a secret name (PagerDuty's
// "Token token=…"). start is where the credential begins.
func SchemeCredential(names *Names, v string) (start int, ok bool) {
	i := strings.IndexByte(v, ' ')
	if i <= 0 {
		return 0, false
	}
	switch strings.ToLower(v[:i]) {
	case "bearer", "basic", "token":
	default:
		return 0, false
	}
	for i < len(v) && v[i] == ' ' {
		i++
	}
	param := false
	if eq := strings.IndexByte(v[i:], '='); eq > 0 {
		if _, secret := names.Match(v[i : i+eq]); secret {
			i += eq + 1
			param = true
		}
	}
	if param && strings.HasPrefix(v[i:], `"`) && strings.HasSuffix(v[i:], `"`) && len(v)-i > 2 {
		i++
		v = v[:len(v)-1] // token="…": the credential inside the quotes
	}
	if i >= len(v) || strings.ContainsAny(v[i:], " ,\"") {
		return 0, false // no credential, or a list of parameters
	}
	if !param && strings.Contains(strings.TrimRight(v[i:], "="), "=") {
		// An auth-param of another name (Basic realm="api", a
		// WWW-Authenticate challenge) is not a credential: a token68
		// has '=' only as padding at its end.
		return 0, false
	}
	return i, true
}

// IsPointerHelper reports whether the function name of the package at
// path is one of PointerHelpers.
func IsPointerHelper(path, name string) bool {
	for _, h := range PointerHelpers {
		if h.Func == name && h.MatchesPackage(path) {
			return true
		}
	}
	return false
}

// IsDecoder reports whether pkg.name (or the method name of a value of
// pkg, recv true: base64.StdEncoding.DecodeString) decodes its one string
// argument into key bytes: hex.DecodeString and the DecodeString method
// of encoding/base64 and encoding/base32 encodings. A literal decoded so
// is judged as written, the encoded text being what leaks.
func IsDecoder(pkg, name string, recv bool) bool {
	if name != "DecodeString" {
		return false
	}
	switch pkg {
	case "encoding/hex":
		return !recv
	case "encoding/base64", "encoding/base32":
		return recv
	}
	return false
}

// Package secretsink defines an analyzer that reports literal credentials
// reaching an API that takes a credential.
//
// # Analyzer secretsink
//
// secretsink: report literal credentials that reach a credential api
//
// The secretsink analyzer follows string values to the parameters, struct
// fields and variables of a sink table: APIs whose argument is a password,
// token, key or connection string, resolved through go/types by package
// path, receiver type and name (never by the spelling at the call site, so
// renamed imports and method values are found, and a function of the same
// name in another package is not). The table is rules.DefaultSinks plus
// the sinks of .secretlint.yaml; a package that imports no sink package is
// not examined.
//
// A value is followed through constants (named, and folded
// concatenations), conversions ([]byte("…"), string types), pointer
// helpers (aws.String, ptr.To …) and variables that are assigned exactly
// once, never have their address taken and are not parameters: a def-use
// walk over the package, so a literal assigned to a local and passed three
// lines later is found without building SSA. A value that depends on
// anything else (a parameter, a call, os.Getenv) is not a literal and is
// not reported.
//
// A call of a function of the package whose result is a constant (every
// return statement gives it the same literal: func apiToken() string {
// return "…" }, u, p := Fallback()) is followed to that literal, and the
// literal is reported in the return statement, where it is written, once,
// with the sink in the message ("… via apiToken()"). A function of another
// package cannot be followed there: go vet analyzes the callee's package
// first, and it cannot know where its results go. So an exported function
// whose result is one literal that its own package does not report (no
// secret name, no login pair, no sink of its own) gets a ResultLiterals
// fact, holding the verdicts on the literal and where it is written, never
// its text (facts are written to go vet's cache); a package that passes
// the result to a credential API reports it at the call ("literal password
// returned by example.com/app/store.Upstream (store.go:12) reaches …"),
// the first place it can see the secret.
//
// A constant of another package reaching a sink is reported at the use,
// with its declaration named, unless its declaration is reported where it
// is declared (see secretliteral): one finding per secret.
//
// A variable set from an environment lookup and given a literal when the
// lookup comes back empty (k := os.Getenv("K"); if k == "" { k = "…" },
// LookupEnv's else branch, cmp.Or(os.Getenv("K"), "…")) is followed to that
// fallback literal.
//
// Function summaries cross function and package boundaries: a function
// whose string parameter reaches a sink or a secret-named struct field
// (Open(user, p, addr) building mysql.Config{Passwd: p}, a helper calling
// req.SetBasicAuth(u, pass), a wrapper of either) gets a ParamSinks fact,
// and a literal passed in that position, in the same package or in one
// that imports it, is reported where it is written: "literal credential
// passed to example.com/app/db.Open as p, which assigned to field
// github.com/go-sql-driver/mysql.Config.Passwd". Like printf's facts, it
// makes go vet analyze the dependencies (there only the summaries run:
// analyzers.FactsOnly). The analyzers export one other fact,
// ResultLiterals (below).
//
// What is reported, with the rule id as the diagnostic's category:
//
//   - credential-sink: a literal reaching a password or token parameter or
//     field (url.UserPassword, (*http.Request).SetBasicAuth, smtp.PlainAuth,
//     oauth2.Config.ClientSecret, credentials.NewStaticCredentialsProvider,
//     secretsmanager CreateSecretInput.SecretString (a JSON SecretString
//     is judged by its secret-named entries), mysql.Config.Passwd, Vault's
//     (*Client).SetToken …); an Authorization (or other secret-named)
//     header value set with Header.Set or Header.Add, after its scheme
//     ("Bearer ", "Basic "); the value of a secret-named environment
//     variable set with os.Setenv; entries under secret-named keys of a
//     map literal written to Vault ((*Logical).Write, KVv2.Put …).
//   - url-credentials: a literal password inside a connection string that
//     reaches a DSN parameter (sql.Open, pgx, gorm, mongo ApplyURI …).
//   - jwt-signing-key: a literal key reaching hmac.New, a JWT SignedString
//     or a cookie store.
//   - aws-example-key (off by default): an AWS documentation example key
//     reaching a sink.
//
// Empty values, placeholders (changeme, <password>, xxxx, constant-case
// names standing in for a value: SECRET_KEY, SESSION), references
// (${VAR}, vault:v1:…) and the local default credentials of a database
// (postgres:postgres@localhost) are not reported.
//
// The diagnostic is placed on the literal, with the sink named in the
// message: "literal password reaches (*net/http.Request).SetBasicAuth
// (credential-sink)". When the literal went through a variable or
// constant, the message ends "via <name>".
//
// Before:
//
//	req.SetBasicAuth("deploy", "hX9#kq2!Vr7pLm4Z")
//
// After:
//
//	req.SetBasicAuth("deploy", os.Getenv("DEPLOY_PASSWORD"))
//
// Test files: these rules are quiet in test code (_test.go files and test
// support packages such as …/testutil or …/fake, as secretliteral defines
// them), where literal credentials passed to APIs are fixtures. A
// provider-format key in test code is still reported by secretliteral.
//
// Suppress a finding with //secretlint:ignore <rule> <reason> on the
// line of the literal or the line above, or with a gitleaks:allow comment
// on the line. No suggested fixes are offered: moving a credential to a
// secret store changes behaviour (see secretlint remediate).
//
// Known false-positive shapes: a literal that is a deliberately public
// credential of a local test service outside a _test.go file (a fixture
// package); allow it with allow.paths or a directive.
//
// The analyzer's Result tells secretliteral which literals it reported, so
// that each literal is reported once, by the analyzer that knows most
// about it.
package secretsink

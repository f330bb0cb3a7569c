// Package secretliteral defines an analyzer that reports hardcoded secrets
// in Go string constants.
//
// # Analyzer secretliteral
//
// secretliteral: report hardcoded secrets in string constants
//
// The secretliteral analyzer looks at every constant string value of a
// package as go/types computes it, so a secret written in pieces
// ("ghp_" + "…") or through named constants is seen whole, and at the
// names the values are given. It reports, with the rule id as the
// diagnostic's category:
//
//   - provider rules (gitleaks' default rule set: aws-access-token,
//     github-pat, slack-bot-token, stripe-access-token, gcp-api-key,
//     private-key …, or the rules of a .gitleaks.toml): a constant string
//     whose value matches a provider's credential format. gitleaks' own
//     allowlists and entropy thresholds apply, and values classified as
//     placeholders or references are skipped. The name-keyed
//     generic-api-key also runs over name = "value" for a value written
//     at a named place (webhookKey = "…" + "…"), as secretlint scan sees
//     it in the text.
//   - hardcoded-credential: a literal given a secret-bearing name (password,
//     token, api key, client secret, dsn, credentials … on word boundaries,
//     so PasswordEnvVar, TokenHeader and passwordMinLength are not): a
//     const or var, an assignment (x = …, cfg.Password = …, m["token"] =
//     …), a struct field or map key in a composite literal, a function
//     argument whose parameter has a secret name, the default of a
//     secret-named command-line flag (flag.String("db-password", "…", u),
//     pflag and cobra's Flags().StringVarP, kingpin's
//     Flag(…).Default("…")), or a comparison (==, !=, switch,
//     subtle.ConstantTimeCompare, hmac.Equal, strings.EqualFold) with a
//     secret-named variable or with a credential read at run time: the
//     password of (*http.Request).BasicAuth, a header, form value or
//     environment variable under a secret-named key
//     (r.Header.Get("Authorization")). The value is followed through conversions
//     ([]byte("…")), pointer helpers (aws.String) and single-assignment
//     variables and constants of the package, and through calls of
//     functions of the package whose result is one literal
//     (Config{Password: fallbackValue()} reports the literal that
//     fallbackValue returns). A function whose two unnamed string results
//     are a user name and a password (func Fallback() (string, string) {
//     return "admin", "…" }: a lowercase login name, then eight or more
//     characters mixing case and digits or symbols) has the password
//     judged as a result named password.
//   - url-credentials: a literal password inside a URL or connection string
//     (scheme://user:pass@host, user:pass@tcp(host)/db, password=…).
//     Default credentials on localhost are not reported.
//   - env-default-secret: a reference whose default is a literal secret,
//     ${DB_PASSWORD:hunter2}.
//   - aws-secret-access-key: an AWS secret access key (40 base64
//     characters) next to an access key id or under a name that says so
//     (aws_secret_access_key, SecretAccessKey). It is a provider format:
//     reported in test code too. An access key id outside gitleaks' base32
//     alphabet is reported as aws-access-token when its secret stands next
//     to it.
//   - aws-session-token: an AWS STS session token (IQoJb3JpZ2luX2Vj…,
//     FwoGZXIvYXdz…, FQoDYXdz…: base64 of at least 120 characters after
//     that header), under any name. It is a provider format, as above.
//   - aws-example-key (off by default): an AWS documentation example key.
//
// Values that are empty, placeholders (changeme, <password>, xxxx, TODO),
// references (${VAR}, {{ env_var('X') }}, vault:v1:…), environment
// variable or key names, paths, URLs without credentials, prose, UUIDs and
// hashes under names that do not say secret, base64 of such text, and AWS's
// documented example keys are not reported. Names that only mention a
// secret (passwordHash, tokenURL, secretName, ErrBadPassword) are not
// secret names.
//
// A constant is judged where it is declared, not at each use; a constant
// from another package is judged in that package. go vet analyzes that
// package first, and it cannot know where its constants go: when a
// constant whose declaration is not reported there (const
// RegistryFallback = "…": no secret name, no provider format) reaches a
// secret-named place or a credential API here, it is reported here, at
// the use, naming the constant and its declaration ("via
// config.RegistryFallback (declared at config.go:22)"). A constant whose
// declaration is reported is no new finding where it is used. A constant
// of another module is reported at its uses (go vet reports only the
// packages it is asked about). When a literal reaches a
// credential API, the secretsink analyzer reports it and this analyzer
// does not, so that each literal is reported once. When several rules
// match one literal, the most specific is reported: a provider rule, then
// url-credentials, env-default-secret, hardcoded-credential.
//
// Messages name the rule and the place, never the value: "aws access
// token in string literal assigned to awsKey (aws-access-token)".
//
// Before:
//
//	const apiToken = "ghp_…"
//
// After:
//
//	apiToken := os.Getenv("GITHUB_TOKEN")
//
// Test files: test code is analysed with a narrower policy. Test code is
// a _test.go file, or any file of a test support package: an import path
// element test, tests, testing, testdata, e2e, fake, fakes, mock or mocks,
// or one starting with testutil, testhelper, testsetup, testenv,
// testserver or testfixture. Fixtures need literal passwords, so the
// name-based and structural rules (hardcoded-credential, url-credentials,
// env-default-secret, gitleaks' generic-api-key, and the secretsink rules)
// are quiet there. Provider-format rules stay on, because a real key
// pasted into a test leaks like any other; a provider-format value in test
// code that says it is fake (contains fake, dummy, example, sample,
// invalid, test, xxxx; for a JWT, in its decoded claims), or whose name
// or the comment just above it says it is (sampleToken, "signed by a
// throwaway key", "not a real key"), is not reported. A JWT made from
// jwt.io's example payload is reported nowhere. Generated files (a "// Code
// generated … DO NOT EDIT." header) are skipped, as are the paths in
// allow.paths of .secretlint.yaml.
//
// Files that build constraints exclude (//go:build integration, e2e,
// another platform: the pass's IgnoredFiles) are never type-checked. They
// get the checks that need no types, the same as secretlint scan runs on
// a Go file: provider rules over the text, secret names, known credential
// APIs and same-file helpers, with the file's own directives and the test
// policy. Their diagnostics say "(in a file this build excludes)".
//
// A directory whose every Go file is excluded (an e2e suite, a
// //go:build ignore generator) is no package of the build, and go vet
// ./... runs no pass for it. Its files get the same checks, once, from the
// pass of the nearest package above it or, where no directory up to the
// module root holds one, from the module's first package in lexical
// order; their diagnostics say "(in a package this build excludes)".
// Nested modules, testdata, vendor and dot or underscore directories are
// not entered, and no link is followed. go vet does not hand -tags to the
// vet tool, so give build tags in GOFLAGS (GOFLAGS=-tags=e2e go vet …):
// with -tags on the command line a tagged directory is checked by its own
// pass and again as excluded. go vet caches a clean result by the
// package's own files: after an edit to an excluded file only, run go vet
// -a, or use secretlint scan, which reads every file.
//
// Suppression: write //secretlint:ignore <rule> <reason> on the line of
// the literal or the line above; several rules may be given separated by commas. The
// reason is required. A directive without a reason or naming an unknown
// rule is reported as invalid-suppression; a valid directive that
// suppresses nothing, by either analyzer, is reported as
// unused-suppression (a directive for a rule that is disabled, or that is
// quiet in a test file, is not). A gitleaks:allow comment on the line
// suppresses every rule there, for compatibility with gitleaks.
//
// No suggested fixes are offered: replacing a secret with a lookup changes
// behaviour and needs the secret stored somewhere first (secretlint
// remediate does that, outside go vet).
//
// Known false-positive shapes: a high-entropy test vector under a secret
// name outside a _test.go file (a fixture package); a sample token in
// documentation code. Suppress them with a directive, or list the paths in
// allow.paths.
package secretliteral

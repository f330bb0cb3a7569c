package rules

import (
	"go/ast"
	"regexp"
	"strings"
)

// Names that Go code gives a value by its context, shared by the
// analyzers and scan's syntax-level Go pass.

// ResultName is what a function's single result is called after its
// name, without a leading verb: apiToken → apiToken, getDBPassword →
// db_password.
func ResultName(fn string) string {
	words := SplitWords(fn)
	if len(words) > 1 {
		switch words[0] {
		case "get", "fetch", "load", "read", "lookup", "default", "must", "new", "make", "build", "gen", "generate":
			return strings.Join(words[1:], "_")
		}
	}
	return fn
}

// reKeyName is a constant that can be a key: a name, not text.
var reKeyName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)

// IsKeyName reports whether a constant can be a key or a variable name
// (DB_PASSWORD, api_key, spring.datasource.password), not text.
func IsKeyName(s string) bool { return reKeyName.MatchString(s) }

// KeyedCall reports whether a function or method stores or defaults a
// value under the key given as its first argument: Set, Add, Put, Store,
// Setenv, SetDefault …, or a name that says environment or default
// (getenv, EnvOr, GetOrDefault).
func KeyedCall(name string) bool {
	switch name {
	case "Set", "Add", "Put", "Store", "SetDefault", "Upsert", "Insert", "SetString", "Setenv", "setenv":
		return true
	}
	l := strings.ToLower(name)
	return strings.Contains(l, "env") || strings.HasSuffix(l, "default") || strings.HasPrefix(l, "get") && strings.HasSuffix(l, "or")
}

// CalleeName is the name of the called function or method: Set for
// form.Set, getenv for getenv, F for pkg.F[T].
func CalleeName(fun ast.Expr) string {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		return CalleeName(f.X)
	case *ast.IndexListExpr:
		return CalleeName(f.X)
	}
	return ""
}

// CommandArgs checks the arguments of a command (exec.Command's, the
// ones known as constants), joined by spaces, for a password given on the
// command line: mysqldump -u root -pSECRET. It returns which argument
// holds the password and its span there.
func CommandArgs(args []string) (arg int, span Span, ok bool) {
	line := strings.Join(args, " ")
	if !MayHoldCLIPassword(line) {
		return 0, Span{}, false
	}
	v := CheckCLIPassword(Candidate{Value: line})
	if !v.Match {
		return 0, Span{}, false
	}
	start := 0
	for i, a := range args {
		if start <= v.Start && v.End <= start+len(a) {
			return i, Span{v.Start - start, v.End - start}, true
		}
		start += len(a) + 1
	}
	return 0, Span{}, false
}

// FormatArgs checks a printf-style format and its arguments, as
// fmt.Sprintf would join them, for a password inside a URL or connection
// string: fmt.Sprintf("host=%s user=%s password=%s", host, "app", "…").
// args[i] is the i-th argument's constant text, or nil when it is not a
// constant (rendered as a reference, which is no finding). It returns the
// argument that holds the password, its span there and the URL format
// (url, mysql-dsn, keyvalue). A password written in the format itself is
// the format literal's own finding, not this one.
func FormatArgs(format string, args []*string) (arg int, span Span, kind string, ok bool) {
	var b strings.Builder
	type piece struct{ arg, start, end int }
	var pieces []piece
	next := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			b.WriteString(format[i:])
			break
		}
		if format[j] == '%' {
			b.WriteByte('%')
			i = j
			continue
		}
		if next < len(args) && args[next] != nil && strings.IndexByte("svq", format[j]) >= 0 {
			pieces = append(pieces, piece{next, b.Len(), b.Len() + len(*args[next])})
			b.WriteString(*args[next])
		} else {
			b.WriteString("${ARG}")
		}
		next++
		i = j
	}
	if len(pieces) == 0 {
		return 0, Span{}, "", false
	}
	s := b.String()
	v := CheckURLCredentials(Candidate{Value: s})
	if !v.Match {
		return 0, Span{}, "", false
	}
	for _, p := range pieces {
		if p.start <= v.Start && v.End <= p.end {
			return p.arg, Span{v.Start - p.start, v.End - p.start}, v.Reason, true
		}
	}
	return 0, Span{}, "", false
}

// EnvLookup reports whether pkg.fn reads an environment variable named by
// its first argument: os.Getenv, os.LookupEnv, syscall.Getenv.
func EnvLookup(pkg, fn string) bool {
	switch pkg {
	case "os":
		return fn == "Getenv" || fn == "LookupEnv"
	case "syscall":
		return fn == "Getenv"
	}
	return false
}

// FirstNonEmpty reports whether pkg.fn returns its first non-zero
// argument, so that a literal after an environment lookup is the lookup's
// fallback: cmp.Or(os.Getenv("API_KEY"), "…").
func FirstNonEmpty(pkg, fn string) bool {
	return pkg == "cmp" && fn == "Or"
}

// FlagDefault reports which arguments of a call of fn in package pkg are a
// command-line flag's name and its default value: flag.String(name,
// value, usage) and flag.StringVar(p, name, value, usage), pflag's
// StringP(name, shorthand, value, usage) and StringVarP(p, name,
// shorthand, value, usage), and the same methods of a FlagSet (cobra's
// cmd.Flags() is a pflag.FlagSet). The default is the value the program
// runs with when the flag is not given, so under a secret-named flag
// (--db-password) a literal default is a hardcoded credential.
func FlagDefault(pkg, fn string) (nameArg, valueArg int, ok bool) {
	if pkg != "flag" && pkg != "github.com/spf13/pflag" {
		return 0, 0, false
	}
	switch fn {
	case "String":
		return 0, 1, true
	case "StringVar":
		return 1, 2, true
	case "StringP":
		return 0, 2, true
	case "StringVarP":
		return 1, 3, true
	}
	return 0, 0, false
}

// FlagImport returns the flag package whose FlagSet methods a file that
// imports path calls, for callers without types: "flag" and pflag for
// themselves, pflag for cobra (cmd.Flags()); "" for any other import.
func FlagImport(path string) string {
	switch path {
	case "flag", "github.com/spf13/pflag":
		return path
	case "github.com/spf13/cobra":
		return "github.com/spf13/pflag"
	}
	return ""
}

// KingpinPackage reports whether path is kingpin, whose flags are
// declared app.Flag(name, help).Default(value).String().
func KingpinPackage(path string) bool {
	return path == "gopkg.in/alecthomas/kingpin.v2" || path == "github.com/alecthomas/kingpin/v2" || path == "github.com/alecthomas/kingpin"
}

// EqualityFunc reports whether pkg.fn compares its first two arguments
// for equality, so that a literal on one side is what the other must be:
// subtle.ConstantTimeCompare, hmac.Equal, bytes.Equal, strings.EqualFold.
func EqualityFunc(pkg, fn string) bool {
	switch pkg {
	case "crypto/subtle":
		return fn == "ConstantTimeCompare"
	case "crypto/hmac":
		return fn == "Equal"
	case "bytes", "strings":
		return fn == "Equal" || fn == "EqualFold" || fn == "Compare"
	}
	return false
}

// CredentialResult names the credential that result i of n of a call to
// a method named fn returns: (*http.Request).BasicAuth() returns the
// user, the password and ok, so its second result is a password.
func CredentialResult(fn string, i, n int) string {
	if fn == "BasicAuth" && n == 3 && i == 1 {
		return "password"
	}
	return ""
}

// KeyedGetter reports whether a method named fn returns the value a
// request (or the environment) holds under the key given as its first
// argument: Header.Get("Authorization"), r.FormValue("password"),
// URL.Query().Get("token"), gin's c.GetHeader and c.Query, echo's
// c.QueryParam, os.Getenv. Under a secret-named key the value is a
// credential, and a literal compared with it is the credential expected.
func KeyedGetter(fn string) bool {
	switch fn {
	case "Get", "GetHeader", "FormValue", "PostFormValue", "Query", "QueryParam", "FormParam", "Param", "PostForm", "Getenv":
		return true
	}
	return false
}

// loginUser is a login name as a default account is written: a short
// lowercase word (admin, root, svc, billing_svc, ci-bot).
var loginUser = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)

// LoginPair reports whether two literals returned together by a function
// whose two results are unnamed strings are a login: a user name, then a
// password chosen as passwords are (eight characters or more, letters and
// digits with upper and lower case or with a symbol) that the
// hardcoded-credential rule would report under the name password. It is
// how func Fallback() (string, string) { return "admin", "…" } is read
// without a secret name anywhere; (scheme, host), (key, value) and
// (name, version) pairs are not passwords by that test.
func LoginPair(names *Names, user, pass string) bool {
	if !loginUser.MatchString(user) || len(pass) < 8 || strings.ContainsAny(pass, " \t/:@") {
		return false
	}
	up, low, dig, sym := CharClasses(pass)
	if !dig || (!up || !low) && (!sym || !up && !low) {
		return false
	}
	return CheckAssignment(names, Candidate{Name: "password", Value: pass}).Match
}

// DecoderWrapper reports whether fd is a local wrapper of a decoder: a
// function of one parameter whose body decodes that parameter with a call
// isDecoder accepts (hex or base64 DecodeString) and returns what it
// decoded, directly or through a variable, handling the error
// (func mustB64(s string) []byte { b, err := base64.StdEncoding.DecodeString(s);
// if err != nil { panic(err) }; return b }). A literal passed to it is the
// key it returns, as one passed to the decoder is.
func DecoderWrapper(fd *ast.FuncDecl, isDecoder func(*ast.CallExpr) bool) bool {
	if fd.Body == nil || fd.Recv != nil || fd.Type.Results == nil || len(fd.Type.Params.List) != 1 ||
		len(fd.Type.Params.List[0].Names) != 1 || len(fd.Body.List) > 6 {
		return false
	}
	param := fd.Type.Params.List[0].Names[0].Name
	decodes := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return false
		}
		id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
		return ok && id.Name == param && isDecoder(call)
	}
	decoded := "" // the variable given the decoded bytes
	ok, returned := true, false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && len(n.Lhs) >= 1 && decodes(n.Rhs[0]) {
				if id, isID := n.Lhs[0].(*ast.Ident); isID && id.Name != "_" {
					decoded = id.Name
				}
			}
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				ok = false
				return false
			}
			r := ast.Unparen(n.Results[0])
			if id, isID := r.(*ast.Ident); isID && (id.Name == decoded && decoded != "" || id.Name == "nil") || decodes(r) {
				returned = returned || !isID || id.Name != "nil"
				return false
			}
			ok = false
		}
		return true
	})
	return ok && returned
}

// notSecretKeyWords are words before key that make a key a name, an
// index or a label rather than a credential (cacheKey, sortKey,
// labelKeys, routingKey of a message broker is judged by its value).
var notSecretKeyWords = map[string]bool{
	"cache": true, "map": true, "sort": true, "lookup": true, "label": true, "labels": true,
	"annotation": true, "annotations": true, "header": true, "headers": true, "field": true,
	"fields": true, "column": true, "primary": true, "foreign": true, "env": true, "config": true,
	"context": true, "ctx": true, "partition": true, "shard": true, "index": true, "idempotency": true,
	"dedup": true, "group": true, "object": true, "bucket": true, "s3": true, "metric": true,
	"metadata": true, "query": true, "param": true, "json": true, "yaml": true, "attr": true,
	"attribute": true, "tag": true, "store": true, "registry": true, "type": true,
	"resource": true, "cluster": true, "node": true, "pod": true, "namespace": true, "feature": true,
	"flag": true, "hash": true, "name": true, "id": true, "state": true, "event": true, "trace": true,
	"log": true, "public": true, "host": true, "ssh": true, "gpg": true, "pgp": true, "known": true,
}

// KeyJudge returns the name to judge a value by when name says it holds
// keys of an API without a secret term (oceanKey, routingKeys,
// partnerKeys): a secret name whose values must look generated (an api
// key's), so that words, paths and dotted names under it stay names.
// It returns "", false for a name whose last word (singular) is not key,
// or whose word before it makes the key an index, a label or a public key.
func KeyJudge(name string) (string, bool) {
	w := SplitWords(name)
	if len(w) < 2 {
		return "", false
	}
	last := w[len(w)-1]
	if last != "key" && last != "keys" {
		return "", false
	}
	prev := w[len(w)-2]
	if notSecretKeyWords[prev] || negPrefix[prev] || isDigits(prev) {
		return "", false
	}
	return "api_key", true
}

// pairUser is the user of a (user, password) pair written in a collection
// whose name says it holds credentials: a login name in any case
// (HAULCRAFT01, svc-api, ops@corp).
var pairUser = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._@-]{1,63}$`)

// CredentialPair reports whether {user, pass}, two strings written as one
// element of a collection whose name is a secret name (basicCreds,
// logins map[string][2]string), is a login whose password is a secret:
// the user is a login name and the password is judged as one.
func CredentialPair(names *Names, user, pass string) bool {
	if !pairUser.MatchString(user) || strings.EqualFold(user, pass) {
		return false
	}
	return CheckAssignment(names, Candidate{Name: "password", Value: pass}).Match
}

// CollectionJudge says how the elements of a collection literal (a map,
// a slice, an array, an anonymous struct: a named struct type's fields
// name their values) given to the variable name are judged when they have
// no secret name of their own: judge is the name each string element is
// judged by ("" for none), pairs whether a two-string element is a (user,
// password) login (CredentialPair). A secret name whose values are
// generated (partnerSecrets, apiTokens) judges them by itself; one whose
// values people choose (basicCreds, passwords) judges only login pairs,
// since its other strings are user names as often; a name of API keys
// (routingKeys, KeyJudge) judges them as api keys.
func CollectionJudge(names *Names, name string) (judge string, pairs bool) {
	if term, ok := names.Match(name); ok {
		if names.Weak(term) {
			return "", false // parcelOAuth: a client's settings, each under its own name
		}
		if names.Chosen(term) {
			return "", true
		}
		return name, true
	}
	if k, ok := KeyJudge(name); ok {
		return k, false
	}
	return "", false
}

// ConstantResults returns, for each of a function body's n results, the
// expression every return statement gives it when each gives the same
// string (value reads an expression's string: a literal in scan, a
// constant in vet), or nil where they differ or one is not a string; nil
// when no result is one, a return is bare or returns a call's results.
// Function literals' returns are their own.
func ConstantResults(body *ast.BlockStmt, n int, value func(ast.Expr) (string, bool)) []ast.Expr {
	if body == nil || n == 0 {
		return nil
	}
	var returns []*ast.ReturnStmt
	ok := true
	ast.Inspect(body, func(node ast.Node) bool {
		switch r := node.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			ok = ok && len(r.Results) == n // not a bare return or a call's results
			returns = append(returns, r)
		}
		return ok
	})
	if !ok || len(returns) == 0 {
		return nil
	}
	rs := make([]ast.Expr, n)
	found := false
	for i := range n {
		var first string
		for j, r := range returns {
			v, ok := value(r.Results[i])
			if !ok || j > 0 && v != first {
				rs[i] = nil
				break
			}
			if j == 0 {
				rs[i], first = r.Results[i], v
			}
		}
		found = found || rs[i] != nil
	}
	if !found {
		return nil
	}
	return rs
}

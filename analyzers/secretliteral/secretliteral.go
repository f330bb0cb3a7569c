package secretliteral

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/secretlint-go/secretlint/analyzers/internal/core"
	"github.com/secretlint-go/secretlint/analyzers/secretsink"
	"github.com/secretlint-go/secretlint/rules"
)

//go:embed doc.go
var doc string

// analyzerDoc is the analyzer's Doc, extracted once: every analyzer made
// by this package shares it, and go vet starts the tool once per package.
var analyzerDoc = core.MustExtractDoc(doc, Name)

// Name is the analyzer's name.
const Name = "secretliteral"

// Analyzer reports hardcoded secrets in string constants, with the default
// configuration, loaded when the analyzer first runs.
var Analyzer = New(nil)

// DefaultConfig returns the configuration without a user file, for callers
// that adjust it before calling New.
func DefaultConfig() *rules.Config { return core.DefaultConfig() }

// New returns the analyzer for a configuration, with its own secretsink
// analyzer for the same configuration. A nil configuration means the
// defaults, loaded when the analyzer first runs (see secretsink.New).
func New(cfg *rules.Config) *analysis.Analyzer {
	return NewWithSink(cfg, secretsink.New(cfg))
}

// NewWithSink returns the analyzer reading the result of sink, an analyzer
// made by secretsink.New for the same configuration. Drivers that list both
// analyzers pass the instance they list, so that it runs once per package.
func NewWithSink(cfg *rules.Config, sink *analysis.Analyzer) *analysis.Analyzer {
	load := core.Lazy(cfg)
	return &analysis.Analyzer{
		Name:             Name,
		Doc:              analyzerDoc,
		URL:              core.URL(Name),
		Requires:         []*analysis.Analyzer{inspect.Analyzer, sink},
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			return nil, run(pass, load(), sink)
		},
	}
}

// Priorities: when several rules match at one place, the most specific one
// is reported.
const (
	prioProvider = iota
	prioURL
	prioEnvDefault
	prioName
	prioGeneric // gitleaks' generic-api-key: a keyword and some entropy
)

type candidate struct {
	core.Finding
	prio   int
	direct bool // written at a named place, not reached through a variable
	// named: a generic match found through the name of the place
	// (namedGeneric); it stands in for no other rule, so it is not
	// reported where another candidate was disabled or quiet.
	named bool
}

type checker struct {
	pass  *analysis.Pass
	cfg   *rules.Config
	rep   *core.Reporter
	fold  *core.Folder
	sink  *secretsink.Result
	cands []candidate
	// place records where a constant value expression goes, for messages
	// about it and for rules that look at the name (env-default-secret).
	place map[ast.Expr]placeRef
	// secret memoizes Names.Match over identifiers and keys.
	secret map[string]bool
}

// placeRef is where a value goes, rendered only when a message needs it:
// "assigned to apiKey", "stored under key password", "passed as password
// to pkg.login", "compared with password".
type placeRef struct {
	verb string
	name string        // the identifier or key
	expr ast.Expr      // printed instead of name, when set
	call *ast.CallExpr // for "passed as": the call, named in the message
}

func (c *checker) placeText(p placeRef) string {
	if p.verb == "" {
		return ""
	}
	what := p.name
	if p.expr != nil {
		what = types.ExprString(p.expr)
	}
	if p.call != nil {
		fname := types.ExprString(p.call.Fun)
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, p.call).(*types.Func); ok {
			fname = fn.FullName()
		}
		return p.verb + " " + what + " to " + fname
	}
	return p.verb + " " + what
}

// secretName reports whether a name names a secret, memoized.
func (c *checker) secretName(name string) bool {
	ok, seen := c.secret[name]
	if !seen {
		_, ok = c.cfg.Names.Match(name)
		c.secret[name] = ok
	}
	return ok
}

func run(pass *analysis.Pass, cfg *rules.Config, sink *analysis.Analyzer) error {
	det, err := cfg.Detector()
	if err != nil {
		return fmt.Errorf("loading gitleaks rules: %w", err)
	}
	c := &checker{
		pass:   pass,
		cfg:    cfg,
		rep:    core.NewReporter(pass, cfg),
		fold:   core.NewFolder(pass.Pkg, pass.TypesInfo, pass.Files),
		sink:   pass.ResultOf[sink].(*secretsink.Result),
		place:  map[ast.Expr]placeRef{},
		secret: map[string]bool{},
	}
	c.rep.Dirs.MarkUsed(c.sink.Used)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)

	// Named places: declarations, assignments, fields, map keys,
	// parameters and comparisons.
	filter := []ast.Node{(*ast.ValueSpec)(nil), (*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil), (*ast.CallExpr)(nil), (*ast.BinaryExpr)(nil), (*ast.SwitchStmt)(nil), (*ast.FuncDecl)(nil)}
	insp.Preorder(filter, func(n ast.Node) {
		if !c.rep.SkipPos(n.Pos()) {
			c.namedPlaces(n)
		}
	})

	// Every maximal constant string expression, per file.
	perFile := map[*token.File][]constString{}
	var order []*token.File
	insp.Nodes(nil, func(n ast.Node, push bool) bool {
		if !push {
			return true
		}
		if f, ok := n.(*ast.File); ok {
			return !c.rep.Skip(f)
		}
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		tv, ok := pass.TypesInfo.Types[e]
		if !ok || tv.Value == nil {
			return true
		}
		if val, ok := c.fold.Const(e); ok && !constUse(val) {
			tf := pass.Fset.File(e.Pos())
			if _, seen := perFile[tf]; !seen {
				order = append(order, tf)
			}
			perFile[tf] = append(perFile[tf], constString{expr: e, val: val})
		}
		return false
	})
	for _, tf := range order {
		c.constStrings(det, tf.Name(), perFile[tf])
	}
	c.report()
	c.ignoredFiles()
	c.rep.ReportDirectives()
	return nil
}

type constString struct {
	expr ast.Expr
	val  core.Value
}

// constUse reports whether a constant expression is just the use of a
// named constant: its text is written, and judged, where the constant is
// declared.
func constUse(v core.Value) bool {
	return len(v.Leaves) == 1 && v.Leaves[0].Via != ""
}

// namedPlaces records where values go and judges the ones whose place has
// a secret name.
func (c *checker) namedPlaces(n ast.Node) {
	info := c.pass.TypesInfo
	switch n := n.(type) {
	case *ast.ValueSpec:
		if call := c.fold.DecodedPair(n.Values, len(n.Names)); call != nil {
			// var kek, _ = base64.StdEncoding.DecodeString("…")
			c.site(n.Names[0].Name, call, placeRef{verb: "assigned to", name: n.Names[0].Name})
			return
		}
		if len(n.Names) != len(n.Values) {
			return
		}
		for i, id := range n.Names {
			at := placeRef{verb: "assigned to", name: id.Name}
			if c.siblingUserDefault(id) {
				// DefaultPGPassword = "haulcraft" beside DefaultPGUser =
				// "haulcraft": a local default, not a secret.
				c.site("", n.Values[i], at)
				continue
			}
			if obj := info.Defs[id]; obj != nil && c.enumType(obj.Type()) {
				// SymmetricSecret SecretType = "symmetric": an enum
				// value whose type does not say it holds a secret.
				c.site("", n.Values[i], at)
				continue
			}
			c.site(id.Name, n.Values[i], at)
			c.collection(id.Name, n.Values[i])
		}
	case *ast.AssignStmt:
		if call := c.fold.DecodedPair(n.Rhs, len(n.Lhs)); call != nil {
			// key, err := hex.DecodeString("…")
			if id, ok := ast.Unparen(n.Lhs[0]).(*ast.Ident); ok {
				c.site(id.Name, call, placeRef{verb: "assigned to", name: id.Name})
			}
			return
		}
		if (n.Tok != token.ASSIGN && n.Tok != token.DEFINE) || len(n.Lhs) != len(n.Rhs) {
			return
		}
		for i, lhs := range n.Lhs {
			l := ast.Unparen(lhs)
			if st, ok := l.(*ast.StarExpr); ok {
				// *token = "…": a value stored through a pointer (a flag's
				// result) is named by the pointer, as scan names it.
				l = ast.Unparen(st.X)
			}
			switch l := l.(type) {
			case *ast.Ident:
				c.site(l.Name, n.Rhs[i], placeRef{verb: "assigned to", name: l.Name})
				c.collection(l.Name, n.Rhs[i])
				if env := c.fold.EnvName(l); env != "" && !c.secretName(l.Name) {
					// k := os.Getenv("API_KEY"); if k == "" { k = "…" }:
					// the fallback stands for the variable.
					c.site(env, n.Rhs[i], placeRef{verb: "given as the fallback of", name: env})
				}
			case *ast.SelectorExpr:
				c.site(l.Sel.Name, n.Rhs[i], placeRef{verb: "assigned to", name: l.Sel.Name, expr: l})
			case *ast.IndexExpr:
				if key, ok := c.fold.Const(l.Index); ok {
					c.site(key.S, n.Rhs[i], placeRef{verb: "stored under key", name: key.S})
				}
			}
		}
	case *ast.CompositeLit:
		t := info.TypeOf(n)
		if t == nil {
			return
		}
		u := t.Underlying()
		if p, ok := u.(*types.Pointer); ok {
			u = p.Elem().Underlying()
		}
		switch u := u.(type) {
		case *types.Struct:
			var named, value ast.Expr
			fields := make([]string, u.NumFields())
			for i := range fields {
				fields[i] = u.Field(i).Name()
			}
			for i, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						c.site(rules.PairedName(id.Name, fields), kv.Value, placeRef{verb: "assigned to field", name: id.Name})
						switch id.Name {
						case "Name", "Key":
							named = kv.Value
						case "Value":
							value = kv.Value
						}
					}
				} else if len(n.Elts) == u.NumFields() {
					// User{"alice", "Al1ce-Pw-2024"}: fields by position.
					fld := u.Field(i).Name()
					c.site(rules.PairedName(fld, fields), elt, placeRef{verb: "assigned to field", name: fld})
				}
			}
			// EnvVar{Name: "API_TOKEN", Value: "…"}: a name/value pair.
			if named != nil && value != nil {
				if key, ok := c.fold.Const(named); ok {
					c.site(key.S, value, placeRef{verb: "given as the value of", name: key.S})
				}
			}
		case *types.Map:
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if key, ok := c.fold.Const(kv.Key); ok {
						judge := key.S
						if val, ok := c.fold.Const(kv.Value); ok {
							judge = rules.EntryName(key.S, val.S) // a login's password
						}
						c.site(judge, kv.Value, placeRef{verb: "stored under key", name: key.S})
					}
				}
			}
			_ = u
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[n.Fun]; !ok || tv.IsType() || tv.IsBuiltin() {
			return
		}
		sig, ok := info.TypeOf(n.Fun).Underlying().(*types.Signature)
		if !ok || n.Ellipsis.IsValid() {
			return
		}
		if env, fb := c.fold.EnvFallback(n); fb != nil {
			// cmp.Or(os.Getenv("API_KEY"), "…")
			c.site(env, fb, placeRef{verb: "given as the fallback of", name: env})
		}
		params := sig.Params()
		for i, arg := range n.Args {
			pi := i
			if sig.Variadic() && pi >= params.Len()-1 {
				pi = params.Len() - 1
			}
			if pi >= params.Len() {
				break
			}
			p := params.At(pi).Name()
			if p == "" || p == "_" {
				continue
			}
			c.site(p, arg, placeRef{verb: "passed as", name: p, call: n})
		}
		// exec.Command("mysqldump", "-u", "root", "-pSECRET"): the
		// arguments make one command line.
		if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != nil {
			c.flagDefault(n, fn)
			if rules.EqualityFunc(fn.Pkg().Path(), fn.Name()) && len(n.Args) >= 2 {
				// subtle.ConstantTimeCompare([]byte(token), []byte("…"))
				c.compare(n.Args[0], n.Args[1])
			}
			switch {
			case fn.Pkg().Path() == "os/exec" && (fn.Name() == "Command" || fn.Name() == "CommandContext"):
				c.commandLine(n.Args)
			case fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(n.Args) >= 2:
				c.sprintf(n.Args[0], n.Args[1:])
			}
		}
		// form.Set("password", "…"), store.Put("api_key", "…"),
		// getenv("DB_PASSWORD", "…"): a value stored or defaulted under a
		// constant key.
		if len(n.Args) >= 2 && rules.KeyedCall(rules.CalleeName(n.Fun)) {
			if key, ok := c.fold.Const(n.Args[0]); ok && rules.IsKeyName(key.S) {
				c.site(key.S, n.Args[1], placeRef{verb: "stored under key", name: key.S})
			}
		}
	case *ast.SwitchStmt:
		// switch apiKey { case "…": }: each case is a comparison.
		if n.Tag == nil || info.Types[n.Tag].Value != nil {
			return
		}
		var name string
		switch x := ast.Unparen(n.Tag).(type) {
		case *ast.Ident:
			name = x.Name
		case *ast.SelectorExpr:
			name = x.Sel.Name
		default:
			return
		}
		for _, cl := range n.Body.List {
			if cc, ok := cl.(*ast.CaseClause); ok {
				for _, e := range cc.List {
					c.site(name, e, placeRef{verb: "compared with", name: name, expr: n.Tag})
				}
			}
		}
	case *ast.FuncDecl:
		c.returns(n)
	case *ast.BinaryExpr:
		if n.Op == token.ADD {
			c.basicAuth(n)
			return
		}
		if n.Op != token.EQL && n.Op != token.NEQ {
			return
		}
		c.compare(n.X, n.Y)
	}
}

// siblingUserDefault reports whether id declares a package-level string
// constant equal to the constant of the same file naming its user
// (rules.SiblingUserDefault), as scan decides it from one file.
func (c *checker) siblingUserDefault(id *ast.Ident) bool {
	obj, ok := c.pass.TypesInfo.Defs[id].(*types.Const)
	return ok && siblingUserConst(c.pass.Fset, obj)
}

// usesSiblingUserDefault reports whether val comes whole from a constant
// that is a sibling user default (c.PGPassword = DefaultPGPassword):
// judged where it is declared, where it is none.
func (c *checker) usesSiblingUserDefault(val core.Value) bool {
	leaf := val.LeafAt(0)
	if leaf.Node == nil || leaf.End-leaf.Start != len(val.S) {
		return false
	}
	obj := leaf.Const
	if obj == nil && leaf.Via != "" {
		obj, _ = c.pass.Pkg.Scope().Lookup(leaf.Via).(*types.Const)
	}
	return obj != nil && siblingUserConst(c.pass.Fset, obj)
}

// siblingUserConst is rules.SiblingUserDefault for a package-level
// string constant and the constants of its file.
func siblingUserConst(fset *token.FileSet, obj *types.Const) bool {
	if obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() || obj.Val().Kind() != constant.String {
		return false
	}
	file := fset.File(obj.Pos())
	return rules.SiblingUserDefault(obj.Name(), constant.StringVal(obj.Val()), func(n string) (string, bool) {
		u, ok := obj.Pkg().Scope().Lookup(n).(*types.Const)
		if !ok || u.Val().Kind() != constant.String || fset.File(u.Pos()) != file {
			return "", false
		}
		return constant.StringVal(u.Val()), true
	})
}

// compare judges a comparison of x with y (==, !=, an equality function):
// a literal on one side compared with a credential on the other is the
// credential expected.
func (c *checker) compare(x, y ast.Expr) {
	for _, pair := range [][2]ast.Expr{{x, y}, {y, x}} {
		if tv := c.pass.TypesInfo.Types[pair[0]]; tv.Value != nil {
			continue // a constant compared with a value: not a named place
		}
		if name := c.operandName(pair[0]); name != "" {
			c.site(name, pair[1], placeRef{verb: "compared with", name: name, expr: pair[0]})
		}
	}
}

// operandName names the value an operand of a comparison holds: its
// identifier or field name when that names a secret, else what it was
// read from: the password of (*http.Request).BasicAuth, a request value
// or environment variable looked up under a secret-named key
// (r.Header.Get("Authorization"), r.FormValue("api_key")), directly or
// through a variable defined once.
func (c *checker) operandName(e ast.Expr) string {
	e = c.unwrap(e)
	var own string
	switch x := e.(type) {
	case *ast.Ident:
		own = x.Name
		if c.secretName(own) {
			return own
		}
		expr, call, result, results := c.fold.Origin(x)
		if call != nil {
			if name := rules.CredentialResult(rules.CalleeName(call.Fun), result, results); name != "" {
				return name
			}
			return own
		}
		if expr != nil {
			if call, ok := c.unwrap(expr).(*ast.CallExpr); ok {
				if key := c.keyedGet(call); key != "" {
					return key
				}
			}
		}
		return own
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.CallExpr:
		return c.keyedGet(x)
	}
	return ""
}

// keyedGet returns the key of a lookup under a secret-named key
// (r.Header.Get("Authorization"), os.Getenv("API_TOKEN")), else "".
func (c *checker) keyedGet(call *ast.CallExpr) string {
	if len(call.Args) != 1 || !rules.KeyedGetter(rules.CalleeName(call.Fun)) {
		return ""
	}
	key, ok := c.fold.Const(call.Args[0])
	if !ok || !rules.IsKeyName(key.S) || !c.secretName(key.S) && !rules.SecretHeader(c.cfg.Names, key.S) {
		return ""
	}
	return key.S
}

// flagDefault judges the default value of a command-line flag under the
// flag's name: flag.String("db-password", "…", usage), pflag and cobra's
// Flags().StringVarP(&p, "api-token", "t", "…", usage), kingpin's
// Flag("db-password", help).Default("…").
func (c *checker) flagDefault(n *ast.CallExpr, fn *types.Func) {
	nameArg, valueArg, ok := rules.FlagDefault(fn.Pkg().Path(), fn.Name())
	if !ok && rules.KingpinPackage(fn.Pkg().Path()) && fn.Name() == "Default" && len(n.Args) == 1 {
		// app.Flag(name, help)[.Envar(…)…].Default("…")
		for recv := n.Fun; ; {
			sel, ok := ast.Unparen(recv).(*ast.SelectorExpr)
			if !ok {
				return
			}
			call, ok := ast.Unparen(sel.X).(*ast.CallExpr)
			if !ok {
				return
			}
			if rules.CalleeName(call.Fun) == "Flag" && len(call.Args) >= 1 {
				if name, ok := c.fold.Const(call.Args[0]); ok {
					c.site(name.S, n.Args[0], placeRef{verb: "given as the default of flag", name: name.S})
				}
				return
			}
			recv = call.Fun
		}
	}
	if !ok || valueArg >= len(n.Args) {
		return
	}
	if name, ok := c.fold.Const(n.Args[nameArg]); ok {
		c.site(name.S, n.Args[valueArg], placeRef{verb: "given as the default of flag", name: name.S})
	}
}

// commandLine checks the constant arguments of a command, joined by
// spaces, for a password given on the command line.
func (c *checker) commandLine(args []ast.Expr) {
	var known []constString
	var texts []string
	for _, a := range args {
		if v, ok := c.fold.Const(a); ok {
			known = append(known, constString{expr: a, val: v})
			texts = append(texts, v.S)
		}
	}
	if i, sp, ok := rules.CommandArgs(texts); ok {
		c.addConst(prioName, "cli-password", known[i], sp.Start, sp.End, "password on a command line")
	}
}

// basicAuth checks "Basic " + base64.StdEncoding.EncodeToString([]byte("user:pass")):
// an Authorization header built at run time from literal credentials.
func (c *checker) basicAuth(n *ast.BinaryExpr) {
	prefix, ok := c.fold.Const(n.X)
	if !ok || !strings.EqualFold(strings.TrimSpace(prefix.S), "basic") {
		return
	}
	call, ok := ast.Unparen(n.Y).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/base64" || fn.Name() != "EncodeToString" {
		return
	}
	val, ok := c.fold.Resolve(call.Args[0])
	if !ok {
		return
	}
	i := strings.IndexByte(val.S, ':')
	if i <= 0 || i == len(val.S)-1 || strings.ContainsAny(val.S, " \t\n") {
		return
	}
	if v := rules.CheckSinkLiteral(rules.Candidate{Value: val.S[i+1:]}); v.Match {
		c.add(prioURL, "credential-sink", val, i+1, len(val.S), "basic-auth password", "encoded into an Authorization header")
	}
}

// sprintf checks a DSN or URL built by fmt.Sprintf from a constant format
// and literal arguments (fmt.Sprintf("host=%s password=%s", h, "…")): the
// password is reported at the literal it comes from.
func (c *checker) sprintf(format ast.Expr, args []ast.Expr) {
	f, ok := c.fold.Const(format)
	if !ok || !strings.Contains(f.S, "%") || !strings.ContainsAny(f.S, "@=") {
		return
	}
	texts := make([]*string, len(args))
	vals := make([]core.Value, len(args))
	for i, a := range args {
		if v, ok := c.fold.Resolve(a); ok {
			vals[i] = v
			texts[i] = &vals[i].S
		}
	}
	if i, sp, kind, ok := rules.FormatArgs(f.S, texts); ok {
		c.add(prioURL, "url-credentials", vals[i], sp.Start, sp.End, "password in "+formatName(kind), "passed to fmt.Sprintf")
	}
}

// collection judges the elements of a slice or map literal held by a
// plural secret name (passwords := map[string]string{"alice": "…"}) under
// the singular name.
func (c *checker) collection(name string, value ast.Expr) {
	cl, ok := ast.Unparen(value).(*ast.CompositeLit)
	if !ok {
		return
	}
	if !strings.HasSuffix(name, "s") || c.secretName(name) {
		c.namedCollection(name, cl)
		return
	}
	one := strings.TrimSuffix(name, "s")
	if !c.secretName(one) {
		c.namedCollection(name, cl)
		return
	}
	for _, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if key, ok := c.fold.Const(kv.Key); ok && c.secretName(key.S) {
				continue // judged under its own key
			}
			elt = kv.Value
		}
		c.site(one, elt, placeRef{verb: "stored in", name: name})
	}
}

// namedCollection judges the elements of a map, slice or struct literal
// given to a variable whose name says what they are
// (rules.CollectionJudge): basicCreds, partnerSecrets, routingKeys.
func (c *checker) namedCollection(name string, cl *ast.CompositeLit) {
	switch cl.Type.(type) {
	case *ast.MapType, *ast.ArrayType, *ast.StructType:
	default:
		return // a named type's fields name their values
	}
	judge, pairs := rules.CollectionJudge(c.cfg.Names, name)
	if judge == "" && !pairs {
		return
	}
	for _, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			key := ""
			if id, ok := kv.Key.(*ast.Ident); ok && c.pass.TypesInfo.Types[kv.Key].Value == nil {
				key = id.Name // a struct field
			} else if k, ok := c.fold.Const(kv.Key); ok {
				key = k.S
			}
			if key != "" && c.secretName(key) {
				continue // judged under its own key
			}
			elt = kv.Value
		}
		if pair, ok := ast.Unparen(elt).(*ast.CompositeLit); ok {
			if pairs && len(pair.Elts) == 2 {
				user, ok1 := c.fold.Const(pair.Elts[0])
				pass, ok2 := c.fold.Const(pair.Elts[1])
				if ok1 && ok2 && rules.CredentialPair(c.cfg.Names, user.S, pass.S) {
					c.site("password", pair.Elts[1], placeRef{verb: "stored as the password of a login in", name: name})
				}
			}
			continue
		}
		if judge != "" {
			c.site(judge, elt, placeRef{verb: "stored in", name: name})
		}
	}
}

// returns judges the string results of a function by the names of its
// results, or, for a single result, by the function's name without a
// leading verb (apiToken, getDBPassword): a literal returned there is the
// secret.
func (c *checker) returns(fn *ast.FuncDecl) {
	if fn.Body == nil {
		return
	}
	obj, ok := c.pass.TypesInfo.Defs[fn.Name].(*types.Func)
	if !ok {
		return
	}
	res := obj.Signature().Results()
	names := make([]string, res.Len())
	judge := ""
	hasName := false
	for i := range res.Len() {
		names[i] = res.At(i).Name()
		if res.Len() == 1 && (names[i] == "" || names[i] == "_") {
			names[i] = rules.ResultName(fn.Name.Name)
			if !c.secretName(names[i]) {
				judge, _ = rules.KeyJudge(names[i]) // oceanKey(): an API key
			}
		}
		hasName = hasName || names[i] != ""
	}
	if !hasName {
		c.loginPair(fn, res)
		return
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			if len(n.Results) != len(names) {
				return true
			}
			for i, r := range n.Results {
				if judge != "" {
					c.site(judge, r, placeRef{verb: "returned as", name: names[i]})
				} else if names[i] != "" && names[i] != "_" {
					c.site(names[i], r, placeRef{verb: "returned as", name: names[i]})
				}
			}
		}
		return true
	})
}

// loginPair judges a function whose two results are unnamed strings and
// whose return statements give them one user name and password
// (rules.LoginPair): func Fallback() (string, string) { return "admin",
// "…" }. The password is reported where it is written, as a result named
// password would be.
func (c *checker) loginPair(fn *ast.FuncDecl, res *types.Tuple) {
	if res.Len() != 2 || !isString(res.At(0).Type()) || !isString(res.At(1).Type()) {
		return
	}
	obj, ok := c.pass.TypesInfo.Defs[fn.Name].(*types.Func)
	if !ok {
		return
	}
	rs := c.fold.Results(obj)
	if len(rs) != 2 || rs[0] == nil || rs[1] == nil {
		return
	}
	user, ok1 := c.fold.Const(rs[0])
	pass, ok2 := c.fold.Const(rs[1])
	if !ok1 || !ok2 || !rules.LoginPair(c.cfg.Names, user.S, pass.S) {
		return
	}
	c.site("password", rs[1], placeRef{verb: "returned as the password of a login by", name: fn.Name.Name})
}

// isString reports whether t is a string type.
func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// enumType reports whether t is a defined string type whose name does not
// name a secret (SecretType, AuthMode): its constants and variables are
// enumeration values, whatever their own names say.
func (c *checker) enumType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	if b, ok := n.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return false
	}
	_, secret := c.cfg.Names.Match(n.Obj().Name())
	return !secret
}

// unwrap strips what keeps a string's text: parentheses, conversions and
// pointer helpers.
func (c *checker) unwrap(e ast.Expr) ast.Expr {
	for range 4 {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return e
		}
		if tv, ok := c.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() || c.fold.IsPointerHelper(call) {
			e = call.Args[0]
			continue
		}
		return e
	}
	return e
}

// sole returns the element of a one-element slice or array literal
// (url.Values{"client_secret": {"…"}}), else e.
func sole(e ast.Expr) ast.Expr {
	if cl, ok := ast.Unparen(e).(*ast.CompositeLit); ok && len(cl.Elts) == 1 {
		if _, kv := cl.Elts[0].(*ast.KeyValueExpr); !kv {
			if _, arr := cl.Type.(*ast.ArrayType); arr || cl.Type == nil {
				return cl.Elts[0]
			}
		}
	}
	return e
}

// site judges a value that goes to a named place.
func (c *checker) site(name string, value ast.Expr, place placeRef) {
	value = sole(value)
	inner := c.unwrap(value)
	if tv, ok := c.pass.TypesInfo.Types[inner]; ok && tv.Value != nil {
		// The first place a value goes names it in messages, unless a
		// later one has a secret name (EnvVar{…, Value: "…"} is reported
		// as the value of API_TOKEN, not of the field Value).
		if _, ok := c.place[inner]; !ok || name != "" && c.secretName(name) {
			c.place[inner] = place
		}
	}
	if name == "" || !c.secretName(name) {
		return
	}
	val, ok := c.fold.Resolve(value)
	if !ok || place.call != nil && rules.CallDevDefault(val.S, core.LiteralArgs(c.fold, place.call)) || c.usesSiblingUserDefault(val) {
		return
	}
	// A constant expression written here is reported as a whole, where
	// the provider rules report it; a value that comes from a variable
	// or a named constant is reported at the literal it came from.
	here := false
	if cv, ok := c.fold.Const(inner); ok && !constUse(cv) {
		here = true
	}
	report := func(prio int, rule string, start, end int, what string) {
		if here {
			c.addConst(prio, rule, constString{expr: inner, val: val}, start, end, what)
		} else {
			c.add(prio, rule, val, start, end, what, c.placeText(place))
		}
	}
	if v := rules.CheckAWSSecretKey(rules.Candidate{Name: name, Value: val.S}); v.Match && (!c.rep.IsTest(value.Pos()) || !rules.ObviouslyFake(val.S)) {
		report(prioProvider, rules.AWSSecretKeyRuleID, 0, len(val.S), "aws secret access key")
	}
	if v := rules.CheckAssignment(c.cfg.Names, rules.Candidate{Name: name, Value: val.S}); v.Match {
		// "Bearer " + token: the credential is the part after the
		// authentication scheme, and is reported where that is written.
		start := strings.Index(val.S, rules.StripAuthScheme(val.S))
		report(prioName, "hardcoded-credential", max(start, 0), len(val.S), "hardcoded credential")
	}
	if v := rules.CheckEnvDefault(c.cfg.Names, rules.Candidate{Name: name, Value: val.S}); v.Match {
		report(prioEnvDefault, "env-default-secret", v.Start, v.End, "secret default of a variable reference")
	}
}

// add records a candidate at the literal holding [start, end) of val.
func (c *checker) add(prio int, rule string, val core.Value, start, end int, what, place string) {
	leaf := val.LeafAt(start)
	if leaf.Node == nil || leaf.Foreign && (leaf.Const == nil || core.ReportedAtDefinition(c.pass, c.cfg, leaf.Const, constant.StringVal(leaf.Const.Val()))) {
		return // a constant of another package, reported where it is declared
	}
	if end <= start {
		end = len(val.S)
	}
	kind := "constant expression"
	if _, ok := leaf.Node.(*ast.BasicLit); ok {
		kind = "string literal"
	}
	msg := what + " in " + kind
	if place != "" {
		msg += " " + place
	}
	if leaf.Via != "" {
		msg += " via " + leaf.Via
	}
	if leaf.Foreign {
		if at := core.DeclaredAt(c.pass, leaf.Const); at != "" {
			msg += " (declared at " + at + ")"
		}
	}
	sp, se := core.LeafSpan(val, leaf, start, end)
	c.cands = append(c.cands, candidate{
		Finding: core.Finding{Rule: rule, Pos: leaf.Node.Pos(), End: leaf.Node.End(), SecretPos: sp, SecretEnd: se, Message: msg, Secret: val.S[start:end]},
		prio:    prio,
		direct:  leaf.Via == "",
	})
}

// addConst records a candidate for a maximal constant expression, unless
// the span lies inside the use of a named constant (judged where it is
// declared).
func (c *checker) addConst(prio int, rule string, cs constString, start, end int, what string) {
	if end <= start {
		start, end = 0, len(cs.val.S)
	}
	first, last := cs.val.LeafAt(start), cs.val.LeafAt(end-1)
	if first.Node == last.Node && first.Via != "" {
		return
	}
	kind := "constant expression"
	if _, ok := ast.Unparen(cs.expr).(*ast.BasicLit); ok {
		kind = "string literal"
	}
	msg := what + " in " + kind
	if p := c.placeText(c.place[cs.expr]); p != "" {
		msg += " " + p
	}
	sp, se := core.SecretSpan(cs.expr, cs.val.S, start, end)
	c.cands = append(c.cands, candidate{
		Finding: core.Finding{Rule: rule, Pos: cs.expr.Pos(), End: cs.expr.End(), SecretPos: sp, SecretEnd: se, Message: msg, Secret: cs.val.S[start:end]},
		prio:    prio,
		direct:  true,
	})
}

// constStrings runs the provider rules over a file's constant strings, in
// one detector call, and the url and variable-default rules over each.
func (c *checker) constStrings(det *rules.Detector, path string, list []constString) {
	if det != nil {
		for _, m := range detectAll(det, path, list) {
			cs := list[m.index]
			if rules.Plausible(cs.val.S, m.Match) {
				c.provider(cs, m.Match, false)
			}
		}
		for _, m := range c.namedGeneric(det, path, list) {
			c.provider(list[m.index], m.Match, true)
		}
	}
	for _, cs := range list {
		s := cs.val.S
		if rules.HelpText(s) {
			continue // usage text's example values are for a reader
		}
		if strings.ContainsAny(s, "@=") {
			if v := rules.CheckURLCredentials(rules.Candidate{Value: s}); v.Match {
				c.addConst(prioURL, "url-credentials", cs, v.Start, v.End, "password in "+formatName(v.Reason))
			}
		}
		if strings.Contains(s, "${") || strings.Contains(s, "env_var") {
			if v := rules.CheckEnvDefault(c.cfg.Names, rules.Candidate{Name: c.place[cs.expr].name, Value: s}); v.Match {
				c.addConst(prioEnvDefault, "env-default-secret", cs, v.Start, v.End, "secret default of a variable reference")
			}
		}
		// {"username":"ops","password":"…"}: a JSON body or config.
		if strings.Contains(s, `":`) {
			for _, sp := range rules.JSONCredentials(c.cfg.Names, s) {
				c.addConst(prioName, "hardcoded-credential", cs, sp.Start, sp.End, "hardcoded credential in a JSON value")
			}
		}
		// mysql -pSECRET in a shell command line.
		if rules.MayHoldCLIPassword(s) {
			if v := rules.CheckCLIPassword(rules.Candidate{Value: s}); v.Match {
				c.addConst(prioName, "cli-password", cs, v.Start, v.End, "password on a command line")
			}
		}
	}
}

// fixtureMarked reports whether the name a constant string is given, or
// a comment ending on its line or the line above, says it is a fixture
// (sampleToken; "signed by a throwaway key"): rules.FixtureMarked.
func (c *checker) fixtureMarked(e ast.Expr) bool {
	line := c.pass.Fset.Position(e.Pos()).Line
	var comment strings.Builder
	for _, f := range c.pass.Files {
		if e.Pos() < f.FileStart || e.Pos() >= f.FileEnd {
			continue
		}
		for _, g := range f.Comments {
			if l := c.pass.Fset.Position(g.End()).Line; l == line || l == line-1 {
				comment.WriteString(g.Text())
			}
		}
	}
	return rules.FixtureMarked(c.place[e].name, comment.String())
}

// provider records a provider rule's match m in constant string cs.
func (c *checker) provider(cs constString, m rules.Match, named bool) {
	rule := m.RuleID
	switch cl := rules.Classify(m.Secret); cl.Kind {
	case rules.KindEmpty, rules.KindPlaceholder, rules.KindReference, rules.KindReferenceDefault:
		return
	case rules.KindExample:
		rule = "aws-example-key"
	}
	if c.rep.IsTest(cs.expr.Pos()) && (rules.ObviouslyFake(m.Secret) || c.fixtureMarked(cs.expr)) {
		return
	}
	if rules.GenericRule(rule) && rules.HelpText(cs.val.S) {
		return // a usage string's example value
	}
	prio := prioProvider
	if rule == rules.GenericRuleID {
		prio = prioGeneric
	}
	n := len(c.cands)
	c.addConst(prio, rule, cs, m.Start, m.End, core.Title(rule))
	if len(c.cands) > n {
		c.cands[n].named = named
	}
}

// namedGeneric runs gitleaks' name-keyed rules (the generic ones and the
// provider rules keyed by a word such as telegram) over the values
// written at a named place as the source shows them (eventKey = "…",
// Key: "…", "key": "…"), so that go vet finds what scan's provider pass
// finds in the file's text: generic-api-key needs the name before the
// value, and the constant strings alone (detectAll) do not carry it. The
// value is the folded one, so a key written in pieces over several lines
// ("…" +\n "…") is matched whole. Matches are mapped back to the values.
func (c *checker) namedGeneric(det *rules.Detector, path string, list []constString) []located {
	var b strings.Builder
	var idx, starts, vals []int
	for i, cs := range list {
		p := c.place[cs.expr]
		if p.name == "" || p.verb != "assigned to" && p.verb != "assigned to field" && p.verb != "stored under key" ||
			len(cs.val.S) < 10 || strings.ContainsAny(cs.val.S, "\n\"`") || !rules.IsKeyName(p.name) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		starts = append(starts, b.Len())
		b.WriteString(p.name)
		b.WriteString(` = "`)
		vals = append(vals, b.Len())
		b.WriteString(cs.val.S)
		b.WriteString(`"`)
		idx = append(idx, i)
	}
	if len(idx) == 0 {
		return nil
	}
	content := b.String()
	var out []located
	for _, m := range det.Detect(path, content) {
		// Every rule, not only the generic ones: a provider rule keyed by
		// a word of the name (telegramBot = "…") needs the name as well.
		k := sort.Search(len(starts), func(k int) bool { return starts[k] > m.MatchStart }) - 1
		if k < 0 {
			continue
		}
		cs := list[idx[k]]
		v0 := vals[k]
		if m.Start < v0 || m.End > v0+len(cs.val.S) {
			continue
		}
		line := content[starts[k] : v0+len(cs.val.S)+1]
		lm := m
		lm.Start, lm.End, lm.MatchStart, lm.MatchEnd = m.Start-starts[k], m.End-starts[k], m.MatchStart-starts[k], min(m.MatchEnd-starts[k], len(line))
		if !rules.Plausible(line, lm) {
			continue
		}
		m.Start, m.End = m.Start-v0, m.End-v0
		m.MatchStart, m.MatchEnd = m.Start, m.End
		out = append(out, located{m, idx[k]})
	}
	return out
}

type located struct {
	rules.Match
	index int
}

// detectAll runs the detector once over the file's constant strings joined
// by blank lines, and maps the matches back to the strings. A match that
// spans two strings is an artefact of the joining: those strings are
// searched again one by one.
func detectAll(det *rules.Detector, path string, list []constString) []located {
	const sep = "\n\n"
	starts := make([]int, len(list))
	var b strings.Builder
	for i, cs := range list {
		if i > 0 {
			b.WriteString(sep)
		}
		starts[i] = b.Len()
		b.WriteString(cs.val.S)
	}
	content := b.String()
	find := func(off int) int {
		return sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	}
	var out []located
	var redo []int
	for _, m := range det.Detect(path, content) {
		i := find(m.MatchStart)
		end := starts[i] + len(list[i].val.S)
		if m.MatchEnd > end || m.End > end {
			redo = append(redo, i, find(max(m.MatchEnd-1, m.MatchStart)))
			continue
		}
		m.Start -= starts[i]
		m.End -= starts[i]
		m.MatchStart -= starts[i]
		m.MatchEnd -= starts[i]
		out = append(out, located{m, i})
	}
	slices.Sort(redo)
	for _, i := range slices.Compact(redo) {
		for _, m := range det.Detect(path, list[i].val.S) {
			dup := false
			for _, o := range out {
				if o.index == i && o.RuleID == m.RuleID && o.Start == m.Start {
					dup = true
				}
			}
			if !dup {
				out = append(out, located{m, i})
			}
		}
	}
	return out
}

// report reports, for each place, the most specific candidate that is
// not claimed by secretsink, trying the next one when a rule is disabled
// or quiet.
func (c *checker) report() {
	sort.SliceStable(c.cands, func(i, j int) bool {
		a, b := c.cands[i], c.cands[j]
		if a.Pos != b.Pos {
			return a.Pos < b.Pos
		}
		if a.prio != b.prio {
			return a.prio < b.prio
		}
		return a.direct && !b.direct
	})
	done := map[token.Pos]bool{}
	tried := map[token.Pos]bool{}
	for _, cand := range c.cands {
		if done[cand.Pos] || cand.named && tried[cand.Pos] {
			continue
		}
		tried[cand.Pos] = true
		if c.sink.Claims(cand.Pos, cand.End) {
			done[cand.Pos] = true
			continue
		}
		if c.rep.Report(cand.Finding) != core.Dropped {
			done[cand.Pos] = true
		}
	}
}

func formatName(f string) string {
	switch f {
	case "mysql-dsn":
		return "mysql dsn"
	case "keyvalue":
		return "connection string"
	}
	return "url"
}

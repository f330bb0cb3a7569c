package secretsink

import (
	_ "embed"
	"encoding/json"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/secretlint-go/secretlint/analyzers/internal/core"
	"github.com/secretlint-go/secretlint/rules"
)

//go:embed doc.go
var doc string

// analyzerDoc is the analyzer's Doc, extracted once: every analyzer made
// by this package shares it, and go vet starts the tool once per package.
var analyzerDoc = core.MustExtractDoc(doc, Name)

// Name is the analyzer's name.
const Name = "secretsink"

// Analyzer reports literals that reach a credential API, with the default
// configuration, loaded when the analyzer first runs.
var Analyzer = New(nil)

// DefaultConfig returns the configuration without a user file, for callers
// that adjust it before calling New.
func DefaultConfig() *rules.Config { return core.DefaultConfig() }

// Result tells the analyzers that run after this one which literals it
// judged, so that a literal is reported once, and which suppression
// directives it used, so that unused ones can be reported.
type Result struct {
	// Claimed are the spans of literals this analyzer reported or a
	// directive suppressed.
	Claimed []Span
	// Used holds the positions of the directives that suppressed a
	// finding of this analyzer.
	Used map[token.Pos]bool
}

// Span is a source range.
type Span struct{ Pos, End token.Pos }

// Claims reports whether a claimed span overlaps [pos, end).
func (r *Result) Claims(pos, end token.Pos) bool {
	for _, s := range r.Claimed {
		if s.Pos < end && pos < s.End {
			return true
		}
	}
	return false
}

// New returns the analyzer for a configuration: its sink table, secret
// names, disabled rules and allowlists. A nil configuration means the
// defaults, loaded when the analyzer first runs rather than when it is
// made, so that a process that never runs it (go vet starts the tool for
// every dependency) does not parse the rule set.
func New(cfg *rules.Config) *analysis.Analyzer {
	load := core.Lazy(cfg)
	index := lazyIndex(cfg)
	return analyzer(func(pass *analysis.Pass) (any, error) {
		return run(pass, load(), index()), nil
	})
}

// analyzer is the analyzer New and FactsOnly make with run: one name,
// requirements, facts and result type, so that a driver can use either
// for the other.
func analyzer(run func(*analysis.Pass) (any, error)) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             Name,
		Doc:              analyzerDoc,
		URL:              core.URL(Name),
		Requires:         []*analysis.Analyzer{inspect.Analyzer},
		RunDespiteErrors: true,
		ResultType:       reflect.TypeFor[*Result](),
		FactTypes:        []analysis.Fact{new(ParamSinks), new(HasParamSinks), new(ResultLiterals)},
		Run:              run,
	}
}

// FactsOnly returns an analyzer under New(cfg)'s name, with its facts and
// result type, that only computes and exports the function summaries
// (summary.go) and reports nothing. It is for a driver's runs on
// dependencies, where diagnostics are dropped and only facts are kept (go
// vet's VetxOnly mode): the summaries need the sink table and the secret
// names, not the rule set, so such a run never parses it.
func FactsOnly(cfg *rules.Config) *analysis.Analyzer {
	index := lazyIndex(cfg)
	names := rules.DefaultNames
	if cfg != nil {
		names = cfg.Names
	}
	return analyzer(func(pass *analysis.Pass) (any, error) {
		summariseOnly(pass, names, index())
		return &Result{Used: map[token.Pos]bool{}}, nil
	})
}

// lazyIndex returns the sink table of cfg (the default one when cfg is
// nil, without loading the rest of the default configuration), indexed
// when first asked for.
func lazyIndex(cfg *rules.Config) func() *index {
	return sync.OnceValue(func() *index {
		if cfg == nil {
			return newIndex(rules.DefaultSinks())
		}
		return newIndex(cfg.Sinks)
	})
}

// index is the sink table keyed for lookup.
type index struct {
	funcs  map[string][]rules.Sink
	fields map[string][]rules.Sink
	vars   map[string][]rules.Sink
	pkgs   map[string]bool // sink packages
}

func newIndex(sinks []rules.Sink) *index {
	idx := &index{funcs: map[string][]rules.Sink{}, fields: map[string][]rules.Sink{}, vars: map[string][]rules.Sink{}, pkgs: map[string]bool{}}
	for _, s := range sinks {
		idx.pkgs[s.Package] = true
		switch {
		case s.Func != "":
			idx.funcs[s.Func] = append(idx.funcs[s.Func], s)
		case s.Field != "":
			idx.fields[s.Field] = append(idx.fields[s.Field], s)
		case s.Var != "":
			idx.vars[s.Var] = append(idx.vars[s.Var], s)
		}
	}
	return idx
}

// relevant reports whether the package imports (or is) a package of the
// sink table; a package that does not cannot call a sink.
func (idx *index) relevant(pkg *types.Package) bool {
	if idx.sinkPackage(pkg.Path()) {
		return true
	}
	for _, imp := range pkg.Imports() {
		if idx.sinkPackage(imp.Path()) {
			return true
		}
	}
	return false
}

// sinkPackage reports whether path is a sink package, with or without a
// major-version suffix (rules.Sink.MatchesPackage decides exactly later).
func (idx *index) sinkPackage(path string) bool {
	if idx.pkgs[path] {
		return true
	}
	if i := strings.LastIndex(path, "/v"); i > 0 {
		if _, err := strconv.Atoi(path[i+2:]); err == nil {
			return idx.pkgs[path[:i]]
		}
	}
	return false
}

type checker struct {
	pass  *analysis.Pass
	cfg   *rules.Config // nil when only summarising
	names *rules.Names
	idx   *index
	rep   *core.Reporter
	fold  *core.Folder
	seen  map[seenKey]bool
	claim []Span
	// callLits are the literal arguments of the call being checked
	// (rules.CallDevDefault); nil outside a call.
	callLits []string
	// sum is set while the package's function summaries are computed
	// (summary.go): sinks then record the parameters that reach them
	// instead of judging literals.
	sum *summaries
	// local are the summaries of this package's functions.
	local map[*types.Func]*ParamSinks
}

type seenKey struct {
	pos  token.Pos
	rule string
}

func run(pass *analysis.Pass, cfg *rules.Config, idx *index) *Result {
	res := &Result{Used: map[token.Pos]bool{}}
	if !idx.relevant(pass.Pkg) && !importsSummaries(pass) {
		(&checker{pass: pass, names: cfg.Names}).exportResults()
		return res
	}
	c := &checker{
		pass: pass, cfg: cfg, names: cfg.Names, idx: idx,
		rep:  core.NewReporter(pass, cfg),
		fold: core.NewFolder(pass.Pkg, pass.TypesInfo, pass.Files),
		seen: map[seenKey]bool{},
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c.summarise(insp)
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.AssignStmt)(nil)}
	insp.Preorder(filter, func(n ast.Node) {
		if c.rep.SkipPos(n.Pos()) {
			return
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			c.callLits = core.LiteralArgs(c.fold, n)
			c.keyfuncs(n)
			c.call(n)
			c.summarisedCall(n)
			c.callLits = nil
		case *ast.CompositeLit:
			c.compositeLit(n)
		case *ast.AssignStmt:
			c.assign(n)
		}
	})
	c.exportResults()
	res.Claimed = c.claim
	res.Used = c.rep.Dirs.Used()
	return res
}

// call checks the arguments of a call to a function sink.
func (c *checker) call(call *ast.CallExpr) {
	// The name as written: a cheap filter before resolving the callee.
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if len(c.idx.funcs[f.Name]) == 0 {
			return
		}
	case *ast.SelectorExpr:
		if len(c.idx.funcs[f.Sel.Name]) == 0 {
			return
		}
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	sinks := c.idx.funcs[fn.Name()]
	if len(sinks) == 0 {
		return
	}
	recv := ""
	if r := fn.Signature().Recv(); r != nil {
		recv = typeName(r.Type())
	}
	for _, s := range sinks {
		if s.Type != recv || !s.MatchesPackage(fn.Pkg().Path()) || s.Arg >= len(call.Args) {
			continue
		}
		target := fn.FullName()
		arg := call.Args[s.Arg]
		switch s.Kind {
		case rules.SinkHeader, rules.SinkEnv:
			if s.NameArg >= len(call.Args) {
				continue
			}
			name, ok := c.fold.Resolve(call.Args[s.NameArg])
			if !ok {
				continue
			}
			c.named(s, name.S, arg, target)
		case rules.SinkSecretMap:
			c.secretMap(s, arg, target, 0)
		case rules.SinkCommand:
			if call.Ellipsis.IsValid() {
				continue
			}
			verb := func(i int) (string, bool) {
				v, ok := c.fold.Resolve(call.Args[i])
				return v.S, ok
			}
			if i, ok := rules.CommandPassword(len(call.Args), s.NameArg, verb); ok {
				pw := s
				pw.Kind = rules.SinkPassword
				c.value(pw, call.Args[i], "password", "reaches "+target+" as the password of an AUTH command")
			}
		default:
			c.value(s, arg, c.what(fn, s.Arg), "reaches "+target)
		}
	}
}

// keyfuncSink stands for the key a jwt.Keyfunc returns.
var keyfuncSink = rules.Sink{Package: "github.com/golang-jwt/jwt", Func: "Keyfunc", Kind: rules.SinkSigningKey}

// keyfuncs checks the function literals passed as a jwt.Keyfunc
// (jwt.Parse(tok, func(*jwt.Token) (any, error) { return []byte("…"), nil })):
// the key they return verifies every token.
func (c *checker) keyfuncs(call *ast.CallExpr) {
	var sig *types.Signature
	for i, a := range call.Args {
		lit, ok := a.(*ast.FuncLit)
		if !ok {
			continue
		}
		if sig == nil {
			t := c.pass.TypesInfo.TypeOf(call.Fun)
			if t == nil {
				return // a package with type errors (RunDespiteErrors)
			}
			if sig, ok = t.Underlying().(*types.Signature); !ok {
				return
			}
		}
		pi := min(i, sig.Params().Len()-1)
		if pi < 0 {
			return
		}
		named, ok := types.Unalias(sig.Params().At(pi).Type()).(*types.Named)
		if !ok || named.Obj().Name() != "Keyfunc" || named.Obj().Pkg() == nil {
			continue
		}
		if p := named.Obj().Pkg().Path(); !keyfuncSink.MatchesPackage(p) && !strings.HasPrefix(p, "github.com/dgrijalva/jwt-go") {
			continue
		}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(n.Results) == 2 {
					c.value(keyfuncSink, n.Results[0], "signing key", "returned by a "+named.Obj().Pkg().Name()+".Keyfunc")
				}
			}
			return true
		})
	}
}

// what names the credential a parameter takes ("password", "secret access
// key"), or "credential" when its name says nothing.
func (c *checker) what(fn *types.Func, arg int) string {
	params := fn.Signature().Params()
	if arg < params.Len() {
		if name := params.At(arg).Name(); name != "" {
			if _, ok := c.names.Match(name); ok {
				return core.Words(name)
			}
		}
	}
	return "credential"
}

// value judges the value of e reaching sink s.
func (c *checker) value(s rules.Sink, e ast.Expr, what, where string) {
	if c.sum != nil {
		c.reach(e, ParamSink{Kind: s.Kind, Rule: s.RuleID(), Label: s.String(), Where: where})
		return
	}
	if c.resultToSink(s, e, what, where) {
		return
	}
	val, ok := c.fold.Resolve(e)
	if !ok {
		return
	}
	var v rules.Verdict
	switch s.Kind {
	case rules.SinkDSN:
		v = rules.CheckURLCredentials(rules.Candidate{Value: val.S})
		what = "password in " + formatName(v.Reason)
	case rules.SinkSigningKey:
		v = rules.CheckSinkLiteral(rules.Candidate{Name: s.String(), Value: val.S})
		what = "signing key"
	default:
		v = judgeCredential(c.names, s.String(), val.S)
	}
	c.emit(s.RuleID(), val, v, what, where)
}

// judgeCredential decides on a literal reaching a credential parameter. A
// JSON document (a SecretString) is judged by its secret-named entries.
func judgeCredential(names *rules.Names, sink, s string) rules.Verdict {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") && json.Valid([]byte(t)) {
		return rules.CheckSecretString(names, rules.Candidate{Value: s})
	}
	return rules.CheckSinkLiteral(rules.Candidate{Name: sink, Value: s})
}

// named judges a header or environment sink: the value is a credential
// when the header or variable name says so.
func (c *checker) named(s rules.Sink, name string, e ast.Expr, target string) {
	var what string
	switch s.Kind {
	case rules.SinkHeader:
		if !rules.SecretHeader(c.names, name) && !c.schemeValue(e) {
			return
		}
		what = "credential in " + name + " header"
	case rules.SinkEnv:
		if _, ok := c.names.Match(name); !ok {
			return
		}
		what = "value of secret variable " + name
	}
	if c.sum != nil {
		c.reach(e, ParamSink{Kind: rules.SinkPassword, Rule: s.RuleID(), Label: name, Where: "reaches " + target + " as " + what})
		return
	}
	if c.resultToSink(s, e, what, "reaches "+target) {
		return
	}
	val, ok := c.fold.Resolve(e)
	if !ok {
		return
	}
	off := 0
	if s.Kind == rules.SinkHeader {
		off = authScheme(val.S)
		if start, ok := rules.SchemeCredential(c.names, val.S); ok {
			off = start // Token token=…
		}
	}
	v := rules.CheckSinkLiteral(rules.Candidate{Name: name, Value: val.S[off:]})
	if v.Match {
		if v.End == 0 {
			v.Start, v.End = 0, len(val.S)-off
		}
		v.Start += off
		v.End += off
	}
	c.emit(s.RuleID(), val, v, what, "reaches "+target)
}

// schemeValue reports whether a header value is a constant that carries
// a credential by its form (rules.SchemeCredential), whatever the header
// is called: X-Routing-Key: "Token token=" + key.
func (c *checker) schemeValue(e ast.Expr) bool {
	if c.sum != nil {
		return false // a parameter's value is not known
	}
	val, ok := c.fold.Resolve(e)
	if !ok {
		return false
	}
	_, ok = rules.SchemeCredential(c.names, val.S)
	return ok
}

// authScheme returns the length of an HTTP authentication scheme prefix
// ("Bearer ", "Basic ", "token ") of an Authorization value.
func authScheme(s string) int {
	i := strings.IndexByte(s, ' ')
	if i <= 0 {
		return 0
	}
	switch strings.ToLower(s[:i]) {
	case "bearer", "basic", "token", "bot", "digest", "apikey", "api-key", "key", "sso-key", "splunk", "otp", "negotiate", "ntlm", "hmac", "aws4-hmac-sha256":
		j := i
		for j < len(s) && s[j] == ' ' {
			j++
		}
		return j
	}
	return 0
}

// secretMap judges the entries of a map literal (Vault's write data):
// literals under secret-named keys, at any depth.
func (c *checker) secretMap(s rules.Sink, e ast.Expr, target string, depth int) {
	if depth > 4 {
		return
	}
	e = c.fold.ResolveExpr(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if inner, ok := ast.Unparen(c.fold.ResolveExpr(kv.Value)).(*ast.CompositeLit); ok {
			c.secretMap(s, inner, target, depth+1)
			continue
		}
		key, ok := c.fold.Resolve(kv.Key)
		if !ok {
			continue
		}
		if _, ok := c.names.Match(key.S); !ok {
			continue
		}
		if c.sum != nil {
			c.reach(kv.Value, ParamSink{Kind: rules.SinkPassword, Rule: s.RuleID(), Label: key.S, Where: "reaches " + target + " under key " + key.S})
			continue
		}
		val, ok := c.fold.Resolve(kv.Value)
		if !ok {
			continue
		}
		v := rules.CheckSinkLiteral(rules.Candidate{Name: key.S, Value: val.S})
		c.emit(s.RuleID(), val, v, "value under key "+key.S, "reaches "+target)
	}
}

// compositeLit checks struct-field sinks set in a composite literal.
func (c *checker) compositeLit(lit *ast.CompositeLit) {
	tv, ok := c.pass.TypesInfo.Types[lit]
	if !ok || tv.Type == nil {
		return
	}
	named := namedOf(tv.Type)
	if named == nil || named.Obj().Pkg() == nil {
		return
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range lit.Elts {
		var field string
		var val ast.Expr
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			field, val = id.Name, kv.Value
		} else if i < st.NumFields() {
			field, val = st.Field(i).Name(), elt
		}
		c.field(named, field, val)
	}
}

// field checks a value assigned to field of struct type named.
func (c *checker) field(named *types.Named, field string, val ast.Expr) {
	for _, s := range c.idx.fields[field] {
		if s.Type != named.Obj().Name() || !s.MatchesPackage(named.Obj().Pkg().Path()) {
			continue
		}
		target := named.Obj().Pkg().Path() + "." + named.Obj().Name() + "." + field
		c.value(s, val, "credential", "assigned to field "+target)
	}
}

// assign checks assignments to sink fields and variables.
func (c *checker) assign(as *ast.AssignStmt) {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, lhs := range as.Lhs {
		sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		if selection, ok := c.pass.TypesInfo.Selections[sel]; ok {
			if selection.Kind() != types.FieldVal {
				continue
			}
			if named := declaringStruct(selection); named != nil && named.Obj().Pkg() != nil {
				c.field(named, sel.Sel.Name, as.Rhs[i])
			}
			continue
		}
		v, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
			continue
		}
		for _, s := range c.idx.vars[v.Name()] {
			if s.MatchesPackage(v.Pkg().Path()) {
				c.value(s, as.Rhs[i], "credential", "assigned to "+v.Pkg().Path()+"."+v.Name())
			}
		}
	}
}

// emit reports a verdict on a value at the literal holding the secret.
// The message is "literal <what> <where>".
func (c *checker) emit(rule string, val core.Value, v rules.Verdict, what, where string) {
	if !v.Match {
		return
	}
	secret := val.S
	start := 0
	if v.End > v.Start {
		secret, start = val.S[v.Start:v.End], v.Start
	}
	if c.callLits != nil && rules.CallDevDefault(secret, c.callLits) {
		return // Connect("localhost:5432", "postgres", "postgres", …)
	}
	msg := "literal " + what + " " + where
	if rules.Classify(secret).Kind == rules.KindExample {
		rule = "aws-example-key"
		msg = "aws documentation example key " + where
	}
	leaf := val.LeafAt(start)
	if leaf.Node == nil {
		return
	}
	if leaf.Via != "" {
		msg += " via " + leaf.Via
	}
	if leaf.Foreign {
		// A constant of another package (foreign.go): reported here only
		// when its declaration is not reported there.
		if leaf.Const == nil || core.ReportedAtDefinition(c.pass, c.cfg, leaf.Const, constant.StringVal(leaf.Const.Val())) {
			return
		}
		if at := core.DeclaredAt(c.pass, leaf.Const); at != "" {
			msg += " (declared at " + at + ")"
		}
	}
	key := seenKey{leaf.Node.Pos(), rule}
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	sp, se := core.LeafSpan(val, leaf, start, start+len(secret))
	out := c.rep.Report(core.Finding{Rule: rule, Pos: leaf.Node.Pos(), End: leaf.Node.End(), SecretPos: sp, SecretEnd: se, Message: msg, Secret: secret})
	if out != core.Dropped {
		c.claim = append(c.claim, Span{leaf.Node.Pos(), leaf.Node.End()})
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

// namedOf returns the named type of t or of what t points to.
func namedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	if n != nil {
		n = n.Origin()
	}
	return n
}

func typeName(t types.Type) string {
	if n := namedOf(t); n != nil {
		return n.Obj().Name()
	}
	return ""
}

// declaringStruct returns the struct type that declares the selected
// field, following embedded fields.
func declaringStruct(sel *types.Selection) *types.Named {
	t := sel.Recv()
	idx := sel.Index()
	for _, i := range idx[:len(idx)-1] {
		n := namedOf(t)
		var st *types.Struct
		if n != nil {
			st, _ = n.Underlying().(*types.Struct)
		} else if p, ok := t.Underlying().(*types.Pointer); ok {
			st, _ = p.Elem().Underlying().(*types.Struct)
		} else {
			st, _ = t.Underlying().(*types.Struct)
		}
		if st == nil || i >= st.NumFields() {
			return nil
		}
		t = st.Field(i).Type()
	}
	return namedOf(t)
}

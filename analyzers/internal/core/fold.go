package core

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/secretlint-go/secretlint/rules"
)

// Leaf is a part of a folded string value that is written at one place.
type Leaf struct {
	// Node is where the text is written: a string literal, a constant
	// expression that was not split further, or the use of a constant
	// declared in another package (Foreign).
	Node ast.Expr
	// Start and End are the span of the leaf's text in the folded value.
	Start, End int
	// Foreign is set when Node uses a constant declared in another
	// package: the text is written there, not here. Const is that
	// constant.
	Foreign bool
	Const   *types.Const
	// Via names the variable or constant the text went through before
	// reaching the place being judged ("" when it is written there).
	Via string
}

// Value is a string value known at analysis time, with where each part of
// it is written.
type Value struct {
	S      string
	Leaves []Leaf
}

// LeafAt returns the leaf holding byte offset off of the value.
func (v Value) LeafAt(off int) Leaf {
	for _, l := range v.Leaves {
		if off >= l.Start && off < l.End {
			return l
		}
	}
	if len(v.Leaves) > 0 {
		return v.Leaves[len(v.Leaves)-1]
	}
	return Leaf{}
}

// maxDepth bounds the chain of variables and constants followed.
const maxDepth = 8

// Folder folds string expressions of one package: Go constant expressions
// (concatenations and named constants, as go/types folds them), and,
// through a def-use walk, conversions ([]byte("…")), pointer helpers
// (aws.String("…")) and local or package variables that are assigned
// exactly once, never have their address taken and are not parameters.
// That is enough to follow a literal to the call it reaches inside one
// function without building SSA.
type Folder struct {
	pkg     *types.Package
	info    *types.Info
	files   []*ast.File
	helpers []rules.Sink

	built     bool
	defs      map[*types.Var]*varDef
	constDecl map[*types.Const]ast.Expr
	// results holds, for a function of the package, the constant
	// expression each of its results is given by every return statement
	// (nil where they differ or are not constant): func Fallback()
	// (string, string) { return "admin", "…" }. It is computed on first
	// use from funcs, the package's function declarations.
	results map[*types.Func][]ast.Expr
	funcs   map[*types.Func]*ast.FuncDecl
	// decoders memoizes rules.DecoderWrapper for the package's functions.
	decoders map[*types.Func]bool
}

type varDef struct {
	n    int      // number of definitions (declaration, assignments, &v)
	expr ast.Expr // the value of the only definition, when n == 1
	// env is the environment variable one definition reads
	// (k := os.Getenv("API_KEY"), k, ok := os.LookupEnv("API_KEY")), and
	// others the values of the other definitions: the fallbacks written
	// when the lookup comes back empty.
	env    string
	others []ast.Expr
	// call and result: a definition that takes result `result` of a call
	// returning several values (_, p, _ := r.BasicAuth()).
	call   *ast.CallExpr
	result int
}

// NewFolder returns a folder for a package.
func NewFolder(pkg *types.Package, info *types.Info, files []*ast.File) *Folder {
	return &Folder{pkg: pkg, info: info, files: files, helpers: rules.PointerHelpers}
}

// Const folds e when it is a Go constant string expression. Uses of named
// constants are leaves of their own (with Via set to the constant's name
// and Node the use), so the caller can tell a literal written here from a
// constant declared elsewhere.
func (f *Folder) Const(e ast.Expr) (Value, bool) {
	return f.fold(e, false, 0)
}

// Resolve folds e through constants, conversions, pointer helpers and
// single-assignment variables. Leaves point at the literals where the text
// is written, following constants and variables declared in this package.
func (f *Folder) Resolve(e ast.Expr) (Value, bool) {
	return f.fold(e, true, 0)
}

// ResolveExpr is Resolve for an expression that is not a string: it
// returns the expression a single-assignment variable stands for (a map
// literal passed through a local variable), or e itself.
func (f *Folder) ResolveExpr(e ast.Expr) ast.Expr {
	for range maxDepth {
		e = ast.Unparen(e)
		id, ok := e.(*ast.Ident)
		if !ok {
			return e
		}
		v, ok := f.info.Uses[id].(*types.Var)
		if !ok {
			return e
		}
		d := f.def(v)
		if d == nil || d.n != 1 || d.expr == nil {
			return e
		}
		e = d.expr
	}
	return e
}

func (f *Folder) fold(e ast.Expr, follow bool, depth int) (Value, bool) {
	if depth > maxDepth || e == nil {
		return Value{}, false
	}
	e = ast.Unparen(e)
	if tv, ok := f.info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() != constant.String {
			return Value{}, false
		}
		return f.constParts(e, constant.StringVal(tv.Value), follow, depth), true
	}
	if !follow {
		return Value{}, false
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := f.info.Uses[e].(*types.Var)
		if !ok {
			return Value{}, false
		}
		d := f.def(v)
		if d == nil {
			return Value{}, false
		}
		expr := d.expr
		if d.n == 1 && d.call != nil {
			// u, p := Fallback(): the result p is taken from.
			if fn, rs := f.ResultsOf(d.call); fn != nil && d.result < len(rs) && rs[d.result] != nil {
				expr = rs[d.result]
			}
		}
		if d.n != 1 || expr == nil {
			expr = d.fallback()
			if expr == nil {
				return Value{}, false
			}
		}
		val, ok := f.fold(expr, true, depth+1)
		if !ok {
			return Value{}, false
		}
		for i := range val.Leaves {
			if val.Leaves[i].Via == "" {
				val.Leaves[i].Via = e.Name
			}
		}
		return val, true
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return Value{}, false
		}
		x, ok := f.fold(e.X, true, depth+1)
		if !ok {
			return Value{}, false
		}
		y, ok := f.fold(e.Y, true, depth+1)
		if !ok {
			return Value{}, false
		}
		return concat(x, y), true
	case *ast.CallExpr:
		if _, fb := f.EnvFallback(e); fb != nil {
			return f.fold(fb, true, depth+1)
		}
		if fn, rs := f.ResultsOf(e); fn != nil && len(rs) == 1 && rs[0] != nil {
			// apiToken(): the literal its return statement gives.
			val, ok := f.fold(rs[0], true, depth+1)
			if !ok {
				return Value{}, false
			}
			for i := range val.Leaves {
				if val.Leaves[i].Via == "" {
					val.Leaves[i].Via = fn.Name() + "()"
				}
			}
			return val, true
		}
		if len(e.Args) != 1 || e.Ellipsis.IsValid() {
			return Value{}, false
		}
		if tv, ok := f.info.Types[e.Fun]; ok && tv.IsType() {
			if stringish(tv.Type) {
				return f.fold(e.Args[0], true, depth+1)
			}
			return Value{}, false
		}
		if f.IsPointerHelper(e) || f.isDecoder(e) || f.decoderWrapper(e) {
			return f.fold(e.Args[0], true, depth+1)
		}
	case *ast.UnaryExpr:
		// &x of a composite or variable carries no string.
	}
	return Value{}, false
}

// ResultsOf returns the function of the package that call calls
// statically and the constant expression each of its results is given by
// every return statement (nil where they differ or are not constant), or
// nil, nil.
func (f *Folder) ResultsOf(call *ast.CallExpr) (*types.Func, []ast.Expr) {
	fn := typeutil.StaticCallee(f.info, call)
	if fn == nil || fn.Pkg() != f.pkg {
		return nil, nil
	}
	rs := f.Results(fn)
	if rs == nil {
		return nil, nil
	}
	return fn, rs
}

// Results returns the constant expression each result of fn, a function
// of the package, is given by every return statement (nil where they
// differ or are not constant), or nil.
func (f *Folder) Results(fn *types.Func) []ast.Expr {
	f.build()
	fn = fn.Origin()
	rs, ok := f.results[fn]
	if !ok {
		if fd := f.funcs[fn]; fd != nil {
			rs = f.constResults(fn, fd)
		}
		f.results[fn] = rs
	}
	return rs
}

// constResults returns the constant results of fn, declared by fd: for
// each result, the expression every return statement gives it when all of
// them give the same constant string; nil when there is none.
func (f *Folder) constResults(fn *types.Func, fd *ast.FuncDecl) []ast.Expr {
	return rules.ConstantResults(fd.Body, fn.Signature().Results().Len(), func(e ast.Expr) (string, bool) {
		tv, ok := f.info.Types[e]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return "", false
		}
		return constant.StringVal(tv.Value), true
	})
}

// DecodedPair returns the call of a two-value definition whose one value
// decodes a literal (key, err := hex.DecodeString("…")), or nil.
func (f *Folder) DecodedPair(values []ast.Expr, names int) *ast.CallExpr {
	if names != 2 || len(values) != 1 {
		return nil
	}
	call, ok := ast.Unparen(values[0]).(*ast.CallExpr)
	if !ok || !f.isDecoder(call) {
		return nil
	}
	return call
}

// isDecoder reports whether call decodes a hex or base64 literal into key
// bytes (rules.IsDecoder): hex.DecodeString("…"),
// base64.StdEncoding.DecodeString("…").
func (f *Folder) isDecoder(call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(f.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || len(call.Args) != 1 {
		return false
	}
	return rules.IsDecoder(fn.Pkg().Path(), fn.Name(), fn.Signature().Recv() != nil)
}

// decoderWrapper reports whether call calls a function of the same file
// that wraps a decoder (rules.DecoderWrapper: func mustB64(s string)
// []byte), so that its literal argument is the key it returns. Scan sees
// one file, so the wrapper is followed in the file of the call only.
func (f *Folder) decoderWrapper(call *ast.CallExpr) bool {
	fn := typeutil.StaticCallee(f.info, call)
	if fn == nil || fn.Pkg() != f.pkg || len(call.Args) != 1 {
		return false
	}
	f.build()
	fd := f.funcs[fn.Origin()]
	if fd == nil || f.fileOf(fd.Pos()) != f.fileOf(call.Pos()) {
		return false
	}
	is, ok := f.decoders[fn]
	if !ok {
		if f.decoders == nil {
			f.decoders = map[*types.Func]bool{}
		}
		is = rules.DecoderWrapper(fd, f.isDecoder)
		f.decoders[fn] = is
	}
	return is
}

// fileOf returns the file of the package holding pos, or nil.
func (f *Folder) fileOf(pos token.Pos) *ast.File {
	for _, file := range f.files {
		if file.FileStart <= pos && pos < file.FileEnd {
			return file
		}
	}
	return nil
}

// IsPointerHelper reports whether call is aws.String("…") or another
// function that only returns a pointer to its argument.
func (f *Folder) IsPointerHelper(call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(f.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || len(call.Args) != 1 {
		return false
	}
	for _, h := range f.helpers {
		if h.Func == fn.Name() && h.MatchesPackage(fn.Pkg().Path()) {
			return true
		}
	}
	return false
}

// constParts splits a constant string expression into the places its text
// is written.
func (f *Folder) constParts(e ast.Expr, s string, follow bool, depth int) Value {
	whole := Value{S: s, Leaves: []Leaf{{Node: e, Start: 0, End: len(s)}}}
	switch x := e.(type) {
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return whole
		}
		l, ok1 := f.fold(x.X, follow, depth+1)
		r, ok2 := f.fold(x.Y, follow, depth+1)
		if ok1 && ok2 && l.S+r.S == s {
			return concat(l, r)
		}
	case *ast.CallExpr:
		if len(x.Args) == 1 {
			if v, ok := f.fold(x.Args[0], follow, depth+1); ok && v.S == s {
				return v
			}
		}
	case *ast.Ident, *ast.SelectorExpr:
		id, _ := x.(*ast.Ident)
		if sel, ok := x.(*ast.SelectorExpr); ok {
			id = sel.Sel
		}
		c, ok := f.info.Uses[id].(*types.Const)
		if !ok {
			return whole
		}
		if c.Pkg() != f.pkg {
			return Value{S: s, Leaves: []Leaf{{Node: e, Start: 0, End: len(s), Foreign: true, Const: c, Via: c.Pkg().Name() + "." + c.Name()}}}
		}
		if follow {
			f.build()
			if decl := f.constDecl[c]; decl != nil {
				if v, ok := f.fold(decl, true, depth+1); ok && v.S == s {
					for i := range v.Leaves {
						if v.Leaves[i].Via == "" {
							v.Leaves[i].Via = c.Name()
						}
					}
					return v
				}
			}
		}
		return Value{S: s, Leaves: []Leaf{{Node: e, Start: 0, End: len(s), Via: c.Name()}}}
	}
	return whole
}

func concat(x, y Value) Value {
	out := Value{S: x.S + y.S, Leaves: append([]Leaf(nil), x.Leaves...)}
	for _, l := range y.Leaves {
		l.Start += len(x.S)
		l.End += len(x.S)
		out.Leaves = append(out.Leaves, l)
	}
	return out
}

// stringish reports whether a conversion to t keeps a string's bytes:
// string types, []byte and []rune.
func stringish(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok {
			return b.Kind() == types.Byte || b.Kind() == types.Rune
		}
	}
	return false
}

// fallback returns the one value a variable takes besides an environment
// lookup (k := os.Getenv("K"); if k == "" { k = "…" }), or nil.
func (d *varDef) fallback() ast.Expr {
	if d.env == "" || len(d.others) != 1 || d.n != 2 {
		return nil
	}
	return d.others[0]
}

// envLookup returns the environment variable call reads when it is
// os.Getenv("NAME") or os.LookupEnv("NAME") with a constant name.
func (f *Folder) envLookup(e ast.Expr) (string, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return "", false
	}
	fn, ok := typeutil.Callee(f.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || !rules.EnvLookup(fn.Pkg().Path(), fn.Name()) {
		return "", false
	}
	tv, ok := f.info.Types[call.Args[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// EnvFallback recognises cmp.Or(os.Getenv("NAME"), "…"): it returns the
// variable's name and the first constant argument after the lookups, the
// value the call returns when the variable is unset.
func (f *Folder) EnvFallback(call *ast.CallExpr) (string, ast.Expr) {
	if len(call.Args) < 2 || call.Ellipsis.IsValid() {
		return "", nil
	}
	fn, ok := typeutil.Callee(f.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || !rules.FirstNonEmpty(fn.Pkg().Path(), fn.Name()) {
		return "", nil
	}
	env := ""
	for _, a := range call.Args {
		if name, ok := f.envLookup(a); ok {
			if env == "" {
				env = name
			}
			continue
		}
		if tv, ok := f.info.Types[a]; ok && tv.Value != nil && env != "" {
			return env, a
		}
		return "", nil
	}
	return "", nil
}

// EnvName returns the environment variable that id, a variable, is read
// from when one of its definitions is an environment lookup.
func (f *Folder) EnvName(id *ast.Ident) string {
	v, ok := f.info.Uses[id].(*types.Var)
	if !ok {
		if v, ok = f.info.Defs[id].(*types.Var); !ok {
			return ""
		}
	}
	if d := f.def(v); d != nil {
		return d.env
	}
	return ""
}

// Origin returns what the variable id names holds when it is defined
// exactly once: the expression assigned, or the call and the index of the
// result taken from a call returning several values (call is nil then
// for a plain expression).
func (f *Folder) Origin(id *ast.Ident) (expr ast.Expr, call *ast.CallExpr, result, results int) {
	v, ok := f.info.Uses[id].(*types.Var)
	if !ok {
		return nil, nil, 0, 0
	}
	d := f.def(v)
	if d == nil || d.n != 1 {
		return nil, nil, 0, 0
	}
	if d.call != nil {
		if tup, ok := f.info.TypeOf(d.call).(*types.Tuple); ok {
			return nil, d.call, d.result, tup.Len()
		}
		return nil, nil, 0, 0
	}
	return d.expr, nil, 0, 0
}

// defOf returns the definition record of the variable lhs names, while
// build runs.
func (f *Folder) defOf(lhs ast.Expr) *varDef {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := f.info.Defs[id]
	if obj == nil {
		obj = f.info.Uses[id]
	}
	if v, ok := obj.(*types.Var); ok {
		return f.defs[v]
	}
	return nil
}

func (f *Folder) def(v *types.Var) *varDef {
	f.build()
	return f.defs[v]
}

// build walks the package once, counting the definitions of every
// variable and recording the declared value of every constant.
func (f *Folder) build() {
	if f.built {
		return
	}
	f.built = true
	f.defs = map[*types.Var]*varDef{}
	f.constDecl = map[*types.Const]ast.Expr{}
	f.results = map[*types.Func][]ast.Expr{}
	f.funcs = map[*types.Func]*ast.FuncDecl{}
	add := func(id ast.Expr, value ast.Expr) {
		id = ast.Unparen(id)
		ident, ok := id.(*ast.Ident)
		if !ok || ident.Name == "_" {
			return
		}
		obj := f.info.Defs[ident]
		if obj == nil {
			obj = f.info.Uses[ident]
		}
		v, ok := obj.(*types.Var)
		if !ok || v.IsField() {
			return
		}
		d := f.defs[v]
		if d == nil {
			d = &varDef{}
			f.defs[v] = d
		}
		d.n++
		d.expr = value
		if name, ok := f.envLookup(value); ok && d.env == "" {
			d.env = name
		} else if value != nil && len(d.others) < 4 {
			d.others = append(d.others, value)
		}
	}
	for _, file := range f.files {
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := f.info.Defs[fd.Name].(*types.Func); ok {
					f.funcs[fn] = fd
				}
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					var val ast.Expr
					if len(n.Values) == len(n.Names) {
						val = n.Values[i]
					} else if call := f.DecodedPair(n.Values, len(n.Names)); call != nil && i == 0 {
						val = call // var kek, _ = hex.DecodeString("…")
					}
					if c, ok := f.info.Defs[name].(*types.Const); ok {
						if val != nil {
							f.constDecl[c] = val
						}
						continue
					}
					add(name, val)
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					var val ast.Expr
					if (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) && len(n.Lhs) == len(n.Rhs) {
						val = n.Rhs[i]
					} else if i == 0 && len(n.Rhs) == 1 {
						// v, ok := os.LookupEnv("NAME")
						if _, ok := f.envLookup(n.Rhs[0]); ok {
							val = n.Rhs[0]
						}
						if call := f.DecodedPair(n.Rhs, len(n.Lhs)); call != nil {
							val = call // key, err := hex.DecodeString("…")
						}
					}
					add(lhs, val)
					if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && len(n.Rhs) == 1 && len(n.Lhs) > 1 {
						if d := f.defOf(lhs); d != nil {
							d.call, d.result = call, i
						}
					}
				}
			case *ast.IncDecStmt:
				add(n.X, nil)
			case *ast.RangeStmt:
				if n.Key != nil {
					add(n.Key, nil)
				}
				if n.Value != nil {
					add(n.Value, nil)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					add(n.X, nil)
				}
			}
			return true
		})
	}
}

// LiteralArgs returns the constant string arguments of a call, in order
// (rules.CallDevDefault judges a password by the others); a non-nil
// empty slice when there are none.
func LiteralArgs(f *Folder, call *ast.CallExpr) []string {
	out := []string{}
	for _, a := range call.Args {
		if v, ok := f.Const(a); ok {
			out = append(out, v.S)
		}
	}
	return out
}

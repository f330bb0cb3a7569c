package gorewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"

	"github.com/secretlint-go/secretlint/finding"
)

// RuntimePackage is the import path of the runtime package that rewritten
// code calls.
const RuntimePackage = "github.com/secretlint-go/secretlint/secretref"

// Options configures Plan.
type Options struct {
	// Runtime is the import path of the runtime package; empty means
	// RuntimePackage.
	Runtime string
	// Backends maps a reference scheme to the backend package that the
	// rewritten file imports blank so that the scheme is registered; nil
	// means DefaultBackends.
	Backends map[string]string
	// ExportedConsts allows turning an exported constant of an importable
	// package into a variable. That changes the package's API: code
	// outside the module that uses the constant in a constant expression
	// would stop compiling, so it is off by default (constants of package
	// main and of internal packages are always allowed).
	ExportedConsts bool
	// EagerPackageVars reads package-level secrets when the program
	// starts (secretref.MustGet in the initialiser), as earlier versions
	// did. By default a package-level secret becomes a secretref.Lazy
	// read at each use, so that start-up and the tests of code that does
	// not use it need no store; a site that cannot be read lazily is
	// reported not rewritable.
	EagerPackageVars bool
}

// DefaultBackends are the backend packages for the schemes secretlint
// writes.
var DefaultBackends = map[string]string{
	"awssecrets": RuntimePackage + "/awssecrets",
	"vault":      RuntimePackage + "/vault",
}

// Change is a planned rewrite: the new content of each file it edits.
type Change struct {
	Files map[string]*FileChange // by absolute path
	// Mod holds go.mod and go.sum when the change makes the module
	// require the runtime (Package is empty).
	Mod []*FileChange
}

// FileChange is the old and new content of one file.
type FileChange struct {
	Path    string
	Package string // import path of the package that holds the file
	Old     []byte
	New     []byte
	Sites   []string // IDs of the sites rewritten in this file
}

// Packages returns the import paths of the packages the change edits,
// sorted.
func (c *Change) Packages() []string {
	var out []string
	for _, f := range c.Files {
		if !slices.Contains(out, f.Package) {
			out = append(out, f.Package)
		}
	}
	slices.Sort(out)
	return out
}

// Plan computes the rewrite of sites in pkgs, which must be loaded with
// LoadMode (syntax and full type information; with Tests so that uses of a
// constant in tests are seen). It reads the files but writes nothing. Every
// site gets a Result: either rewritten in the returned Change, or not
// rewritable with the reason. A site that cannot be rewritten leaves no
// edit behind.
func Plan(pkgs []*packages.Package, sites []Site, opts Options) (*Change, []Result) {
	p := newPlanner(pkgs, opts)
	p.sites = sites
	results := make([]Result, len(sites))
	for i, s := range sites {
		results[i] = Result{Site: s}
		p.site(&results[i])
	}
	// A site covered by another one's rewrite fails with it.
	byID := map[string]*Result{}
	for i := range results {
		byID[results[i].ID] = &results[i]
	}
	for i := range results {
		r := &results[i]
		if t := byID[r.SameAs]; r.SameAs != "" && r.Rewritten && t != nil && !t.Rewritten {
			r.fail("the secret is the constant that site " + t.ID + " holds, which is not rewritable: " + t.Reason)
			r.SameAs = ""
		}
	}
	return p.finish(results)
}

// constSiteIn returns the ID of another site that lies in the declaration
// of a constant that expr uses, or "".
func (p *planner) constSiteIn(f *srcFile, expr ast.Expr, r *Result) string {
	found := ""
	ast.Inspect(expr, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found != "" {
			return found == ""
		}
		c, ok := f.pkg.TypesInfo.Uses[id].(*types.Const)
		if !ok {
			return true
		}
		pos := f.pkg.Fset.Position(c.Pos())
		df := p.files[filepath.Clean(pos.Filename)]
		if df == nil {
			return true
		}
		path, _ := astutil.PathEnclosingInterval(df.file, c.Pos(), c.Pos())
		for _, n := range path {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				continue
			}
			start, end := df.tok.Offset(vs.Pos()), df.tok.Offset(vs.End())
			for _, s := range p.sites {
				if s.ID != r.ID && filepath.Clean(s.File) == df.path && start <= s.Offset && s.EndOffset <= end {
					found = s.ID
				}
			}
			break
		}
		return true
	})
	return found
}

// LoadMode is the go/packages mode Plan needs.
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo |
	packages.NeedModule

type planner struct {
	opts  Options
	sites []Site
	pkgs  []*packages.Package
	files map[string]*srcFile // by absolute path

	uses map[objKey][]use // every use of a package-level or local constant, built lazily
}

type srcFile struct {
	path  string
	pkg   *packages.Package
	file  *ast.File
	tok   *token.File
	src   []byte
	edits []edit
	// names of imports needed: path -> name to use ("" = default)
	imports map[string]string
	// runtime package name chosen for this file
	runtimeName string
	// identifiers chosen per function for hoisted variables
	taken map[ast.Node]map[string]bool
	sites []string
}

type edit struct {
	start, end int
	text       string
	site       int // index of the site, for ordering insertions
}

type objKey struct {
	name string
	file string
	off  int
}

type use struct {
	pkg   *packages.Package
	ident *ast.Ident
	path  []ast.Node // from the ident up to the file
}

func newPlanner(pkgs []*packages.Package, opts Options) *planner {
	if opts.Runtime == "" {
		opts.Runtime = RuntimePackage
	}
	if opts.Backends == nil {
		opts.Backends = DefaultBackends
	}
	p := &planner{opts: opts, files: map[string]*srcFile{}}
	packages.Visit(pkgs, nil, func(pkg *packages.Package) {
		if pkg.TypesInfo != nil && pkg.Fset != nil {
			p.pkgs = append(p.pkgs, pkg)
		}
	})
	// Prefer the plain variant of a package over its test variant for the
	// files they share.
	slices.SortStableFunc(p.pkgs, func(a, b *packages.Package) int {
		return boolCmp(strings.Contains(a.ID, " ["), strings.Contains(b.ID, " ["))
	})
	for _, pkg := range p.pkgs {
		for _, f := range pkg.Syntax {
			tf := pkg.Fset.File(f.FileStart)
			if tf == nil {
				continue
			}
			name := filepath.Clean(tf.Name())
			if _, ok := p.files[name]; ok {
				continue
			}
			p.files[name] = &srcFile{path: name, pkg: pkg, file: f, tok: tf}
		}
	}
	return p
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// lookupFile finds the parsed file for path, or explains why there is none.
func (p *planner) lookupFile(path string) (*srcFile, string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, "cannot resolve the file path"
	}
	if f := p.files[abs]; f != nil {
		if f.src == nil {
			src, err := os.ReadFile(abs)
			if err != nil {
				return nil, "cannot read the file"
			}
			if len(src) != f.tok.Size() {
				return nil, "the file changed since it was loaded"
			}
			f.src = src
		}
		return f, ""
	}
	if strings.HasSuffix(abs, "_test.go") {
		return nil, testFileReason
	}
	for _, pkg := range p.pkgs {
		for _, g := range pkg.IgnoredFiles {
			if filepath.Clean(g) == abs {
				if importsC(abs) {
					return nil, cgoReason
				}
				return nil, "the file is excluded by its build constraints for this platform and these tags; rerun with the GOOS, GOARCH or -tags that include it"
			}
		}
		for _, g := range pkg.GoFiles {
			if filepath.Clean(g) == abs {
				return nil, cgoReason
			}
		}
	}
	return nil, "the file is not part of any package that was loaded"
}

const (
	testFileReason = "literal in a _test.go file: a test should not read a production secret from a store at run time; replace it with an obviously fake value, or suppress the finding with a reason"
	cgoReason      = "cgo file: the type checker sees the cgo-generated source, whose offsets are not the file's, so edits cannot be placed safely"
	generatedFile  = "generated file: the next run of its generator would restore the literal; change the generator's input instead"
)

func importsC(path string) bool {
	src, err := os.ReadFile(path)
	return err == nil && bytes.Contains(src, []byte(`import "C"`))
}

// site plans one rewrite and records its edits on success.
func (p *planner) site(r *Result) {
	f, why := p.lookupFile(r.File)
	if f == nil {
		r.fail(why)
		return
	}
	r.File = f.path
	r.Package = f.pkg.PkgPath
	if strings.HasSuffix(f.path, "_test.go") {
		r.fail(testFileReason)
		return
	}
	if ast.IsGenerated(f.file) {
		r.fail(generatedFile)
		return
	}
	for _, imp := range f.file.Imports {
		if imp.Path.Value == `"C"` {
			r.fail(cgoReason)
			return
		}
	}
	if r.Offset < 0 || r.EndOffset > f.tok.Size() || r.Offset >= r.EndOffset {
		r.fail("the span is outside the file")
		return
	}
	if _, err := parseRef(r.Ref); err != nil {
		r.fail(err.Error())
		return
	}
	start, end := f.tok.Pos(r.Offset), f.tok.Pos(r.EndOffset)
	path, _ := astutil.PathEnclosingInterval(f.file, start, end)
	info := f.pkg.TypesInfo

	// The innermost expression holding the span must be a string constant.
	idx := -1
	for i, n := range path {
		switch n := n.(type) {
		case *ast.Field:
			if n.Tag != nil && n.Tag.Pos() <= start && end <= n.Tag.End() {
				r.fail("struct tag: a tag is part of the type and must be a literal; move the secret out of the tag")
				return
			}
		case *ast.ImportSpec:
			r.fail("import path")
			return
		case *ast.Comment, *ast.CommentGroup:
			r.fail("comment: only Go expressions are rewritten")
			return
		}
		if e, ok := path[i].(ast.Expr); ok {
			if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				idx = i
				break
			}
		}
		if _, ok := path[i].(ast.Stmt); ok {
			break
		}
		if _, ok := path[i].(ast.Decl); ok {
			break
		}
	}
	if idx < 0 {
		r.fail("the span is not inside a string constant expression")
		return
	}
	// Replace the whole constant concatenation the literal is part of.
	for idx+1 < len(path) {
		parent, ok := path[idx+1].(ast.Expr)
		if !ok {
			break
		}
		tv := info.Types[parent]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			break
		}
		if b, ok := parent.(*ast.BinaryExpr); ok && b.Op == token.ADD {
			idx++
			continue
		}
		if _, ok := parent.(*ast.ParenExpr); ok {
			idx++
			continue
		}
		break
	}
	expr := path[idx].(ast.Expr)
	val := info.Types[expr].Value
	r.Value = finding.NewSecret(constant.StringVal(val))
	if lit, ok := expr.(*ast.Ident); ok {
		r.fail("the span is a use of the constant " + lit.Name + "; rewrite its declaration instead")
		return
	}

	// A concatenation with a constant that another site moves ("Bearer "
	// + apiToken) is covered by that site's rewrite.
	if other := p.constSiteIn(f, expr, r); other != "" {
		r.Rewritten, r.SameAs, r.Shape = true, other, ""
		return
	}

	// A site inside an edit already planned belongs to that edit.
	so, eo := f.tok.Offset(expr.Pos()), f.tok.Offset(expr.End())
	for _, e := range f.edits {
		if e.start < e.end && e.start <= so && eo <= e.end {
			r.Rewritten, r.SameAs, r.Shape = true, f.sites[e.site], ""
			return
		}
		if e.start < eo && so < e.end || e.start == e.end && so < e.start && e.start < eo {
			r.fail("overlaps another rewrite in the same expression")
			return
		}
	}

	// Walk up through constant conversions (Token("...")) to the
	// outermost constant expression; anything else constant around it
	// (len, comparisons, indexing in a constant context) means the value
	// is used as a constant.
	top := idx
	for top+1 < len(path) {
		parent, ok := path[top+1].(ast.Expr)
		if !ok {
			break
		}
		tv := info.Types[parent]
		if tv.Value == nil {
			break
		}
		if isStringConversion(info, parent) {
			top++
			continue
		}
		if _, ok := parent.(*ast.ParenExpr); ok {
			top++
			continue
		}
		r.fail("used in a constant expression (" + describe(f, parent) + "); a value read at run time cannot be a constant")
		return
	}

	// The replacement has type string; the expression may need a
	// conversion back to its named type.
	conv, why := p.conversion(f, info.Types[expr].Type, start)
	if why != "" {
		r.fail(why)
		return
	}

	fn, fnIdx := enclosingFunc(path)
	var spec *ast.ValueSpec
	var decl *ast.GenDecl
	if top+2 < len(path) {
		if vs, ok := path[top+1].(*ast.ValueSpec); ok {
			if gd, ok := path[top+2].(*ast.GenDecl); ok && gd.Tok == token.CONST {
				spec, decl = vs, gd
			}
		}
	}
	if spec != nil && (fn == nil || fnIdx > top+2) {
		p.constToVar(r, f, path[top:], spec, decl, expr, fn)
		return
	}
	if fn == nil {
		rt := p.runtimeName(f, start)
		if p.opts.EagerPackageVars {
			r.Shape = ShapeMustGet
			p.addEdit(f, expr, conv(rt+".MustGet("+strconv.Quote(r.Ref)+")"), r)
			p.needImports(f, r)
			return
		}
		// The whole value of a variable: the constant expression with
		// its conversions, or []byte of it.
		whole := top
		if whole+1 < len(path) {
			if call, ok := path[whole+1].(*ast.CallExpr); ok && len(call.Args) == 1 && info.Types[call.Fun].IsType() &&
				types.Identical(info.Types[call].Type, types.NewSlice(types.Typ[types.Byte])) {
				whole++
			}
		}
		var spec *ast.ValueSpec
		var obj types.Object
		if whole+1 < len(path) {
			if vs, ok := path[whole+1].(*ast.ValueSpec); ok && len(vs.Names) == 1 {
				spec, obj = vs, info.Defs[vs.Names[0]]
			}
		}
		if spec == nil || obj == nil {
			r.fail("a package-level initialiser that is not the whole value of a variable (a struct or map field, a call argument) cannot be read lazily; --go-eager reads it at start-up with secretref.MustGet instead")
			return
		}
		value := path[whole].(ast.Expr)
		uses, why := p.lazyUses(f, obj, spec, value)
		if why != "" {
			r.fail(why)
			return
		}
		r.Shape = ShapeLazy
		f.edits = append(f.edits, uses...)
		p.addEdit(f, value, rt+".Lazy("+strconv.Quote(r.Ref)+")", r)
		p.needImports(f, r)
		return
	}
	sig := funcSignature(info, fn)
	if sig == nil || !returnsError(sig) {
		r.Shape = ShapeMustGet
		rt := p.runtimeName(f, start)
		p.addEdit(f, expr, conv(rt+".MustGet("+strconv.Quote(r.Ref)+")"), r)
		p.needImports(f, r)
		return
	}
	name, ok := p.hoist(r, f, path, fn, sig, nil)
	if !ok {
		return
	}
	p.addEdit(f, expr, conv(name), r)
}

// conversion returns a function wrapping the string-typed replacement so
// that it has type t, or a reason when that cannot be written.
func (p *planner) conversion(f *srcFile, t types.Type, pos token.Pos) (func(string) string, string) {
	id := func(s string) string { return s }
	if t == nil {
		return id, ""
	}
	if b, ok := t.(*types.Basic); ok && (b.Kind() == types.String || b.Kind() == types.UntypedString) {
		return id, ""
	}
	if _, ok := t.Underlying().(*types.Basic); !ok || t.Underlying().(*types.Basic).Info()&types.IsString == 0 {
		return nil, "the literal has type " + t.String() + ", which a string read at run time cannot become"
	}
	name, why := p.typeName(f, t, pos)
	if why != "" {
		return nil, why
	}
	return func(s string) string { return name + "(" + s + ")" }, ""
}

// typeName writes t as it can be named in f at pos.
func (p *planner) typeName(f *srcFile, t types.Type, pos token.Pos) (string, string) {
	n, ok := t.(*types.Named)
	if !ok {
		if a, ok := t.(*types.Alias); ok {
			return p.typeName(f, types.Unalias(a), pos)
		}
		return "", "the literal has type " + t.String() + ", which cannot be named here"
	}
	if n.TypeArgs().Len() > 0 {
		return "", "the literal has the generic type " + t.String()
	}
	obj := n.Obj()
	if obj.Pkg() == nil {
		return obj.Name(), ""
	}
	if obj.Pkg() == f.pkg.Types {
		if s := f.pkg.Types.Scope().Innermost(pos); s != nil {
			if _, o := s.LookupParent(obj.Name(), pos); o != obj {
				return "", "the literal's type " + obj.Name() + " is shadowed here"
			}
		}
		return obj.Name(), ""
	}
	for _, imp := range f.file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if path != obj.Pkg().Path() {
			continue
		}
		name := obj.Pkg().Name()
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		return name + "." + obj.Name(), ""
	}
	return "", "the literal has type " + t.String() + " from a package this file does not import"
}

func isStringConversion(info *types.Info, e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	tv, ok := info.Types[call.Fun]
	if !ok || !tv.IsType() {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func describe(f *srcFile, n ast.Node) string {
	// Never quote the value: show the shape of the expression only.
	if call, ok := n.(*ast.CallExpr); ok {
		fun := string(f.src[f.tok.Offset(call.Fun.Pos()):f.tok.Offset(call.Fun.End())])
		return fun + "(…) at " + f.position(n.Pos())
	}
	if b, ok := n.(*ast.BinaryExpr); ok {
		return "operator " + b.Op.String() + " at " + f.position(n.Pos())
	}
	return fmt.Sprintf("%T at %s", n, f.position(n.Pos()))
}

func (f *srcFile) position(pos token.Pos) string {
	p := f.tok.Position(pos)
	return fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column)
}

func enclosingFunc(path []ast.Node) (ast.Node, int) {
	for i, n := range path {
		switch n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return n, i
		}
	}
	return nil, -1
}

func funcSignature(info *types.Info, fn ast.Node) *types.Signature {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
			return obj.Signature()
		}
	case *ast.FuncLit:
		if s, ok := info.Types[fn].Type.(*types.Signature); ok {
			return s
		}
	}
	return nil
}

var errorType = types.Universe.Lookup("error").Type()

func returnsError(sig *types.Signature) bool {
	res := sig.Results()
	return res.Len() > 0 && types.Identical(res.At(res.Len()-1).Type(), errorType)
}

func funcType(fn ast.Node) *ast.FuncType {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Type
	case *ast.FuncLit:
		return fn.Type
	}
	return nil
}

func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// hoist inserts, before the statement of path that sits in a statement
// list, a Get into a fresh variable with the error returned in the
// function's idiom, and returns the variable's name. When decl is not nil
// the variable is named decl (a local constant turned variable) and the
// statement is replaced instead.
func (p *planner) hoist(r *Result, f *srcFile, path []ast.Node, fn ast.Node, sig *types.Signature, constName *ast.Ident) (string, bool) {
	var stmt ast.Stmt
	var block ast.Node
	for i, n := range path {
		s, ok := n.(ast.Stmt)
		if !ok || i+1 >= len(path) {
			continue
		}
		switch s.(type) {
		case *ast.CaseClause, *ast.CommClause:
			continue // clauses of a switch or select, not statements of a list
		}
		switch path[i+1].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			// A CaseClause's or CommClause's own expressions are not in
			// its body; only statements of the body qualify.
			if cc, ok := path[i+1].(*ast.CaseClause); ok && !slices.Contains(cc.Body, s) {
				continue
			}
			if cc, ok := path[i+1].(*ast.CommClause); ok && !slices.Contains(cc.Body, s) {
				continue
			}
			stmt, block = s, path[i+1]
		}
		if stmt != nil {
			break
		}
	}
	if stmt == nil {
		r.fail("no statement to insert the read before")
		return "", false
	}
	pos := stmt.Pos()
	// The scope the new statement goes into is the block's, not the
	// statement's own (an if or for statement has a scope of its own
	// starting at its keyword). A function body's scope is its type's.
	info := f.pkg.TypesInfo
	scope := info.Scopes[block]
	if scope == nil && block == funcBody(fn) {
		scope = info.Scopes[funcType(fn)]
	}
	if scope == nil {
		scope = f.pkg.Types.Scope().Innermost(pos)
	}
	if scope == nil {
		r.fail("no scope at the statement")
		return "", false
	}

	// Zero values for the results before the error.
	ft := funcType(fn)
	var zeros []string
	res := sig.Results()
	var resTypes []ast.Expr
	if ft.Results != nil {
		for _, fld := range ft.Results.List {
			n := max(len(fld.Names), 1)
			for range n {
				resTypes = append(resTypes, fld.Type)
			}
		}
	}
	for i := 0; i < res.Len()-1; i++ {
		z, ok := zeroValue(f, res.At(i).Type(), resTypes[i])
		if !ok {
			r.fail("cannot write the zero value of result " + strconv.Itoa(i+1) + " (" + res.At(i).Type().String() + ")")
			return "", false
		}
		zeros = append(zeros, z)
	}

	ctxExpr, why := p.contextExpr(f, scope, pos)
	if why != "" {
		r.fail(why)
		return "", false
	}

	// Fresh names.
	taken := p.takenNames(f, fn)
	var name string
	if constName != nil {
		name = constName.Name
	} else {
		name = p.fresh(taken, scope, pos, identFromRef(r.Ref))
	}
	// err is reused when it is an error variable visible here, and
	// declared anew otherwise; but never when this block declares an err
	// later, whose own := would then declare nothing new.
	errName := "err"
	if _, o := scope.LookupParent("err", pos); o != nil {
		if v, ok := o.(*types.Var); !ok || !types.Identical(v.Type(), errorType) {
			errName = p.fresh(taken, scope, pos, "errSecret")
		}
	}
	if o := scope.Lookup("err"); o != nil && o.Pos() > pos {
		errName = p.fresh(taken, scope, pos, "errSecret")
	}
	taken[name] = true

	rt := p.runtimeName(f, pos)
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s := %s.Get(%s, %s)\n", name, errName, rt, ctxExpr, strconv.Quote(r.Ref))
	fmt.Fprintf(&b, "if %s != nil {\nreturn %s\n}\n", errName, strings.Join(append(zeros, errName), ", "))
	off := f.tok.Offset(pos)
	if constName != nil {
		// Replace the constant's declaration statement.
		f.edits = append(f.edits, edit{start: off, end: f.tok.Offset(stmt.End()), text: strings.TrimSuffix(b.String(), "\n"), site: len(f.sites)})
		f.sites = append(f.sites, r.ID)
	} else {
		f.edits = append(f.edits, edit{start: off, end: off, text: b.String(), site: len(f.sites)})
	}
	r.Shape = ShapeGet
	r.Rewritten = true
	p.needImports(f, r)
	return name, true
}

// zeroValue writes the zero value of t, whose source type expression is
// texpr.
func zeroValue(f *srcFile, t types.Type, texpr ast.Expr) (string, bool) {
	src := func() string { return string(f.src[f.tok.Offset(texpr.Pos()):f.tok.Offset(texpr.End())]) }
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature:
		return "nil", true
	case *types.Interface:
		if _, isParam := t.(*types.TypeParam); isParam {
			return "*new(" + src() + ")", true
		}
		return "nil", true
	case *types.Struct, *types.Array:
		return src() + "{}", true
	}
	if texpr != nil {
		return "*new(" + src() + ")", true
	}
	return "", false
}

// contextExpr returns an expression for a context.Context in scope at pos:
// a variable of that type (ctx preferred), a *http.Request's Context(), or
// context.Background().
func (p *planner) contextExpr(f *srcFile, scope *types.Scope, pos token.Pos) (string, string) {
	var best, req string
	for s := scope; s != nil && s != f.pkg.Types.Scope(); s = s.Parent() {
		for _, n := range s.Names() {
			o := s.Lookup(n)
			v, ok := o.(*types.Var)
			if !ok || n == "_" {
				continue
			}
			if _, vis := scope.LookupParent(n, pos); vis != o {
				continue // shadowed, or declared after pos
			}
			switch {
			case isNamed(v.Type(), "context", "Context"):
				if best == "" || n == "ctx" {
					best = n
				}
			case isPtrToNamed(v.Type(), "net/http", "Request") && req == "":
				req = n + ".Context()"
			}
		}
	}
	if best != "" {
		return best, ""
	}
	if req != "" {
		return req, ""
	}
	name := p.importName(f, "context", "context", pos)
	if name == "" {
		return "", "the name context is taken in this file and no context is in scope"
	}
	return name + ".Background()", ""
}

func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

func isPtrToNamed(t types.Type, pkg, name string) bool {
	p, ok := t.(*types.Pointer)
	return ok && isNamed(p.Elem(), pkg, name)
}

// importName returns the name under which f refers to path, arranging for
// the import to be added if needed, or "" when base is taken.
func (p *planner) importName(f *srcFile, path, base string, pos token.Pos) string {
	for _, imp := range f.file.Imports {
		ip, _ := strconv.Unquote(imp.Path.Value)
		if ip != path {
			continue
		}
		if imp.Name == nil {
			return base
		}
		if imp.Name.Name != "_" && imp.Name.Name != "." {
			return imp.Name.Name
		}
	}
	if n, ok := f.imports[path]; ok {
		if n == "" {
			return base
		}
		return n
	}
	name := base
	for i := 2; p.nameTaken(f, name, pos); i++ {
		name = base + strconv.Itoa(i)
	}
	if f.imports == nil {
		f.imports = map[string]string{}
	}
	if name == base {
		f.imports[path] = ""
	} else {
		f.imports[path] = name
	}
	return name
}

// nameTaken reports whether name is declared in f's package or file scope
// or anywhere inside f, where a new import of that name would clash or be
// shadowed.
func (p *planner) nameTaken(f *srcFile, name string, pos token.Pos) bool {
	if f.pkg.Types.Scope().Lookup(name) != nil {
		return true
	}
	if fs := f.pkg.TypesInfo.Scopes[f.file]; fs != nil && fs.Lookup(name) != nil {
		return true
	}
	taken := false
	ast.Inspect(f.file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			if _, isDef := f.pkg.TypesInfo.Defs[id]; isDef {
				taken = true
			}
		}
		return !taken
	})
	return taken
}

func (p *planner) runtimeName(f *srcFile, pos token.Pos) string {
	if f.runtimeName == "" {
		f.runtimeName = p.importName(f, p.opts.Runtime, "secretref", pos)
	}
	return f.runtimeName
}

// needImports records the blank import of the backend for r's scheme.
func (p *planner) needImports(f *srcFile, r *Result) {
	ref, _ := parseRef(r.Ref)
	if bp := p.opts.Backends[ref]; bp != "" {
		for _, imp := range f.file.Imports {
			if ip, _ := strconv.Unquote(imp.Path.Value); ip == bp {
				return
			}
		}
		if f.imports == nil {
			f.imports = map[string]string{}
		}
		f.imports[bp] = "_"
	}
}

// parseRef checks the shape of a reference and returns its scheme.
func parseRef(ref string) (string, error) {
	rest, ok := strings.CutPrefix(ref, "ref+")
	scheme, _, ok2 := strings.Cut(rest, "://")
	if !ok || !ok2 || scheme == "" || strings.ContainsAny(ref, "\n\"`\\") {
		return "", fmt.Errorf("reference %q is not of the form ref+SCHEME://…", ref)
	}
	return scheme, nil
}

func (p *planner) takenNames(f *srcFile, fn ast.Node) map[string]bool {
	if f.taken == nil {
		f.taken = map[ast.Node]map[string]bool{}
	}
	if t := f.taken[fn]; t != nil {
		return t
	}
	t := map[string]bool{}
	ast.Inspect(fn, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			t[id.Name] = true
		}
		return true
	})
	f.taken[fn] = t
	return t
}

func (p *planner) fresh(taken map[string]bool, scope *types.Scope, pos token.Pos, base string) string {
	name := base
	for i := 2; ; i++ {
		if _, o := scope.LookupParent(name, pos); o == nil && !taken[name] && token.Lookup(name) == token.IDENT {
			return name
		}
		name = base + strconv.Itoa(i)
	}
}

// identFromRef derives a variable name from the reference's key: #/db_password
// gives dbPassword.
func identFromRef(ref string) string {
	key := ref
	if i := strings.LastIndexAny(key, "#/."); i >= 0 {
		key = key[i+1:]
	}
	var b strings.Builder
	up := false
	for _, c := range key {
		switch {
		case c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			if b.Len() == 0 && unicode.IsDigit(c) {
				b.WriteString("s")
			}
			if up && b.Len() > 0 {
				c = unicode.ToUpper(c)
			} else if b.Len() == 0 {
				c = unicode.ToLower(c)
			}
			b.WriteRune(c)
			up = false
		default:
			up = true
		}
	}
	if b.Len() == 0 || b.Len() > 30 {
		return "secret"
	}
	return b.String()
}

func (p *planner) addEdit(f *srcFile, n ast.Node, text string, r *Result) {
	f.edits = append(f.edits, edit{start: f.tok.Offset(n.Pos()), end: f.tok.Offset(n.End()), text: text, site: len(f.sites)})
	f.sites = append(f.sites, r.ID)
	r.Rewritten = true
}

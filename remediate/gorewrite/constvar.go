package gorewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"
)

// constToVar turns the constant declared by spec into a variable read at
// run time, when every use of the constant allows it.
func (p *planner) constToVar(r *Result, f *srcFile, path []ast.Node, spec *ast.ValueSpec, decl *ast.GenDecl, expr ast.Expr, fn ast.Node) {
	info := f.pkg.TypesInfo
	if len(spec.Names) != 1 || len(spec.Values) != 1 {
		r.fail("the constant is declared together with others in one spec (a, b = …); split the declaration first")
		return
	}
	if spec.Values[0] != path[0] {
		r.fail("the secret is only part of the constant's value")
		return
	}
	name := spec.Names[0]
	obj, _ := info.Defs[name].(*types.Const)
	if obj == nil || name.Name == "_" {
		r.fail("blank constant: it is never used; delete it")
		return
	}
	where := "constant " + name.Name
	si := -1
	for i, s := range decl.Specs {
		if s == spec {
			si = i
		}
	}
	for _, later := range decl.Specs[si+1:] {
		vs := later.(*ast.ValueSpec)
		if si+1 < len(decl.Specs) && later == decl.Specs[si+1] && len(vs.Values) == 0 {
			r.fail("the next constant in the group (" + vs.Names[0].Name + ") repeats this one's expression, so " + where + " must stay a constant")
			return
		}
		if usesIota(info, vs) {
			r.fail("a later constant in the group uses iota: removing " + where + " from the group would renumber it")
			return
		}
	}
	if fn == nil && obj.Exported() && !p.opts.ExportedConsts && f.pkg.Name != "main" && !isInternal(f.pkg.PkgPath) {
		r.fail("exported " + where + " is part of the package's API: as a variable it would break importers that use it in constant expressions; rewrite its uses or allow exported constants")
		return
	}

	n := 0
	for _, u := range p.usesOf(obj) {
		n++
		if why := constUseBlocks(u, obj); why != "" {
			r.fail(where + " " + why + ", so it must stay a constant")
			return
		}
	}
	if n == 0 && fn != nil {
		r.fail(where + " is never used; delete it instead")
		return
	}

	conv, why := p.conversion(f, info.Types[expr].Type, expr.Pos())
	if why != "" {
		r.fail(why)
		return
	}
	r.Shape = ShapeConstToVar
	rt := func() string { return p.runtimeName(f, expr.Pos()) }
	mustGet := func() string { return conv(rt() + ".MustGet(" + strconv.Quote(r.Ref) + ")") }

	if fn != nil {
		if len(decl.Specs) != 1 {
			r.fail("a constant in a local constant group; move it to a declaration of its own first")
			return
		}
		sig := funcSignature(info, fn)
		full := p.findPath(f, decl)
		if sig != nil && returnsError(sig) {
			if _, identity := info.Types[expr].Type.(*types.Basic); identity && spec.Type == nil {
				if _, ok := p.hoist(r, f, full, fn, sig, name); ok {
					r.Shape = ShapeConstToVar
				}
				return
			}
			v, ok := p.hoist(r, f, full, fn, sig, nil)
			if !ok {
				return
			}
			r.Shape = ShapeConstToVar
			p.addEdit(f, expr, conv(v), r)
			p.keyword(f, decl)
			return
		}
		p.addEdit(f, expr, mustGet(), r)
		p.keyword(f, decl)
		p.needImports(f, r)
		return
	}

	init := mustGet()
	var uses []edit
	if !p.opts.EagerPackageVars {
		var why string
		if uses, why = p.lazyUses(f, obj, spec, expr); why != "" {
			r.fail(why)
			return
		}
		init = rt() + ".Lazy(" + strconv.Quote(r.Ref) + ")"
	}
	if len(decl.Specs) == 1 {
		f.edits = append(f.edits, uses...)
		p.addEdit(f, expr, init, r)
		p.keyword(f, decl)
		p.needImports(f, r)
		return
	}
	// Move the spec out of the group into a var declaration after it.
	start, end := spec.Pos(), spec.End()
	doc := ""
	if spec.Doc != nil {
		start = spec.Doc.Pos()
		doc = string(f.src[f.tok.Offset(spec.Doc.Pos()):f.tok.Offset(spec.Doc.End())]) + "\n"
	}
	if spec.Comment != nil {
		end = spec.Comment.End()
	}
	so, eo := f.tok.Offset(start), f.tok.Offset(end)
	xo, xe := f.tok.Offset(expr.Pos()), f.tok.Offset(expr.End())
	text := doc + "var " + string(f.src[f.tok.Offset(spec.Pos()):xo]) + init + string(f.src[xe:eo])
	if !p.opts.EagerPackageVars && spec.Type != nil {
		// The type is the runtime's now.
		text = doc + "var " + string(f.src[f.tok.Offset(spec.Pos()):f.tok.Offset(spec.Type.Pos())]) + "= " + init + string(f.src[xe:eo])
	}
	// Remove whole lines: from the start of the spec's first line to the
	// end of its last.
	ls := so
	for ls > 0 && f.src[ls-1] != '\n' {
		ls--
	}
	le := eo
	for le < len(f.src) && f.src[le] != '\n' {
		le++
	}
	if le < len(f.src) {
		le++
	}
	if strings.TrimSpace(string(f.src[ls:so])) != "" || strings.TrimSpace(string(f.src[eo:le])) != "" {
		r.fail("the constant shares a line with other declarations; put it on a line of its own first")
		return
	}
	for _, u := range uses {
		if u.start < ls || u.end > le { // the type's edit is in the moved text
			f.edits = append(f.edits, u)
		}
	}
	f.edits = append(f.edits, edit{start: ls, end: le, text: "", site: len(f.sites)})
	do := f.tok.Offset(decl.End())
	f.edits = append(f.edits, edit{start: do, end: do, text: "\n\n" + text, site: len(f.sites)})
	f.sites = append(f.sites, r.ID)
	r.Rewritten = true
	p.needImports(f, r)
}

func (p *planner) keyword(f *srcFile, decl *ast.GenDecl) {
	o := f.tok.Offset(decl.TokPos)
	f.edits = append(f.edits, edit{start: o, end: o + len("const"), text: "var", site: len(f.sites) - 1})
}

func (p *planner) findPath(f *srcFile, n ast.Node) []ast.Node {
	path, _ := astutil.PathEnclosingInterval(f.file, n.Pos(), n.End())
	return path
}

func isInternal(path string) bool {
	return strings.HasPrefix(path, "internal/") || strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal")
}

func usesIota(info *types.Info, vs *ast.ValueSpec) bool {
	found := false
	for _, v := range vs.Values {
		ast.Inspect(v, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == "iota" && info.Uses[id] == types.Universe.Lookup("iota") {
				found = true
			}
			return !found
		})
	}
	return found
}

func key(fset *token.FileSet, o types.Object) objKey {
	pos := fset.Position(o.Pos())
	return objKey{name: o.Name(), file: pos.Filename, off: pos.Offset}
}

// usesOf returns every use of the constant obj in the loaded packages,
// their test variants included (whose objects differ but share the
// declaration's position).
func (p *planner) usesOf(obj types.Object) []use {
	if p.uses == nil {
		p.uses = map[objKey][]use{}
		seen := map[token.Position]bool{}
		for _, pkg := range p.pkgs {
			for id, o := range pkg.TypesInfo.Uses {
				if o.Pkg() == nil {
					continue
				}
				if v, ok := o.(*types.Var); ok && v.Parent() != o.Pkg().Scope() {
					continue // only package-level variables
				} else if !ok && !isConst(o) {
					continue
				}
				// A package and its test variant share files.
				if pos := pkg.Fset.Position(id.Pos()); !seen[pos] {
					seen[pos] = true
					k := key(pkg.Fset, o)
					p.uses[k] = append(p.uses[k], use{pkg: pkg, ident: id})
				}
			}
		}
	}
	var fset *token.FileSet
	for _, pkg := range p.pkgs {
		fset = pkg.Fset
		break
	}
	us := p.uses[key(fset, obj)]
	for i := range us {
		if us[i].path == nil {
			us[i].path = pathOf(us[i].pkg, us[i].ident)
		}
	}
	return us
}

func pathOf(pkg *packages.Package, id *ast.Ident) []ast.Node {
	for _, f := range pkg.Syntax {
		if f.FileStart <= id.Pos() && id.End() <= f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, id.Pos(), id.End())
			return path
		}
	}
	return []ast.Node{id}
}

// constUseBlocks says why the use u of obj needs obj to be a constant, or
// "" when a variable of the same type would do.
func constUseBlocks(u use, obj *types.Const) string {
	info := u.pkg.TypesInfo
	at := func(n ast.Node) string {
		pos := u.pkg.Fset.Position(n.Pos())
		return fmt.Sprintf("%s:%d:%d", filepath.Base(pos.Filename), pos.Line, pos.Column)
	}
	path := u.path
	i := 0
	for i+1 < len(path) {
		parent, ok := path[i+1].(ast.Expr)
		if !ok {
			break
		}
		if _, ok := parent.(*ast.ParenExpr); ok {
			i++
			continue
		}
		tv := info.Types[parent]
		if tv.Value == nil {
			break
		}
		if isStringConversion(info, parent) {
			i++
			continue
		}
		// "Bearer " + token: the concatenation is computed at run time
		// once token is a variable.
		if b, ok := parent.(*ast.BinaryExpr); ok && b.Op == token.ADD && tv.Value.Kind() == constant.String {
			i++
			continue
		}
		return "is used in a constant expression at " + at(parent)
	}
	if i+2 < len(path) {
		if _, ok := path[i+1].(*ast.ValueSpec); ok {
			if gd, ok := path[i+2].(*ast.GenDecl); ok && gd.Tok == token.CONST {
				return "initialises another constant at " + at(path[i])
			}
		}
	}
	if i+1 < len(path) {
		if at2, ok := path[i+1].(*ast.ArrayType); ok && at2.Len == path[i] {
			return "is an array length at " + at(path[i])
		}
	}
	// An untyped constant takes the type its context needs; a variable
	// has type string.
	if b, ok := obj.Type().(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t := info.Types[u.ident].Type
		if t != nil && !types.Identical(t, types.Typ[types.String]) && !types.Identical(t, types.Typ[types.UntypedString]) {
			return "is used as type " + types.TypeString(t, types.RelativeTo(u.pkg.Types)) + " at " + at(u.ident) + " (a string variable is not assignable to it)"
		}
	}
	return ""
}

func isConst(o types.Object) bool {
	_, ok := o.(*types.Const)
	return ok
}

// lazyUses returns the edits that make each use of the package-level
// variable or constant obj, declared by spec with the value expr, read
// the LazySecret that replaces it (name.Value(), converted back to the
// variable's type: a named string type, or []byte), and the edit that
// drops the declared type; or why it cannot be lazy. Every use must read
// it and lie in the declaring file (a package's files are cut into one
// edit per secret), and the variable must not be exported from an
// importable package (its type changes).
func (p *planner) lazyUses(f *srcFile, obj types.Object, spec *ast.ValueSpec, expr ast.Expr) ([]edit, string) {
	const eager = "; --go-eager reads it at start-up with secretref.MustGet instead"
	name := obj.Name()
	if len(spec.Names) != 1 || len(spec.Values) != 1 || spec.Values[0] != expr {
		return nil, "the package-level secret is not the whole value of one variable, so it cannot be read lazily" + eager
	}
	var conv func(string) string
	if t := obj.Type(); types.Identical(t, types.NewSlice(types.Typ[types.Byte])) {
		conv = func(s string) string { return "[]byte(" + s + ")" }
	} else {
		var why string
		if conv, why = p.conversion(f, t, expr.Pos()); why != "" {
			return nil, why
		}
	}
	if obj.Exported() && f.pkg.Name != "main" && !isInternal(f.pkg.PkgPath) {
		return nil, "the exported " + name + " is part of the package's API, which reading it lazily would change" + eager
	}
	var out []edit
	site := len(f.sites)
	for _, u := range p.usesOf(obj) {
		pos := u.pkg.Fset.Position(u.ident.Pos())
		if filepath.Clean(pos.Filename) != f.path {
			return nil, name + " is used in another file (" + filepath.Base(pos.Filename) + "), and a lazy read changes every use" + eager
		}
		if why := writeUse(u); why != "" {
			return nil, name + " " + why + " at line " + strconv.Itoa(pos.Line) + ", so it cannot be read lazily" + eager
		}
		o := pos.Offset
		out = append(out, edit{start: o, end: o + len(name), text: conv(name + ".Value()"), site: site})
	}
	if spec.Type != nil {
		out = append(out, edit{start: f.tok.Offset(spec.Type.Pos()), end: f.tok.Offset(expr.Pos()), text: "= ", site: site})
	}
	return out, ""
}

// writeUse says how the use u does more than read a variable, or "".
func writeUse(u use) string {
	if len(u.path) < 2 {
		return ""
	}
	switch parent := u.path[1].(type) {
	case *ast.AssignStmt:
		for _, l := range parent.Lhs {
			if l == u.ident {
				return "is assigned"
			}
		}
	case *ast.IncDecStmt:
		return "is assigned"
	case *ast.UnaryExpr:
		if parent.Op == token.AND {
			return "has its address taken"
		}
	case *ast.RangeStmt:
		if parent.Key == u.ident || parent.Value == u.ident {
			return "is assigned"
		}
	}
	return ""
}

package goscan

import (
	"go/ast"

	"github.com/secretlint-go/secretlint/rules"
)

// Same-file type and method declarations: without types, a file's own
// declarations still say what a conversion keeps (Secret("…") of a
// `type Secret string`), which field a positional element fills
// (Credentials{"alice", "…"}, also inside []Credentials{{…}}), and which
// parameter of a method receives an argument (c.WithKey("…") where the
// file declares WithKey(apiKey string) and no other WithKey).

// method records a method's parameter names, unless another method of
// the file has its name.
func (s *scanner) method(d *ast.FuncDecl) {
	if s.methods == nil {
		s.methods = map[string][]string{}
	}
	name := d.Name.Name
	if _, dup := s.methods[name]; dup {
		s.methods[name] = nil // ambiguous without types
		return
	}
	s.methods[name] = fieldNames(d.Type.Params)
}

// typeDecl records the file's string types and struct field names.
func (s *scanner) typeDecl(gd *ast.GenDecl) {
	for _, spec := range gd.Specs {
		ts, ok := spec.(*ast.TypeSpec)
		if !ok || ts.Assign.IsValid() {
			continue
		}
		switch t := ts.Type.(type) {
		case *ast.Ident:
			if t.Name == "string" {
				if s.strTypes == nil {
					s.strTypes = map[string]bool{}
				}
				s.strTypes[ts.Name.Name] = true
			}
		case *ast.StructType:
			if s.structs == nil {
				s.structs = map[string][]string{}
			}
			s.structs[ts.Name.Name] = structFields(t)
		}
	}
}

// sameFileComposite judges the positional elements of a composite
// literal of a struct type of the file by the fields they fill, and notes
// the element type of a slice, array or map of such a struct for the
// elements that elide it.
func (s *scanner) sameFileComposite(n *ast.CompositeLit) {
	t := n.Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	var fields []string
	if st, ok := t.(*ast.StructType); ok {
		fields = structFields(st) // struct{ User, Password string }{"…", "…"}
	} else if s.structs == nil {
		return
	} else {
		typ := s.elided[n]
		switch t := t.(type) {
		case *ast.Ident:
			typ = t.Name
		case *ast.ArrayType:
			s.noteElided(n, t.Elt, false)
			return
		case *ast.MapType:
			s.noteElided(n, t.Value, true)
			return
		}
		if fields, ok = s.structs[typ]; !ok {
			return
		}
	}
	for i, el := range n.Elts {
		if _, kv := el.(*ast.KeyValueExpr); kv || i >= len(fields) {
			return // keyed elements are judged by name already
		}
		if fields[i] != "" {
			s.assignAs(rules.PairedName(fields[i], fields), fields[i], "field", el)
		}
	}
}

// noteElided records the struct type of the elements of n that elide it.
func (s *scanner) noteElided(n *ast.CompositeLit, elt ast.Expr, isMap bool) {
	if st, ok := elt.(*ast.StarExpr); ok {
		elt = st.X
	}
	id, ok := elt.(*ast.Ident)
	if !ok || s.structs[id.Name] == nil {
		return
	}
	for _, el := range n.Elts {
		if isMap {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			el = kv.Value
		}
		if cl, ok := el.(*ast.CompositeLit); ok && cl.Type == nil {
			if s.elided == nil {
				s.elided = map[*ast.CompositeLit]string{}
			}
			s.elided[cl] = id.Name
		}
	}
}

// structFields returns a struct type's field names in order, "" for an
// embedded field.
func structFields(t *ast.StructType) []string {
	var fields []string
	for _, f := range t.Fields.List {
		if len(f.Names) == 0 {
			fields = append(fields, "") // embedded
		}
		for _, n := range f.Names {
			fields = append(fields, n.Name)
		}
	}
	return fields
}

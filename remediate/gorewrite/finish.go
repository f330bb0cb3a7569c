package gorewrite

import (
	"bytes"
	"cmp"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// finish applies the planned edits of each file, adds the imports, formats
// the result and checks that it parses. A file that fails is dropped with
// all its sites.
func (p *planner) finish(results []Result) (*Change, []Result) {
	ch := &Change{Files: map[string]*FileChange{}}
	for _, path := range slices.Sorted(maps.Keys(p.files)) {
		f := p.files[path]
		if len(f.edits) == 0 {
			continue
		}
		out, imports, err := p.render(f)
		if err != "" {
			for i := range results {
				if results[i].File == path && (results[i].Rewritten) {
					results[i].fail("internal error: " + err)
					results[i].SameAs = ""
				}
			}
			continue
		}
		ch.Files[path] = &FileChange{Path: path, Package: f.pkg.PkgPath, Old: f.src, New: out, Sites: f.sites}
		for i := range results {
			if results[i].File == path && results[i].Rewritten {
				results[i].NewImports = imports
			}
		}
	}
	return ch, results
}

func (p *planner) render(f *srcFile) ([]byte, []string, string) {
	edits := slices.Clone(f.edits)
	slices.SortStableFunc(edits, func(a, b edit) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.site, b.site))
	})
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.start < last {
			return nil, nil, "overlapping edits"
		}
		buf.Write(f.src[last:e.start])
		buf.WriteString(e.text)
		last = e.end
	}
	buf.Write(f.src[last:])

	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, f.path, buf.Bytes(), parser.ParseComments)
	if err != nil {
		return nil, nil, "the rewritten file does not parse"
	}
	var added []string
	for _, path := range slices.Sorted(maps.Keys(f.imports)) {
		name := f.imports[path]
		if name == "_" {
			continue
		}
		if astutil.AddNamedImport(fset, file, name, path) {
			if !astutil.UsesImport(file, path) {
				astutil.DeleteNamedImport(fset, file, name, path)
				continue
			}
			added = append(added, path)
		}
	}
	// A backend is imported where the runtime is used.
	if astutil.UsesImport(file, p.opts.Runtime) {
		for _, path := range slices.Sorted(maps.Keys(f.imports)) {
			if f.imports[path] == "_" && astutil.AddNamedImport(fset, file, "_", path) {
				added = append(added, path)
			}
		}
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, file); err != nil {
		return nil, nil, "formatting the rewritten file failed"
	}
	if len(added) > 0 {
		if b, ok := groupImports(out.Bytes()); ok {
			out.Reset()
			out.Write(b)
		}
	}
	if _, err := parser.ParseFile(token.NewFileSet(), f.path, out.Bytes(), parser.ParseComments); err != nil {
		return nil, nil, "the formatted file does not parse"
	}
	return out.Bytes(), added, ""
}

// groupImports puts the imports that are not from the standard library in
// a group of their own after the standard ones, as goimports does, when
// the file has a single import group without comments (astutil.AddImport
// adds to the closest group, which is the standard library's when there is
// only that one).
func groupImports(src []byte) ([]byte, bool) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.ParseComments|parser.ImportsOnly)
	if err != nil || len(file.Decls) == 0 {
		return nil, false
	}
	gd, ok := file.Decls[0].(*ast.GenDecl)
	if !ok || gd.Tok != token.IMPORT || !gd.Lparen.IsValid() || len(gd.Specs) < 2 {
		return nil, false
	}
	for _, cg := range file.Comments {
		if cg.Pos() > gd.Lparen && cg.End() < gd.Rparen {
			return nil, false
		}
	}
	var std, other []string
	prevLine := 0
	for _, s := range gd.Specs {
		is := s.(*ast.ImportSpec)
		line := fset.Position(is.Pos()).Line
		if prevLine != 0 && line != prevLine+1 {
			return nil, false // already grouped
		}
		prevLine = line
		text := string(src[fset.Position(is.Pos()).Offset:fset.Position(is.End()).Offset])
		path, _ := strconv.Unquote(is.Path.Value)
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			other = append(other, text)
		} else {
			std = append(std, text)
		}
	}
	if len(std) == 0 || len(other) == 0 {
		return nil, false
	}
	block := "(\n\t" + strings.Join(std, "\n\t") + "\n\n\t" + strings.Join(other, "\n\t") + "\n)"
	lp, rp := fset.Position(gd.Lparen).Offset, fset.Position(gd.Rparen).Offset
	out := append(append(append([]byte{}, src[:lp]...), block...), src[rp+1:]...)
	b, err := format.Source(out)
	if err != nil {
		return nil, false
	}
	return b, true
}

package remediate

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/secretlint-go/secretlint/finding"
)

// EditGo replaces a region of a Go file around a secret literal with the
// code that reads the value at run time (remediate/gorewrite).
const EditGo = "go"

// EditGoCode replaces a region of Go code that holds no value (an import,
// a use of a variable that now reads the store, the statements that read
// it) or of go.mod and go.sum (the requirement on the runtime modules). It
// moves no value: its Spelling's Prefix is the old text, which rollback
// writes back.
const EditGoCode = "go-code"

// GoRewriter rewrites Go sources into calls to the runtime package
// secretref. remediate/gorewrite implements it; remediate itself imports
// no Go tooling. Plan and apply use it through PlanOptions.Go and
// ApplyOptions.Go; without one, Go findings stay "not yet rewritable".
type GoRewriter interface {
	// RewriteGo plans the rewrite of sites and proves that it builds,
	// writing nothing: it returns the new content of every file it would
	// change (by slash path relative to root), go.mod and go.sum
	// included, and one outcome per site.
	RewriteGo(ctx context.Context, root string, sites []GoSite) (map[string][]byte, []GoOutcome, error)
	// VerifyGo type-checks the packages holding files as they are on disk
	// and returns the files of failing packages with a reason that holds
	// no value.
	VerifyGo(ctx context.Context, root string, files []string) (map[string]string, error)
}

// GoSite is one Go finding to rewrite.
type GoSite struct {
	File              string // slash path relative to the root
	Offset, EndOffset int    // the literal's span
	Ref               string // the reference to read it from
}

// GoOutcome is what the rewriter did with one GoSite.
type GoOutcome struct {
	Rewritten bool
	// Package is the import path of the site's package: Go files of one
	// package are written all together or not at all.
	Package string
	// Value is the value of the whole expression replaced, which differs
	// from the finding's when the secret is built by concatenation.
	Value finding.Secret
	// Reason says why the site is not rewritten; it holds no value.
	Reason string
	// SameAs is true when another site's rewrite covers this one: the
	// site at index SameSite of the sites given, or -1 when unknown.
	SameAs   bool
	SameSite int
}

func isGoFile(file string) bool { return strings.EqualFold(path.Ext(file), ".go") }

// goKey names the store key of a Go finding after its package and the Go
// name that holds it, in snake case: dbPassword in package db is
// db.password, apiToken in package billing billing.api_token, a literal
// passed to (*http.Request).SetBasicAuth auth.basic_auth. The package is
// the file's directory (the file's name for a file at the root). Without
// a name it is the rule's ID.
func goKey(f *finding.Finding) string {
	pkg := path.Base(path.Dir(f.File))
	if pkg == "." || pkg == "/" {
		pkg = strings.TrimSuffix(path.Base(f.File), path.Ext(f.File))
	}
	pkg = snake(pkg)
	name := f.KeyPath
	if i := strings.LastIndexAny(name, "./"); i >= 0 {
		name = name[i+1:]
	}
	name = snake(strings.TrimPrefix(name, "Set"))
	if name == "" {
		name = snake(f.RuleID)
	}
	if rest, ok := strings.CutPrefix(name, pkg+"_"); ok && rest != "" {
		name = rest
	}
	return SanitizeKey(pkg + "." + name)
}

// snake writes a Go name or an ID in snake case: APIToken → api_token,
// dbPassword → db_password, github-pat → github_pat.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, c := range rs {
		switch {
		case unicode.IsUpper(c):
			// A word starts at an upper-case letter after a lower-case
			// one or a digit, or before a lower-case one (APIToken).
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(c))
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			b.WriteRune(c)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	return strings.Trim(b.String(), "_")
}

// planGo turns the Go requests into plan files: the rewriter computes and
// proves each file's new content, and the difference between the old and
// new content is cut into one Edit per secret, each a contiguous region
// holding exactly that secret's literal. Each Edit's Spelling keeps the
// code around the literal, so apply reads the value back and rollback
// writes it back byte for byte, as for YAML edits; code holding any other
// secret of the file makes the file not rewritable, so that no value ends
// up in the plan.
func (p *Plan) planGo(ctx context.Context, opts PlanOptions, reqs []*request, allValues map[string][]string, skip func(*finding.Finding, string, string)) error {
	if len(reqs) == 0 {
		return nil
	}
	sites := make([]GoSite, len(reqs))
	for i, r := range reqs {
		sites[i] = GoSite{File: r.f.File, Offset: r.f.Offset, EndOffset: r.f.EndOffset, Ref: r.ref}
	}
	news, outs, err := opts.Go.RewriteGo(ctx, opts.Root, sites)
	if err != nil {
		return fmt.Errorf("rewriting Go sources: %w", err)
	}
	byFile := map[string][]int{}
	planned := map[int]bool{}
	const concat = "the secret is built by constant concatenation: remediate stores single literals, so join it into one literal (or rewrite it with gorewrite directly)"
	for i, r := range reqs {
		o := outs[i]
		switch {
		case !o.Rewritten:
			skip(r.f, StatusNotRewritable, o.Reason)
		case o.SameAs:
		case !o.Value.Equal(r.f.Secret):
			skip(r.f, StatusNotRewritable, concat)
		default:
			byFile[r.f.File] = append(byFile[r.f.File], i)
			planned[i] = true
		}
	}
	// A site another one's rewrite covers ("Bearer " + apiToken, when
	// apiToken's declaration moves) is resolved by that edit.
	covered := map[int]bool{}
	for i, r := range reqs {
		if o := outs[i]; o.Rewritten && o.SameAs {
			if t := o.SameSite; t >= 0 && t < len(reqs) && planned[t] {
				reqs[t].dups = append(reqs[t].dups, r.f)
				covered[i] = true
			} else {
				skip(r.f, StatusNotRewritable, concat)
			}
		}
	}
	// A package is rewritten whole or not at all: a site skipped above may
	// still be rewritten in the new content.
	pkgOK := map[string]bool{}
	for i, o := range outs {
		if o.Rewritten && !covered[i] {
			if _, seen := pkgOK[o.Package]; !seen {
				pkgOK[o.Package] = true
			}
			if _, ok := byFile[reqs[i].f.File]; !ok || !slices.Contains(byFile[reqs[i].f.File], i) {
				pkgOK[o.Package] = false
			}
		}
	}
	for _, file := range slices.Sorted(maps.Keys(byFile)) {
		idx := byFile[file]
		pkg := outs[idx[0]].Package
		fail := func(reason string) {
			for _, i := range idx {
				skip(reqs[i].f, StatusNotRewritable, reason)
			}
		}
		if !pkgOK[pkg] {
			fail("another secret of package " + pkg + " cannot be moved by remediate, and a package's files are rewritten together")
			continue
		}
		old, err := os.ReadFile(filepath.Join(opts.Root, filepath.FromSlash(file)))
		if err != nil {
			fail("cannot read the file: " + errorsWithoutPath(err))
			continue
		}
		newContent, ok := news[file]
		if !ok {
			fail("the Go rewriter produced no content for the file")
			continue
		}
		edits, reason := goEdits(old, newContent, reqs, idx, allValues[file])
		if reason != "" {
			fail(reason)
			continue
		}
		p.Files = append(p.Files, &PlanFile{Path: file, Before: fileHash(opts.Salt, old), After: fileHash(opts.Salt, newContent), Edits: edits, GoPackage: pkg})
	}
	// Drop the files of packages that lost a file above.
	lost := map[string]bool{}
	for pkg, ok := range pkgOK {
		lost[pkg] = !ok
	}
	for _, file := range slices.Sorted(maps.Keys(byFile)) {
		if !slices.ContainsFunc(p.Files, func(pf *PlanFile) bool { return pf.Path == file }) {
			lost[outs[byFile[file][0]].Package] = true
		}
	}
	var keep []*PlanFile
	for _, pf := range p.Files {
		if pf.GoPackage != "" && lost[pf.GoPackage] {
			for _, e := range pf.Edits {
				for i, r := range reqs {
					if r.f.File == pf.Path && r.f.Offset == e.FindingOffset {
						skip(reqs[i].f, StatusNotRewritable, "another file of package "+pf.GoPackage+" cannot be rewritten, and a package's files are rewritten together")
					}
				}
			}
			continue
		}
		keep = append(keep, pf)
	}
	p.Files = keep
	inEdit := map[string]bool{}
	for _, pf := range p.Files {
		for _, e := range pf.Edits {
			for _, fp := range e.Fingerprints {
				inEdit[fp] = true
			}
		}
	}
	for i := range covered {
		if !inEdit[reqs[i].f.Fingerprint] {
			skip(reqs[i].f, StatusNotRewritable, "the secret is a constant whose declaration is not rewritten, so this use stays")
		}
	}
	p.planGoMod(opts.Root, opts.Salt, news)
	return nil
}

// planGoMod adds to the plan the go.mod and go.sum files of news whose
// module keeps a rewritten Go file: each difference is an EditGoCode, so
// that the plan and its diff show them, apply writes them through the
// journal, and rollback restores them byte for byte.
func (p *Plan) planGoMod(root, salt string, news map[string][]byte) {
	var mods []*PlanFile
	for _, file := range slices.Sorted(maps.Keys(news)) {
		if base := path.Base(file); base != "go.mod" && base != "go.sum" {
			continue
		}
		if goModuleOf(p.Files, file) == "" {
			continue // every Go file of the module was dropped
		}
		old, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			continue
		}
		neu := news[file]
		pf := &PlanFile{Path: file, Before: fileHash(salt, old), After: fileHash(salt, neu), GoMod: true}
		for _, d := range udiff.Bytes(old, neu) {
			pf.Edits = append(pf.Edits, codeEdit(old, d))
		}
		mods = append(mods, pf)
	}
	// go.mod and go.sum come first: the Go files need them.
	p.Files = append(mods, p.Files...)
}

// goModuleOf returns the directory ("." for the root) of the go.mod or
// go.sum file modFile when a Go file of files lies in that module and in
// no module nested in it, else "".
func goModuleOf(files []*PlanFile, modFile string) string {
	dir := path.Dir(modFile)
	for _, pf := range files {
		if pf.GoPackage == "" || !inDir(dir, pf.Path) {
			continue
		}
		nested := slices.ContainsFunc(files, func(o *PlanFile) bool {
			d := path.Dir(o.Path)
			return o.GoMod && d != dir && inDir(dir, d+"/x") && inDir(d, pf.Path)
		})
		if !nested {
			return dir
		}
	}
	return ""
}

func inDir(dir, file string) bool { return dir == "." || strings.HasPrefix(file, dir+"/") }

// goEdits cuts the difference between old and new into one Edit per site
// (idx into reqs), each the change that replaces its literal, plus one
// EditGoCode per other change (imports, uses, inserted statements), or
// says why it cannot. No edit's old or new text may hold another secret
// of the file (others), which the plan would then hold.
func goEdits(old, new []byte, reqs []*request, idx []int, others []string) ([]*Edit, string) {
	diffs := goDiff(old, new)
	type group struct {
		r          *request
		start, end int
		ls, le     int
		changes    []udiff.Edit
	}
	groups := make([]*group, len(idx))
	for n, i := range idx {
		r := reqs[i]
		groups[n] = &group{r: r, start: r.f.Offset, end: r.f.EndOffset, ls: r.f.Offset, le: r.f.EndOffset}
	}
	slices.SortFunc(groups, func(a, b *group) int { return a.ls - b.ls })
	var code []udiff.Edit
	for _, d := range diffs {
		touched := -1
		for k, gr := range groups {
			// A change touching the literal, or right next to it, is
			// its edit's (the call wrapped around it).
			if d.Start <= gr.le && gr.ls <= d.End {
				if touched >= 0 {
					return nil, "one change of the rewrite spans two secrets"
				}
				touched = k
			}
		}
		if touched < 0 {
			code = append(code, d)
			continue
		}
		gr := groups[touched]
		gr.start = min(gr.start, d.Start)
		gr.end = max(gr.end, d.End)
		gr.changes = append(gr.changes, d)
	}
	for k := 1; k < len(groups); k++ {
		if groups[k-1].end > groups[k].start {
			return nil, "the changes of the rewrite around two secrets overlap"
		}
	}
	holdsOther := func(texts ...string) bool {
		for _, o := range others {
			for _, t := range texts {
				if o != "" && strings.Contains(t, o) {
					return true
				}
			}
		}
		return false
	}
	var edits []*Edit
	for _, gr := range groups {
		// The group's new text: its old text with its changes applied.
		var nb strings.Builder
		last := gr.start
		for _, d := range gr.changes {
			nb.Write(old[last:d.Start])
			nb.WriteString(d.New)
			last = d.End
		}
		nb.Write(old[last:gr.end])
		repl := nb.String()
		lit := string(old[gr.ls:gr.le])
		sp := Spelling{Prefix: string(old[gr.start:gr.ls]), Suffix: string(old[gr.le:gr.end])}
		switch {
		case strings.HasPrefix(lit, "`"):
			sp.Prefix += "`"
			sp.Suffix = "`" + sp.Suffix
		case strings.HasPrefix(lit, `"`):
			sp.Quote = `"`
		default:
			return nil, "the finding's span is not a string literal"
		}
		v, ok := sp.Unspell(string(old[gr.start:gr.end]))
		if !ok || v != gr.r.f.Secret.Reveal() {
			return nil, "a secret literal is written with escapes, which a rollback could not write back byte for byte; write it without escapes first"
		}
		if holdsOther(sp.Prefix, sp.Suffix, repl) {
			return nil, "another secret lies in the code the rewrite changes, which the plan would then hold; move that one first"
		}
		edits = append(edits, &Edit{
			Line: gr.r.f.Line, Column: gr.r.f.Column, RuleID: gr.r.f.RuleID, Kind: EditGo,
			Secret: gr.r.secret, Key: gr.r.key,
			Offset: gr.start, EndOffset: gr.end, Replacement: repl,
			FindingOffset: gr.r.f.Offset, FindingEnd: gr.r.f.EndOffset, Spelling: sp,
			Fingerprints: append([]string{gr.r.f.Fingerprint}, fingerprints(gr.r.dups)...),
		})
	}
	// Neighbouring changes of code become one edit, unless a literal or
	// another secret lies between them.
	var merged []udiff.Edit
	for _, d := range code {
		if n := len(merged); n > 0 {
			prev := &merged[n-1]
			between := !slices.ContainsFunc(groups, func(g *group) bool { return prev.End <= g.ls && g.ls < d.Start })
			if between && !holdsOther(string(old[prev.End:d.Start])) {
				prev.New += string(old[prev.End:d.Start]) + d.New
				prev.End = d.End
				continue
			}
		}
		merged = append(merged, d)
	}
	for _, d := range merged {
		if holdsOther(string(old[d.Start:d.End]), d.New) {
			return nil, "another secret lies in the code the rewrite changes, which the plan would then hold; move that one first"
		}
		edits = append(edits, codeEdit(old, d))
	}
	slices.SortFunc(edits, func(a, b *Edit) int { return cmp.Or(a.Offset-b.Offset, a.EndOffset-b.EndOffset) })
	// The edits must reproduce new exactly.
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.Offset < last {
			return nil, "internal error: the cut of the Go rewrite overlaps"
		}
		b.Write(old[last:e.Offset])
		b.WriteString(e.Replacement)
		last = e.EndOffset
	}
	b.Write(old[last:])
	if b.String() != string(new) {
		return nil, "internal error: the cut of the Go rewrite does not reproduce it"
	}
	return edits, ""
}

// goDiff returns the changes from old to new: the changed lines, each cut
// further into its changed characters, so that a change stays next to
// what it changes (a character diff of a whole file can match far
// apart).
func goDiff(old, new []byte) []udiff.Edit {
	var out []udiff.Edit
	for _, l := range udiff.Lines(string(old), string(new)) {
		for _, d := range udiff.Strings(string(old[l.Start:l.End]), l.New) {
			out = append(out, udiff.Edit{Start: l.Start + d.Start, End: l.Start + d.End, New: d.New})
		}
	}
	return out
}

// codeEdit is the EditGoCode for the change d of old.
func codeEdit(old []byte, d udiff.Edit) *Edit {
	line := 1 + bytes.Count(old[:d.Start], []byte("\n"))
	col := d.Start - (bytes.LastIndexByte(old[:d.Start], '\n') + 1) + 1
	return &Edit{Line: line, Column: col, Kind: EditGoCode, Aux: true,
		Offset: d.Start, EndOffset: d.End, Replacement: d.New,
		FindingOffset: d.Start, FindingEnd: d.End, Spelling: Spelling{Prefix: string(old[d.Start:d.End])}}
}

func fingerprints(fs []*finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	return out
}

// goBlocked returns, for each Go package of the plan, why its files cannot
// be written now: a file changed, or a value not verified in the store.
// The files of a package are written together, because the rewrite was
// proved to build only as a whole.
func (a *applier) goBlocked(files []*fileState, verified map[dest]bool) map[string]string {
	out := map[string]string{}
	for _, fs := range files {
		if fs.pf.GoMod && fs.state == FileChanged {
			dir := path.Dir(fs.pf.Path)
			for _, o := range files {
				if o.pf.GoPackage != "" && out[o.pf.GoPackage] == "" && inDir(dir, o.pf.Path) {
					out[o.pf.GoPackage] = fs.pf.Path + ": " + fs.reason
				}
			}
		}
	}
	for _, fs := range files {
		pkg := fs.pf.GoPackage
		if pkg == "" || out[pkg] != "" {
			continue
		}
		switch fs.state {
		case FileChanged:
			out[pkg] = fs.pf.Path + ": " + fs.reason
			continue
		case FileAlreadyRewritten:
			continue
		}
		for i, e := range fs.pf.Edits {
			if !e.Aux && !slices.Contains(fs.applied, i) && !verified[dest{e.Secret, e.Key}] {
				out[pkg] = fmt.Sprintf("%s line %d: %s#%s is not stored", fs.pf.Path, e.Line, e.Secret, e.Key)
				break
			}
		}
	}
	return out
}

// rewriteGo writes one Go file with all its planned edits, which must give
// exactly the content the plan proved.
func (a *applier) rewriteGo(fs *fileState, blocked map[string]string) (*FileReport, error) {
	pf := fs.pf
	fr := &FileReport{Path: pf.Path}
	if done, err := a.settled(fs, fr); done {
		return fr, err
	}
	if blocked[pf.GoPackage] != "" {
		fr.Status, fr.Reason = FileSkipped, "the Go files of package "+pf.GoPackage+" are rewritten together, and "+blocked[pf.GoPackage]
		if len(fs.applied) > 0 {
			fr.Status = FilePartial
		}
		return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fr.Reason})
	}
	if a.o.Go == nil {
		return fr, errors.New("the plan rewrites Go files, but this run has no Go rewriter")
	}
	return a.writeAll(fs, fr, "the planned edits no longer give the content that was proved to build", fmt.Sprintf("rewrote %s", pf.Path))
}

// writeAll writes fs with all its planned edits, which must give the
// planned content (else the file is skipped with mismatch as the reason),
// through the journal.
func (a *applier) writeAll(fs *fileState, fr *FileReport, mismatch, done string) (*FileReport, error) {
	pf := fs.pf
	var b strings.Builder
	last := 0
	var all []int
	for i, e := range pf.Edits {
		start, end := e.Offset+fs.shift[i], e.EndOffset+fs.shift[i]
		if slices.Contains(fs.applied, i) {
			end = start + len(e.Replacement)
		}
		if start < last || end > len(fs.content) {
			fr.Status, fr.Reason = FileSkipped, "the planned edits no longer check out on this file"
			return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fr.Reason})
		}
		b.Write(fs.content[last:start])
		b.WriteString(e.Replacement)
		last = end
		all = append(all, i)
	}
	b.Write(fs.content[last:])
	after := []byte(b.String())
	if fileHash(a.o.Salt, after) != pf.After {
		fr.Status, fr.Reason = FileSkipped, mismatch
		return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fr.Reason})
	}
	if err := a.j.append(record{Step: stepFileIntent, Path: pf.Path, Before: pf.Before, After: pf.After, Edits: all}); err != nil {
		return fr, err
	}
	if err := writeIn(a.root, pf.Path, after, fsMode(fs.mode), fs.content, true); err != nil {
		return fr, err
	}
	if err := a.j.append(record{Step: stepFileDone, Path: pf.Path, After: pf.After}); err != nil {
		return fr, err
	}
	fr.Status = FileRewritten
	a.logf("%s", done)
	return fr, nil
}

// settled reports, in fr, a file already rewritten or changed by someone
// else since the plan, and says whether it is one.
func (a *applier) settled(fs *fileState, fr *FileReport) (bool, error) {
	switch fs.state {
	case FileAlreadyRewritten:
		fr.Status = FileAlreadyRewritten
		return true, nil
	case FileChanged:
		fr.Status, fr.Reason = FileChanged, fs.reason
		a.logf("left %s as it is: %s", fs.pf.Path, fs.reason)
		return true, a.j.append(record{Step: stepFileSkip, Path: fs.pf.Path, Reason: fs.reason})
	}
	return false, nil
}

// rewriteGoMod writes a go.mod or go.sum file of the plan (EditGoCode
// edits) when a Go package of its module is written, before the Go files
// that need it.
func (a *applier) rewriteGoMod(fs *fileState, blocked map[string]string) (*FileReport, error) {
	pf := fs.pf
	fr := &FileReport{Path: pf.Path}
	if done, err := a.settled(fs, fr); done {
		return fr, err
	}
	dir := path.Dir(pf.Path)
	if !slices.ContainsFunc(a.p.Files, func(o *PlanFile) bool {
		return o.GoPackage != "" && blocked[o.GoPackage] == "" && inDir(dir, o.Path)
	}) {
		fr.Status, fr.Reason = FileSkipped, "no Go file of its module is rewritten"
		return fr, a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: fr.Reason})
	}
	return a.writeAll(fs, fr, "the planned edits no longer give the planned content", "rewrote "+pf.Path+" (the requirement on the Go runtime modules)")
}

// verifyGo type-checks the packages of the Go files now rewritten (by this
// run or an earlier one of the same journal) and restores, from the
// store's values, every file of a package that fails.
func (a *applier) verifyGo(ctx context.Context) error {
	var files []string
	reports := map[string]*FileReport{}
	for _, fr := range a.rep.Files {
		reports[fr.Path] = fr
	}
	pfs := map[string]*PlanFile{}
	for _, pf := range a.p.Files {
		if pf.GoPackage == "" {
			continue
		}
		pfs[pf.Path] = pf
		if fr := reports[pf.Path]; fr != nil && (fr.Status == FileRewritten || fr.Status == FileAlreadyRewritten) {
			files = append(files, pf.Path)
		}
	}
	if len(files) == 0 {
		return nil
	}
	if a.o.Go == nil {
		return errors.New("the plan rewrites Go files, but this run has no Go rewriter")
	}
	failed, err := a.o.Go.VerifyGo(ctx, a.o.Root, files)
	if err != nil {
		return fmt.Errorf("type-checking the rewritten Go packages: %w", err)
	}
	if len(failed) == 0 {
		return nil
	}
	badPkg := map[string]string{}
	for f, why := range failed {
		if pf := pfs[f]; pf != nil {
			badPkg[pf.GoPackage] = why
		}
	}
	value := a.movedValues()
	for _, p := range files {
		pf := pfs[p]
		why, bad := badPkg[pf.GoPackage]
		if !bad {
			continue
		}
		reason := "restored: the rewritten package does not build: " + why
		if err := a.restoreWritten(ctx, pf, value, "the rewritten package "+pf.GoPackage+" does not build", reason); err != nil {
			return err
		}
		fr := reports[p]
		fr.Status, fr.Reason = FileSkipped, reason
		a.logf("restored %s: %s", p, why)
	}
	return a.restoreUnusedGoMod(ctx, reports)
}

// restoreWritten puts back the content the plan saw in the file pf, which
// this run wrote (all its edits), and journals it as skipped with reason;
// why says why it is restored, for the errors.
func (a *applier) restoreWritten(ctx context.Context, pf *PlanFile, value func(context.Context, *Edit) (string, error), why, reason string) error {
	content, mode, _, err := readIn(a.root, pf.Path)
	if err != nil || fileHash(a.o.Salt, content) != pf.After {
		return fmt.Errorf("%s: %s and the file changed since it was written; restore it by hand", pf.Path, why)
	}
	idx := make([]int, len(pf.Edits))
	for i := range idx {
		idx[i] = i
	}
	restored, err := restore(ctx, content, pf, idx, value)
	if err == nil && fileHash(a.o.Salt, restored) != pf.Before {
		err = errors.New("the restored content does not match the original")
	}
	if err != nil {
		return fmt.Errorf("%s: %s, and restoring it failed: %w", pf.Path, why, err)
	}
	if err := writeIn(a.root, pf.Path, restored, mode.Perm(), content, true); err != nil {
		return err
	}
	return a.j.append(record{Step: stepFileSkip, Path: pf.Path, Reason: reason})
}

// restoreUnusedGoMod restores the go.mod and go.sum files written by this
// run whose module has no rewritten Go file left.
func (a *applier) restoreUnusedGoMod(ctx context.Context, reports map[string]*FileReport) error {
	for _, pf := range a.p.Files {
		fr := reports[pf.Path]
		if !pf.GoMod || fr == nil || fr.Status != FileRewritten {
			continue
		}
		dir := path.Dir(pf.Path)
		if slices.ContainsFunc(a.p.Files, func(o *PlanFile) bool {
			r := reports[o.Path]
			return o.GoPackage != "" && inDir(dir, o.Path) && r != nil && (r.Status == FileRewritten || r.Status == FileAlreadyRewritten)
		}) {
			continue
		}
		reason := "restored: no rewritten Go file of its module is left"
		if err := a.restoreWritten(ctx, pf, a.movedValues(), "no rewritten Go file needs it", reason); err != nil {
			return err
		}
		fr.Status, fr.Reason = FileSkipped, reason
	}
	return nil
}

// goWholeValue returns f with its secret set to the value of the whole Go
// string literal at its span when the finding is only part of it (a
// password inside a connection URL): the rewrite replaces the whole
// literal, so the whole value is what the store must hold. It returns f
// itself when the literal is the secret, and a reason when the span is not
// one string literal.
func goWholeValue(root string, f *finding.Finding) (*finding.Finding, string) {
	content, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.File)))
	if err != nil {
		return nil, "cannot read the file: " + errorsWithoutPath(err)
	}
	if f.Offset < 0 || f.EndOffset > len(content) || f.Offset >= f.EndOffset {
		return nil, "the finding's span is outside the file"
	}
	lit := string(content[f.Offset:f.EndOffset])
	v, err := strconv.Unquote(lit)
	if err != nil || len(lit) < 2 || lit[0] != '"' && lit[0] != '`' {
		x, perr := parser.ParseExpr(lit)
		if perr == nil {
			switch x := x.(type) {
			case *ast.CallExpr:
				// []byte("…"), Token("…"): the literal moves, the
				// conversion stays.
				if bl, ok := x.Args[0].(*ast.BasicLit); len(x.Args) == 1 && ok && bl.Kind == token.STRING {
					c := *f
					c.Offset = f.Offset + int(bl.Pos()) - 1
					c.EndOffset = f.Offset + int(bl.End()) - 1
					if !strings.Contains(lit[:int(bl.Pos())-1], "\n") {
						c.Column += int(bl.Pos()) - 1
					}
					return goWholeValue(root, &c)
				}
			case *ast.BinaryExpr, *ast.ParenExpr:
				// "Bearer " + apiToken: the rewriter says whether the
				// constant's own site covers it.
				if x, ok := x.(*ast.BinaryExpr); !ok || x.Op == token.ADD {
					return f, ""
				}
			}
		}
		return nil, "the secret is not one string literal (a constant concatenation, for instance): remediate stores single literals, so join it into one literal first"
	}
	if v == f.Secret.Reveal() {
		return f, ""
	}
	if !strings.Contains(v, f.Secret.Reveal()) {
		return nil, "the literal at the finding's span does not hold the finding's value"
	}
	c := *f
	c.Secret = finding.NewSecret(v)
	return &c, ""
}

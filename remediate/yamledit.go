package remediate

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// Edit kinds: what replaces a value.
const (
	// EditValsRef replaces a YAML scalar with a vals reference
	// (ref+awssecrets://… or ref+vault://…).
	EditValsRef = "vals-ref"
	// EditCFNResolve replaces a value in a CloudFormation template with a
	// {{resolve:secretsmanager:NAME:SecretString:KEY}} dynamic reference.
	EditCFNResolve = "cfn-resolve"
	// EditDBTEnvVar replaces a dbt profile field with
	// "{{ env_var('DBT_ENV_SECRET_…') }}".
	EditDBTEnvVar = "dbt-env-var"
	// EditDBTDropDefault removes the literal default of
	// {{ env_var('X', 'default') }}.
	EditDBTDropDefault = "dbt-drop-default"
)

// quoteKeep: see editRequest.quote.
const quoteKeep = "keep"

// editRequest asks for one value of a YAML file to be replaced.
type editRequest struct {
	offset, end int    // the finding's span
	value       string // the secret
	kind        string
	// replace is the decoded text that takes the value's place: the
	// whole scalar's new value, or the text replacing the value inside a
	// larger scalar (where inner allows it); unused for dropDefault.
	replace string
	// inner allows replacing the value inside a larger scalar (a
	// password inside a URL, KEY=value), where the consumer resolves the
	// reference inside text; innerReplace, when set, is written there
	// instead of replace (an embedded vals reference ends with +).
	inner        bool
	innerReplace string
	// quote is how a whole-scalar replacement is quoted: `"` always in
	// double quotes (a Jinja template), quoteKeep in the old scalar's
	// quotes or else double quotes, "" in the old scalar's style.
	quote string
	// dropDefault removes the literal default of a dbt
	// {{ env_var('X', 'default') }}; interpDefault replaces a shell-style
	// ${X:-default} (compose) around the value with replace.
	dropDefault, interpDefault bool
	// envVar is set by analysis for dropDefault and interpDefault: the
	// variable the expression reads.
	envVar string
	// render writes the expression that replaces an interpDefault
	// ${X:-default} once X is known.
	render func(envVar string) string
	// bind is where the value goes, for consumers whose edits of a file
	// add text that names the destinations (a step that fetches them).
	bind binding
}

// yamlEdit is an accepted request: bytes [Offset, End) become Replacement.
// An edit with aux set moves no value (req is nil): it goes with the
// file's other edits, and the bytes it replaces are Spelling.Prefix.
type yamlEdit struct {
	aux         bool
	kind        string // of an aux edit
	needsFile   string
	req         *editRequest
	Offset, End int
	Replacement string
	Spelling    Spelling
	node        *yaml.Node
	// oldPart and newPart are decoded texts: node.Value with its single
	// occurrence of oldPart replaced by newPart is the node's new value.
	oldPart, newPart string
	newTag           string
}

// scalarInfo is a scalar node with its byte offset and role.
type scalarInfo struct {
	node   *yaml.Node
	offset int
	isKey  bool
}

// parseYAML parses every document of content.
func parseYAML(content []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, errors.New("the file is not valid YAML")
		}
		docs = append(docs, &n)
	}
}

// lineStarts returns the byte offset of the start of every line.
func lineStarts(content []byte) []int {
	starts := []int{0}
	for i, c := range content {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// byteOffset converts yaml.v3's 1-based line and column (counted in
// characters) to a byte offset.
func byteOffset(content []byte, starts []int, line, col int) int {
	if line < 1 || line > len(starts) {
		return -1
	}
	off := starts[line-1]
	for i := 1; i < col && off < len(content); i++ {
		if content[off] == '\n' {
			return -1
		}
		_, w := utf8.DecodeRune(content[off:])
		off += w
	}
	return off
}

// scalars lists the scalar nodes of docs in document order.
func scalars(content []byte, docs []*yaml.Node) []scalarInfo {
	starts := lineStarts(content)
	var out []scalarInfo
	var walk func(n *yaml.Node, isKey bool)
	walk = func(n *yaml.Node, isKey bool) {
		switch n.Kind {
		case yaml.ScalarNode:
			out = append(out, scalarInfo{node: n, offset: skipProperties(content, byteOffset(content, starts, n.Line, n.Column)), isKey: isKey})
		case yaml.MappingNode:
			for i, c := range n.Content {
				walk(c, i%2 == 0)
			}
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, false)
			}
		}
	}
	for _, d := range docs {
		walk(d, false)
	}
	return out
}

// skipProperties moves off past an anchor (&name) and a tag (!tag) to the
// value's first byte; yaml.v3 positions a node at its first property.
func skipProperties(content []byte, off int) int {
	for off >= 0 && off < len(content) && (content[off] == '&' || content[off] == '!') {
		i := off
		for i < len(content) && content[i] != ' ' && content[i] != '\t' && content[i] != '\n' {
			i++
		}
		for i < len(content) && (content[i] == ' ' || content[i] == '\t') {
			i++
		}
		if i >= len(content) || content[i] == '\n' || content[i] == '#' {
			return off // the value is on a later line: leave it unmatched
		}
		off = i
	}
	return off
}

var errPartial = errors.New("the secret is part of a larger value (such as a password inside a URL); replacing only that part would need templating")

// analyseYAML decides, for each request, the exact edit or why it cannot be
// made, and returns the rewritten content with every accepted edit. It
// guarantees that the result parses and that its YAML tree equals the
// original apart from the edited scalars, which hold exactly their
// intended new values; a request whose edit would break that is rejected.
func analyseYAML(content []byte, reqs []*editRequest) (edits []*yamlEdit, rejected map[*editRequest]string, after []byte) {
	rejected = map[*editRequest]string{}
	docs, err := parseYAML(content)
	if err != nil {
		for _, r := range reqs {
			rejected[r] = err.Error()
		}
		return nil, rejected, content
	}
	infos := scalars(content, docs)
	byOffset := map[int]scalarInfo{}
	for _, si := range infos {
		if si.offset >= 0 {
			byOffset[si.offset] = si
		}
	}
	for _, r := range reqs {
		e, err := planEdit(content, infos, byOffset, r)
		if err != nil {
			rejected[r] = err.Error()
			continue
		}
		edits = append(edits, e)
	}
	slices.SortFunc(edits, func(a, b *yamlEdit) int { return a.Offset - b.Offset })
	// Overlapping edits: keep the first.
	kept := edits[:0]
	for _, e := range edits {
		if n := len(kept); n > 0 && e.Offset < kept[n-1].End {
			rejected[e.req] = "overlaps another value rewritten in the same place"
			continue
		}
		kept = append(kept, e)
	}
	edits = kept
	if len(edits) == 0 {
		return nil, rejected, content
	}
	after, err = checkEdits(content, docs, edits)
	if err == nil {
		return edits, rejected, after
	}
	// Find the culprits: keep the edits that pass alone, then check them
	// together once more.
	var good []*yamlEdit
	for _, e := range edits {
		if _, err := checkEdits(content, docs, []*yamlEdit{e}); err != nil {
			rejected[e.req] = err.Error()
			continue
		}
		good = append(good, e)
	}
	if len(good) > 0 {
		if after, err = checkEdits(content, docs, good); err == nil {
			return good, rejected, after
		}
		for _, e := range good {
			rejected[e.req] = "rewriting it together with the other values of this file would change the YAML structure"
		}
	}
	return nil, rejected, content
}

// applyYAMLEdits writes edits (sorted, non-overlapping) into content.
func applyYAMLEdits(content []byte, edits []*yamlEdit) []byte {
	var b bytes.Buffer
	b.Grow(len(content))
	last := 0
	for _, e := range edits {
		b.Write(content[last:e.Offset])
		b.WriteString(e.Replacement)
		last = e.End
	}
	b.Write(content[last:])
	return b.Bytes()
}

// checkEdits applies edits and verifies the result's tree.
func checkEdits(content []byte, docs []*yaml.Node, edits []*yamlEdit) ([]byte, error) {
	after := applyYAMLEdits(content, edits)
	newDocs, err := parseYAML(after)
	if err != nil {
		return nil, errors.New("the rewritten file would not be valid YAML")
	}
	want := map[*yaml.Node]expectation{}
	for _, e := range edits {
		x, ok := want[e.node]
		if !ok {
			x = expectation{value: e.node.Value, tag: e.newTag}
		}
		if strings.Count(x.value, e.oldPart) != 1 {
			return nil, errors.New("the value occurs more than once in its YAML scalar")
		}
		x.value = strings.Replace(x.value, e.oldPart, e.newPart, 1)
		want[e.node] = x
	}
	if len(newDocs) != len(docs) {
		return nil, errors.New("the rewrite would change the number of YAML documents")
	}
	for i := range docs {
		if err := sameTree(docs[i], newDocs[i], want); err != nil {
			return nil, err
		}
	}
	return after, nil
}

type expectation struct {
	value, tag string
}

// sameTree compares two node trees; nodes in want must hold their expected
// scalar value instead of the old one.
func sameTree(a, b *yaml.Node, want map[*yaml.Node]expectation) error {
	if x, ok := want[a]; ok {
		if b.Kind != yaml.ScalarNode || b.Value != x.value {
			return errors.New("the rewritten scalar would not read back as the reference")
		}
		if x.tag != "" && b.ShortTag() != x.tag {
			return errors.New("the rewritten scalar would change its YAML type")
		}
		if a.Anchor != b.Anchor || a.HeadComment != b.HeadComment || a.LineComment != b.LineComment || a.FootComment != b.FootComment {
			return errors.New("the rewrite would move a comment or an anchor")
		}
		return nil
	}
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Style != b.Style || a.Anchor != b.Anchor ||
		a.HeadComment != b.HeadComment || a.LineComment != b.LineComment || a.FootComment != b.FootComment ||
		len(a.Content) != len(b.Content) {
		return fmt.Errorf("the rewrite would change the YAML tree near line %d", a.Line)
	}
	if a.Kind == yaml.AliasNode {
		if (a.Alias == nil) != (b.Alias == nil) || a.Alias != nil && a.Alias.Anchor != b.Alias.Anchor {
			return fmt.Errorf("the rewrite would change an alias near line %d", a.Line)
		}
		return nil
	}
	for i := range a.Content {
		if err := sameTree(a.Content[i], b.Content[i], want); err != nil {
			return err
		}
	}
	return nil
}

// planEdit turns one request into an edit.
func planEdit(content []byte, infos []scalarInfo, byOffset map[int]scalarInfo, r *editRequest) (*yamlEdit, error) {
	if r.offset < 0 || r.end > len(content) || r.offset >= r.end {
		return nil, errors.New("the finding's position is outside the file")
	}
	span := string(content[r.offset:r.end])
	if si, ok := byOffset[r.offset]; ok && si.node.Value == r.value {
		if si.isKey {
			return nil, errors.New("the secret is a mapping key")
		}
		if r.dropDefault || r.interpDefault {
			return nil, errPartial
		}
		return planWhole(si.node, span, r)
	}
	// The value is inside a larger scalar: the scalar that starts last
	// before it.
	var host *scalarInfo
	for i := range infos {
		if infos[i].offset >= 0 && infos[i].offset <= r.offset {
			if host == nil || infos[i].offset > host.offset {
				host = &infos[i]
			}
		}
	}
	if host == nil {
		return nil, errors.New("no YAML value at the finding's position")
	}
	switch {
	case r.dropDefault:
		return planDropDefault(content, host.node, r)
	case r.interpDefault:
		return planInterpDefault(content, host.node, r)
	case r.inner:
		return planInner(content, host.node, r)
	}
	return nil, errPartial
}

var errSpelling = errors.New("the value is written with escapes, folding or across lines, so a rollback could not restore it byte for byte")

// planWhole replaces a whole scalar.
func planWhole(n *yaml.Node, span string, r *editRequest) (*yamlEdit, error) {
	var sp Spelling
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		header, _, ok := strings.Cut(span, "\n")
		if !ok || !strings.HasPrefix(header, "|") {
			return nil, errSpelling
		}
		sp.Block = header
		rest := span[len(header)+1:]
		for ln := range strings.SplitSeq(rest, "\n") {
			if t := strings.TrimLeft(ln, " "); t != "" {
				sp.Indent = ln[:len(ln)-len(t)]
				break
			}
		}
		spelled := sp.Spell(r.value)
		if tail, ok := strings.CutPrefix(span, spelled); ok && strings.Trim(tail, " \n") == "" {
			sp.Suffix = tail
		} else if strings.HasSuffix(r.value, "\n") && span+"\n" == spelled {
			sp.TrimNL = true // the span stops before the block's last line break
		} else {
			return nil, errSpelling
		}
	case n.Style&yaml.FoldedStyle != 0:
		return nil, errSpelling
	case n.Style&yaml.SingleQuotedStyle != 0:
		sp.Quote = "'"
	case n.Style&yaml.DoubleQuotedStyle != 0:
		sp.Quote = `"`
	}
	if sp.Spell(r.value) != span {
		return nil, errSpelling
	}
	token := quoteFor(sp, r.replace)
	switch {
	case r.quote == `"`:
		token = quoteFor(Spelling{Quote: `"`}, r.replace)
	case r.quote == quoteKeep && sp.Quote == "":
		token = quoteFor(Spelling{Quote: `"`}, r.replace)
	}
	if strings.ContainsAny(r.replace, "\"\\\n") {
		return nil, errors.New("the reference cannot be written in YAML without escapes")
	}
	suffix := sp.Suffix
	if sp.Block != "" {
		// A block scalar ends at a line break: keep the span's trailing
		// line breaks (and blank lines) after the new token.
		suffix = trailingSpace(span)
	}
	tag := "!!str"
	if n.Style&yaml.TaggedStyle != 0 {
		tag = ""
	}
	return &yamlEdit{
		req: r, Offset: r.offset, End: r.end, Replacement: token + suffix, Spelling: sp,
		node: n, oldPart: n.Value, newPart: r.replace, newTag: tag,
	}, nil
}

// valueBounds finds the value's bytes inside the finding's span, which may
// or may not include its quotes.
func valueBounds(content []byte, r *editRequest) (start, end int, ok bool) {
	span := string(content[r.offset:r.end])
	switch {
	case span == r.value:
		return r.offset, r.end, true
	case len(span) == len(r.value)+2 && span[1:len(span)-1] == r.value && (span[0] == '\'' || span[0] == '"') && span[len(span)-1] == span[0]:
		return r.offset + 1, r.end - 1, true
	case r.value != "" && strings.Count(span, r.value) == 1:
		// The span is the whole scalar (a dbt env_var call, a JSON
		// SecretString) and the value is written once inside it.
		i := strings.Index(span, r.value)
		return r.offset + i, r.offset + i + len(r.value), true
	}
	return 0, 0, false
}

// decodeFragment returns the text a fragment of a scalar's bytes stands
// for, for the styles where that is plain substitution.
func decodeFragment(frag string, style yaml.Style) (string, bool) {
	if strings.Contains(frag, "\n") {
		return "", false
	}
	switch {
	case style&yaml.SingleQuotedStyle != 0:
		return strings.ReplaceAll(frag, "''", "'"), true
	case style&yaml.DoubleQuotedStyle != 0:
		if strings.Contains(frag, `\`) {
			return "", false
		}
		return frag, true
	case style&yaml.FoldedStyle != 0:
		return "", false
	}
	return frag, true
}

var envVarDefault = regexp.MustCompile(`env_var\(\s*(['"])([^'"]*)['"]\s*,\s*['"]([^'"]*)['"]\s*\)`)

// planDropDefault removes ", 'default'" from {{ env_var('X', 'default') }}.
func planDropDefault(content []byte, n *yaml.Node, r *editRequest) (*yamlEdit, error) {
	vs, ve, ok := valueBounds(content, r)
	if !ok || strings.ContainsAny(r.value, `'"\`) {
		return nil, errSpelling
	}
	// The quote before the value ('' inside a single-quoted scalar) and
	// the same quote after it.
	qlen := 0
	switch {
	case vs >= 2 && n.Style&yaml.SingleQuotedStyle != 0 && string(content[vs-2:vs]) == "''":
		qlen = 2
	case vs >= 1 && (content[vs-1] == '\'' || content[vs-1] == '"'):
		qlen = 1
	}
	if qlen == 0 || ve+qlen > len(content) || string(content[ve:ve+qlen]) != string(content[vs-qlen:vs]) {
		return nil, errors.New("could not find the quotes around the env_var default")
	}
	qs, qe := vs-qlen, ve+qlen
	i := qs
	for i > 0 && (content[i-1] == ' ' || content[i-1] == '\t') {
		i--
	}
	if i == 0 || content[i-1] != ',' {
		return nil, errors.New("could not find the env_var default's comma")
	}
	i--
	for i > 0 && (content[i-1] == ' ' || content[i-1] == '\t') {
		i--
	}
	frag := string(content[i:qe])
	oldPart, ok := decodeFragment(frag, n.Style)
	if !ok {
		return nil, errSpelling
	}
	// Which variable: the env_var call in the scalar whose default is the
	// secret, and only one.
	var vars []string
	for _, m := range envVarDefault.FindAllStringSubmatch(n.Value, -1) {
		if m[3] == r.value {
			vars = append(vars, m[2])
		}
	}
	if len(vars) != 1 {
		return nil, errors.New("could not tell which env_var call the default belongs to")
	}
	r.envVar = vars[0]
	return &yamlEdit{
		req: r, Offset: i, End: qe, Replacement: "",
		Spelling: Spelling{Prefix: string(content[i:vs]), Suffix: string(content[ve:qe])},
		node:     n, oldPart: oldPart, newPart: "",
	}, nil
}

// interpDefaultRe matches a ${NAME:-default}, ${NAME-default} or
// ${NAME:default} expression (compose, shells, Spring).
var interpDefaultRe = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_.\-]*)(:-|-|:)([^}]*)\}`)

// planInterpDefault replaces a ${NAME:-default} expression whose default
// is the value with r.render(NAME): the default is dropped and NAME comes
// from the environment.
func planInterpDefault(content []byte, n *yaml.Node, r *editRequest) (*yamlEdit, error) {
	vs, ve, ok := valueBounds(content, r)
	if !ok || r.render == nil {
		return nil, errSpelling
	}
	// The expression around the value, on its line.
	ls := vs
	for ls > 0 && content[ls-1] != '\n' {
		ls--
	}
	le := ve
	for le < len(content) && content[le] != '\n' {
		le++
	}
	var es, ee int
	var name string
	for _, m := range interpDefaultRe.FindAllSubmatchIndex(content[ls:le], -1) {
		if ls+m[6] == vs && ls+m[7] == ve {
			es, ee, name = ls+m[0], ls+m[1], string(content[ls+m[2]:ls+m[3]])
		}
	}
	if name == "" {
		return nil, errors.New("could not find the ${NAME:-default} expression around the value")
	}
	frag := string(content[es:ee])
	oldPart, ok := decodeFragment(frag, n.Style)
	if !ok || strings.Count(n.Value, oldPart) != 1 {
		return nil, errSpelling
	}
	r.envVar = strings.NewReplacer(".", "_", "-", "_").Replace(name)
	newPart := r.render(r.envVar)
	if strings.ContainsAny(newPart, "'\"\\\n") {
		return nil, errors.New("the reference cannot be written inside this value without escapes")
	}
	return &yamlEdit{
		req: r, Offset: es, End: ee, Replacement: newPart,
		Spelling: Spelling{Prefix: string(content[es:vs]), Suffix: string(content[ve:ee])},
		node:     n, oldPart: oldPart, newPart: newPart,
	}, nil
}

// planInner replaces the value inside a larger scalar (a JSON
// SecretString in a CloudFormation template) with r.replace.
func planInner(content []byte, n *yaml.Node, r *editRequest) (*yamlEdit, error) {
	vs, ve, ok := valueBounds(content, r)
	if !ok {
		return nil, errSpelling
	}
	if strings.ContainsAny(r.value, "'\"\\\n") {
		return nil, errSpelling
	}
	if _, ok := decodeFragment(r.value, n.Style); !ok {
		return nil, errSpelling
	}
	replace := cmp.Or(r.innerReplace, r.replace)
	if strings.ContainsAny(replace, "'\"\\\n") {
		return nil, errors.New("the reference cannot be written inside this value without escapes")
	}
	return &yamlEdit{
		req: r, Offset: vs, End: ve, Replacement: replace,
		node: n, oldPart: r.value, newPart: replace,
	}, nil
}

// trailingSpace returns the run of spaces and line breaks that ends s.
func trailingSpace(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return r != ' ' && r != '\n' })
	return s[i+1:]
}

package yamlscan

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/rules"
)

// Embedded is a literal block scalar that holds a file of another format
// (a ConfigMap's application.properties, a Secret's .env, an INI file, a
// JSON key file, an application's YAML configuration). The walker does not
// judge such a block as one value: the caller scans Value in its own
// format and maps positions back with Lines.
type Embedded struct {
	// KeyPath is the block's key path (data["application.properties"]).
	KeyPath string
	// Name is the key the block is stored under: often a file name.
	Name string
	// Format is "text" (properties, .env, INI, TOML: KEY=value lines) or
	// "yaml" (YAML or JSON).
	Format string
	// Value is the block's content.
	Value string
	// Lines holds, for each line of Value, the file offset of its first
	// byte.
	Lines []int
}

// FileOffset maps a byte offset of Value to the file.
func (e *Embedded) FileOffset(off int) int {
	line, start := 0, 0
	for line+1 < len(e.Lines) {
		nl := strings.IndexByte(e.Value[start:], '\n')
		if nl < 0 || off <= start+nl {
			break
		}
		line, start = line+1, start+nl+1
	}
	return e.Lines[line] + off - start
}

// embedded records n, a literal block under name, when it holds a file
// of settings whose lines map one to one onto the file, and reports
// whether it did.
func (w *walker) embedded(n *yaml.Node, p, name string) bool {
	if n.Kind != yaml.ScalarNode || n.Style&yaml.LiteralStyle == 0 || !strings.Contains(n.Value, "\n") {
		return false
	}
	format := rules.SettingsFormat(name, n.Value)
	if format == "" {
		return false
	}
	sp, ok := w.f.ScalarSpan(n, false)
	if !ok || sp.ValEnd <= sp.ValStart {
		return false
	}
	first, col := w.f.ix.Position(sp.ValStart)
	indent := col - 1
	lines := make([]int, 0, strings.Count(n.Value, "\n")+1)
	l := first
	for vl := range strings.Lines(n.Value) {
		vl = strings.TrimSuffix(vl, "\n")
		if l > w.f.ix.Lines() {
			if vl != "" {
				return false
			}
			lines = append(lines, len(w.f.Src))
			continue
		}
		text := strings.TrimRight(string(w.f.ix.Line(l)), "\r")
		start := w.f.ix.LineStart(l) + min(indent, len(text))
		if vl != "" && (len(text) < indent || text[indent:] != vl) {
			return false // the block is not the file's lines as written
		}
		lines = append(lines, start)
		l++
	}
	if len(lines) == 0 {
		return false
	}
	w.judged[n] = true
	w.res.Embedded = append(w.res.Embedded, Embedded{KeyPath: p, Name: name, Format: format, Value: n.Value, Lines: lines})
	return true
}

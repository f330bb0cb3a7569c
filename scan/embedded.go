package scan

import (
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/scan/internal/textpos"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

// embedded scans the YAML block scalars that hold files of another format
// (yamlscan.Embedded: application.properties, .env, INI, JSON, YAML in a
// ConfigMap or Secret) in that format, and maps the findings back into the
// file: their positions, and a key path naming both levels
// (data["legacy.ini"].database.password).
func (s *fileScanner) embedded(es []yamlscan.Embedded, ix *textpos.Index) []finding.Finding {
	var out []finding.Finding
	for i := range es {
		e := &es[i]
		src := []byte(e.Value)
		vix := textpos.New(src)
		var fs []finding.Finding
		if e.Format == "yaml" {
			if f, err := yamlscan.Parse(src); err == nil {
				fs = yamlscan.ScanFile(f, yamlscan.Options{Config: s.cfg, Path: e.Name}).Findings
			} else {
				fs = scanText(src, textCode, s.j, s.nf, "", nil)
			}
		} else {
			mode := textConfig
			if textModeOf(e.Name) == textDirectives {
				mode = textDirectives // mosquitto.conf, redis.conf: directive lines too
			}
			fs = scanText(src, mode, s.j, s.nf, "", nil)
		}
		for _, f := range fs {
			start := vix.LineStart(f.Line) + f.Column - 1
			end := vix.LineStart(f.EndLine) + f.EndColumn - 1
			inner := f.KeyPath
			if inner == "" {
				inner = textKey(vix, f.Line, start)
			}
			f.KeyPath = joinEmbedded(e.KeyPath, inner)
			f.Offset, f.EndOffset = e.FileOffset(f.Offset), e.FileOffset(f.EndOffset)
			f.Line, f.Column = ix.Position(e.FileOffset(start))
			f.EndLine, f.EndColumn = ix.Position(e.FileOffset(end))
			out = append(out, f)
		}
	}
	return out
}

// reTextKey is the key that starts a settings line (KEY=, key =,
// export KEY=, key:).
var reTextKey = regexp.MustCompile(`^\s*(?:export\s+)?["']?([A-Za-z_][\w.\-]*)["']?\s*[=:]`)

// reSection is an INI section header.
var reSection = regexp.MustCompile(`^\s*\[([^\[\]]+)\]\s*$`)

// textKey names the key of a value at off on line of a settings file,
// under its INI section when there is one (database.password).
func textKey(vix *textpos.Index, line, off int) string {
	text := string(vix.Line(line))
	col := min(max(off-vix.LineStart(line), 0), len(text))
	m := reTextKey.FindStringSubmatch(text[:col])
	if m == nil {
		return ""
	}
	for l := line - 1; l >= 1; l-- {
		if sm := reSection.FindStringSubmatch(string(vix.Line(l))); sm != nil {
			return strings.TrimSpace(sm[1]) + "." + m[1]
		}
	}
	return m[1]
}

func joinEmbedded(outer, inner string) string {
	switch {
	case inner == "":
		return outer
	case strings.HasPrefix(inner, "["):
		return outer + inner
	}
	return outer + "." + inner
}

package yamlscan

import (
	"strings"
	"testing"
)

// TestBlockScalarPositions: a secret inside a folded (>) or literal (|)
// block scalar, or a plain scalar continued over lines, is reported on its
// own line and column, not at the scalar's first line.
func TestBlockScalarPositions(t *testing.T) {
	pass := "Hq7zLp2mWx9vRk4T"
	for _, c := range []struct {
		name, doc      string
		line, col, end int
	}{
		{"folded", "- name: bundle\n  shell: >\n    openssl pkcs12 -export -in a.crt -inkey a.key\n    -out a.p12 -passout pass:" + pass + "\n", 4, 30, 30 + len(pass)},
		{"literal", "- name: bundle\n  shell: |\n    set -e\n    cd /etc/app\n      openssl pkcs12 -export -out a.p12 -passout pass:" + pass + "\n", 5, 55, 55 + len(pass)},
		{"folded with a blank line", "- name: bundle\n  shell: >-\n    cd /etc/app\n\n    openssl pkcs12 -out a.p12 -passout pass:" + pass + "\n", 5, 45, 45 + len(pass)},
		{"plain over lines", "- name: bundle\n  shell: openssl pkcs12 -export\n    -out a.p12 -passout pass:" + pass + "\n", 3, 30, 30 + len(pass)},
	} {
		res, err := Scan([]byte(c.doc), Options{Path: "roles/app/tasks/main.yml"})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(res.Findings) != 1 {
			t.Errorf("%s: %d findings, want 1: %+v", c.name, len(res.Findings), res.Findings)
			continue
		}
		f := res.Findings[0]
		if f.Line != c.line || f.Column != c.col || f.EndLine != c.line || f.EndColumn != c.end {
			t.Errorf("%s: at %d:%d-%d:%d, want %d:%d-%d:%d", c.name, f.Line, f.Column, f.EndLine, f.EndColumn, c.line, c.col, c.line, c.end)
		}
		if lines := strings.Split(c.doc, "\n"); !strings.Contains(lines[f.Line-1][f.Column-1:], pass) {
			t.Errorf("%s: the position does not hold the secret", c.name)
		}
	}
	// A double-quoted scalar with escapes cannot be aligned: the whole
	// value region, as before.
	res, err := Scan([]byte("shell: \"openssl pkcs12 -out a.p12\\n -passout pass:"+pass+"\"\n"), Options{})
	if err != nil || len(res.Findings) != 1 || res.Findings[0].Line != 1 || res.Findings[0].Column != 9 {
		t.Errorf("escaped scalar: %+v, err %v; want the whole value at 1:9", res.Findings, err)
	}
}

package remediate_test

// A small stand-in for the scan package, for tests only: it finds the
// planted secrets of testdata/remediate/repo and any tree built the same
// way, with the spans, meta and encodings the real scanner reports. It is
// deliberately simple (secret-bearing key names, a few shapes); the
// engine under test is what matters.

import (
	"encoding/base64"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/remediate"
)

var secretKeys = map[string]bool{
	"password": true, "token": true, "apiKey": true, "api_key": true, "private_key": true,
	"MasterUserPassword": true, "client_secret": true, "private_key_passphrase": true, "secret": true,
}

var (
	goKey     = regexp.MustCompile(`"(AKIA[0-9A-Z]{16})"`)
	urlPass   = regexp.MustCompile(`://[^:/@\s]+:([^@\s]+)@`)
	envDefRe  = regexp.MustCompile(`env_var\(\s*'[^']*'\s*,\s*'([^']+)'\s*\)`)
	jsonPwdRe = regexp.MustCompile(`"password"\s*:\s*"([^"]+)"`)
)

// scanTree finds secrets in every file under root.
func scanTree(t testing.TB, root string) []finding.Finding {
	t.Helper()
	var out []finding.Finding
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".secretlint" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if strings.Contains(rel, remediate.TempMarker) || path.Base(rel) == remediate.DefaultEnvFileName {
			return nil
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, scanContent(t, rel, content)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mkFinding(rule, file string, content []byte, off, end int, value string, meta map[string]string) finding.Finding {
	line := 1 + strings.Count(string(content[:off]), "\n")
	col := off - (strings.LastIndexByte(string(content[:off]), '\n') + 1) + 1
	if meta == nil {
		meta = map[string]string{}
	}
	s := finding.NewSecret(value)
	return finding.Finding{
		RuleID: rule, File: file, Line: line, Column: col, Offset: off, EndOffset: end,
		Secret: s, Fingerprint: finding.Fingerprint("", rule, file, s), Meta: meta,
	}
}

func scanContent(t testing.TB, file string, content []byte) []finding.Finding {
	var out []finding.Finding
	switch path.Ext(file) {
	case ".go":
		for _, m := range goKey.FindAllSubmatchIndex(content, -1) {
			out = append(out, mkFinding("aws-access-token", file, content, m[0], m[1], string(content[m[2]:m[3]]), nil))
		}
		return out
	case ".yaml", ".yml":
	default:
		return nil
	}
	docs, err := remediate.ParseYAML(content)
	if err != nil {
		return nil
	}
	format := ""
	if len(docs) > 0 {
		format = yamlscan.DetectFormat(file, docs[0])
	}
	starts := remediate.LineStarts(content)
	var walk func(n *yaml.Node, keys []string)
	walk = func(n *yaml.Node, keys []string) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, keys)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				kp := append(append([]string(nil), keys...), k.Value)
				if v.Kind != yaml.ScalarNode {
					walk(v, kp)
					continue
				}
				off := remediate.ByteOffset(content, starts, v.Line, v.Column)
				meta := map[string]string{"format": format}
				if format == "dbt-profiles" && len(kp) >= 4 && kp[1] == "outputs" {
					meta["dbt.profile"], meta["dbt.target"], meta["dbt.field"] = kp[0], kp[2], strings.Join(kp[3:], ".")
				}
				keyPath := strings.Join(kp, ".")
				switch {
				case k.Value == "SecretString":
					if m := jsonPwdRe.FindStringSubmatchIndex(string(content[off:])); m != nil && !strings.HasPrefix(string(content[off+m[2]:]), "{{") {
						f := mkFinding("cloudformation-secret-string", file, content, off+m[2], off+m[3], string(content[off+m[2]:off+m[3]]), meta)
						f.KeyPath = keyPath
						out = append(out, f)
					}
				case len(kp) >= 2 && kp[len(kp)-2] == "data" && format == "k8s":
					raw, err := base64.StdEncoding.DecodeString(v.Value)
					if err == nil {
						f := mkFinding("kubernetes-secret-data", file, content, off, off+len(v.Value), string(raw), meta)
						f.Encoding, f.KeyPath = "base64", keyPath
						out = append(out, f)
					}
				case strings.Contains(v.Value, "env_var("):
					if m := envDefRe.FindStringSubmatchIndex(string(content[off:])); m != nil {
						f := mkFinding("dbt-env-var-default", file, content, off+m[2], off+m[3], string(content[off+m[2]:off+m[3]]), meta)
						f.KeyPath = keyPath
						out = append(out, f)
					}
				case urlPass.MatchString(v.Value) && !strings.Contains(v.Value, "ref+"):
					m := urlPass.FindStringSubmatchIndex(string(content[off:]))
					f := mkFinding("url-credentials", file, content, off+m[2], off+m[3], string(content[off+m[2]:off+m[3]]), meta)
					f.KeyPath = keyPath
					out = append(out, f)
				case secretKeys[k.Value] && !strings.HasPrefix(v.Value, "ref+") && !strings.HasPrefix(v.Value, "{{") && !strings.HasPrefix(v.Value, "${{") && v.Value != "":
					end := scalarEnd(content, off, v)
					if end < 0 {
						t.Errorf("%s:%d: test scanner cannot find the end of the scalar", file, v.Line)
						continue
					}
					rule := "hardcoded-credential"
					if format == "dbt-profiles" {
						rule = "dbt-hardcoded-secret"
					}
					f := mkFinding(rule, file, content, off, end, v.Value, meta)
					f.KeyPath = keyPath
					out = append(out, f)
				}
			}
		}
	}
	for _, d := range docs {
		walk(d, nil)
	}
	return out
}

// scalarEnd finds the end of a scalar's token: quoted and plain scalars on
// one line, and literal blocks up to the end of their last line.
func scalarEnd(content []byte, off int, n *yaml.Node) int {
	rest := string(content[off:])
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		nl := strings.IndexByte(rest, '\n')
		end := off + nl + 1
		indent := -1
		for end < len(content) {
			lineEnd := strings.IndexByte(string(content[end:]), '\n')
			if lineEnd < 0 {
				lineEnd = len(content) - end
			}
			line := string(content[end : end+lineEnd])
			trim := strings.TrimLeft(line, " ")
			if trim == "" {
				break
			}
			ind := len(line) - len(trim)
			if indent < 0 {
				indent = ind
			}
			if ind < indent {
				break
			}
			end += lineEnd + 1
		}
		return min(end, len(content))
	case n.Style&yaml.DoubleQuotedStyle != 0:
		if strings.HasPrefix(rest, `"`+n.Value+`"`) {
			return off + len(n.Value) + 2
		}
	case n.Style&yaml.SingleQuotedStyle != 0:
		q := "'" + strings.ReplaceAll(n.Value, "'", "''") + "'"
		if strings.HasPrefix(rest, q) {
			return off + len(q)
		}
	default:
		if strings.HasPrefix(rest, n.Value) {
			return off + len(n.Value)
		}
	}
	return -1
}

// copyTree copies the fixture repo into a temporary directory.
func copyTree(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, _ := d.Info()
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// snapshot returns every regular file under root (journals excluded).
func snapshot(t testing.TB, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	walkErr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.IsDir() && d.Name() == ".secretlint" {
				return filepath.SkipDir
			}
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if walkErr != nil {
		t.Fatal(walkErr)
	}
	return out
}

const fixtureRepo = "../testdata/remediate/repo"

// plantedValues are the secrets of the fixture repo.
var plantedValues = []string{
	"Pw-7f3kq9XzL2mVb", "Tk-q8Lm2vXk9zPw7Tr3", "Ak-Zt8kQ2vLm91xRk2v",
	"MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+XQmhF",
	"Cf-Rds9kQ2vLm7xZt4", "Cf-Js8wE3rT5yU1iO9", "Db-Sf4hJ8kL2mN6pQ0",
	"MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIq7BFUpkGp3+XQmhF",
	"Db-Pp3wE5rT7yU9iO1", "K8-Secret4vX9zL2mVb", "SzgtU2VjcmV0NHZYOXpMMm1WYg==",
	"Ur-Pw5tY7uI9oP1aS3", "Gh-Ac2sD4fG6hJ8kL0", "AKIAZ7QXPLN3RT5VW2YB",
}

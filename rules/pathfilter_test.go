package rules

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestPathFilterAgrees checks that the accelerated path allowlist gives
// gitleaks' answer on real paths and on paths made to hit every pattern.
func TestPathFilterAgrees(t *testing.T) {
	cfg, err := DefaultGitleaksConfig()
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"gitleaks.toml", "a/b.PNG", "x.jpeg", "font.woff2", "doc.DOCX", "go.mod", "sub/go.sum", "go.work.sum",
		"vendor/modules.txt", "a/vendor/github.com/x/y.go", "vendor/k8s.io/api/core.go", "gradlew", "gradlew.bat",
		"x/gradle.lockfile", "mvnw.cmd", ".mvn/wrapper/MavenWrapperDownloader.java", "web/node_modules/x/index.js",
		"package-lock.json", "a/yarn.lock", "bower_components/x", "static/jquery-3.1.min.js", "swagger-ui.js.map",
		"javascript.json", "Pipfile.lock", "poetry.lock", "venv/lib/python3.11/site.py", "ENV/LIB64/x",
		"lib/python3.11/x.py", "python/3.9/lib/x", "requests-2.31.0.dist-info/RECORD", "vendor/bundle/x",
		"x.gem", "verification-metadata.xml", "Database.refactorlog", "repo/.git", "main.go", "config.yaml",
		"README.md", "deploy/values.yaml", "UPPER/CASE/FILE.TXT", "ünïcode/päth.go", "", "/",
		"aws-sdk-go-v2/service/s3/api_op_GetObject.go", "x.v2", "a/b.V2", "foo.xdll", "FOO.XDLL", "a.gltf", "bin/run.sh",
		"static/angular.min.js", "Angular.js", "lib64/python3/x", "a/go.mod.bak", "venv/lib", "x/Pipfile.lock",
	}
	if root := goroot(t); root != "" {
		root = filepath.Join(root, "src")
		n := 0
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || n > 20000 {
				return filepath.SkipDir
			}
			rel, _ := filepath.Rel(root, p)
			paths = append(paths, filepath.ToSlash(rel), strings.ToUpper(filepath.ToSlash(rel)))
			n++
			return nil
		})
	}
	filtered := 0
	for _, a := range cfg.Allowlists {
		f := newPathFilter(a)
		if len(a.Paths) > 0 && f.lits == nil {
			t.Errorf("no literal prefilter derived for a global path allowlist of %d patterns", len(a.Paths))
		}
		if len(a.Paths) > 1 && f.alts == nil {
			t.Errorf("the joined expression of a global path allowlist of %d patterns was not split into alternatives", len(a.Paths))
		}
		for _, p := range paths {
			if got, want := f.allowed(p), a.PathAllowed(p); got != want {
				t.Errorf("path %q: filter says allowed=%v, gitleaks says %v", p, got, want)
			}
			if f.lits != nil && !f.a.PathAllowed(p) {
				filtered++
			}
		}
	}
	if filtered == 0 {
		t.Errorf("the test paths never exercise a negative answer")
	}
}

func TestRequiredLiterals(t *testing.T) {
	for expr, want := range map[string]string{
		`(?i)\.(?:png|jpe?g)$`:                  ".png,.jpg,.jpeg",
		`(?:^|/)node_modules(?:/.*)?$`:          "node_modules",
		`a+b`:                                   "a",
		`(?:foo|bar)+`:                          "foo,bar",
		`x*`:                                    "",
		`(?:abc|d*)`:                            "",
		`go\.(?:mod|sum|work(?:\.sum)?)$`:       "go.mod,go.sum,go.work,go.work.sum",
		`(?:^|/)vendor/(?:github\.com|k8s\.io)`: "/vendor/,vendor/",
	} {
		re, err := syntaxParse(expr)
		if err != nil {
			t.Fatal(err)
		}
		lits, ok := requiredLiterals(re)
		got := strings.Join(lits, ",")
		if !ok {
			got = ""
		}
		if got != want && (want != "/vendor/,vendor/" || !strings.Contains(got, "vendor/")) {
			t.Errorf("requiredLiterals(%s) = %q, want %q", expr, got, want)
		}
	}
}

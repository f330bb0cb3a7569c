package rules

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// benchCorpus loads the Go standard library's net, crypto and encoding
// trees: real code, present on every machine with Go, dense in the words
// (key, token, auth, secret) that trigger the generic rules.
func benchCorpus(b *testing.B) (paths, docs []string, size int64) {
	b.Helper()
	root := goroot(b)
	if root == "" {
		b.Skip("no go command")
	}
	root = filepath.Join(root, "src")
	for _, dir := range []string{"net", "crypto", "encoding"} {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil //nolint:nilerr // the corpus is what can be read
			}
			data, err := os.ReadFile(p)
			if err != nil || strings.IndexByte(string(data), 0) >= 0 {
				return nil //nolint:nilerr // unreadable and binary files are left out
			}
			rel, _ := filepath.Rel(root, p)
			paths = append(paths, filepath.ToSlash(rel))
			docs = append(docs, string(data))
			size += int64(len(data))
			return nil
		})
	}
	if len(docs) == 0 {
		b.Skip("no GOROOT sources")
	}
	return paths, docs, size
}

func BenchmarkDetectorStdlib(b *testing.B) {
	paths, docs, size := benchCorpus(b)
	d, err := DefaultDetector()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n = 0
		for i, doc := range docs {
			n += len(d.Detect(paths[i], doc))
		}
	}
	b.ReportMetric(float64(n), "findings")
}

func BenchmarkGitleaksDetectorStdlib(b *testing.B) {
	paths, docs, size := benchCorpus(b)
	cfg, err := DefaultGitleaksConfig()
	if err != nil {
		b.Fatal(err)
	}
	d := detect.NewDetector(cfg)
	b.SetBytes(size)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n = 0
		for i, doc := range docs {
			n += len(d.DetectContext(context.Background(), detect.Fragment{Raw: doc, FilePath: paths[i]})) //nolint:staticcheck // SA1019: DetectContext takes detect.Fragment until gitleaks v9
		}
	}
	b.ReportMetric(float64(n), "findings")
}

// BenchmarkNamesMatch asks the name matcher about the kind of runs the
// line and Go prefilters hand it: identifiers, keys and phrases, most of
// them no secret name.
func BenchmarkNamesMatch(b *testing.B) {
	names := []string{"DBPassword", "api_key2", "X-Auth-Token", "spring.datasource.password", "passwordMinLength",
		"tokenHeader", "appendTokens", "mapping", "secretName", "kubeconfig", "clientSecret", "SessionAffinity",
		"accessModes", "spinner", "PGPASSWORD", "authorizationMode", "private_key_pem", "the api and the auth layer"}
	n := 0
	for b.Loop() {
		for _, name := range names {
			if _, ok := DefaultNames.Match(name); ok {
				n++
			}
		}
	}
}

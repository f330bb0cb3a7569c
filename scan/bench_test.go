package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/secretlint-go/secretlint/scan"
)

// BenchmarkTenFileChange scans a typical 10-file change end to end (walk,
// read, provider rules, structural scanners, merge, sort): the pre-commit
// case. The bar is under 100 ms per scan. The rules are compiled once per
// process (rules.DefaultDetector); bench/scan.sh reports what a whole CLI
// run on ten files costs, compilation included.
func BenchmarkTenFileChange(b *testing.B) {
	dir := b.TempDir()
	var srcs []string
	for _, fam := range []string{"k8s/deployment.yaml", "k8s/secret.yaml", "compose/docker-compose.yml", "spring/application.yml",
		"helm/chart/values.yaml", "dbt/jaffle/profiles.yml", "dbt/jaffle/packages.yml", "env/.env", "env/settings.json", "go/config.go"} {
		srcs = append(srcs, filepath.Join(fixtures, fam))
	}
	for i, s := range srcs {
		data, err := os.ReadFile(s)
		if err != nil {
			b.Fatal(err)
		}
		d := filepath.Join(dir, string(rune('a'+i)))
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, filepath.Base(s)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg := defaultConfig(b)
	if _, err := cfg.Detector(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Config: cfg})
		if err != nil {
			b.Fatal(err)
		}
		n = len(res.Findings)
	}
	if n < 20 {
		b.Fatalf("%d findings: the fixtures changed?", n)
	}
	b.ReportMetric(float64(n), "findings")
}

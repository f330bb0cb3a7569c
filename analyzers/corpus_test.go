package analyzers_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/secretlint-go/secretlint/analyzers"
)

var update = flag.Bool("update", false, "rewrite golden files")

const corpusDir = "../testdata/gosec-corpus"

// knownMisses are the corpus's secrets that secretlint does not find,
// kept in the corpus so its numbers are honest. (A random key in a field
// named only Key was one, until gitleaks' generic rule ran over
// name = "value" in go vet as it does in scan.)
var knownMisses = []string{}

func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	return strings.Fields(string(out))
}

// corpusLabels reads the "// label: secret|clean" line of every case.
func corpusLabels(t *testing.T) map[string]string {
	t.Helper()
	labels := map[string]string{}
	files, err := filepath.Glob(filepath.Join(corpusDir, "cases", "*", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus cases: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(data), "\n")
		label, ok := strings.CutPrefix(first, "// label: ")
		if !ok || (label != "secret" && label != "clean") {
			t.Fatalf("%s: first line must be // label: secret|clean", f)
		}
		rel, _ := filepath.Rel(corpusDir, f)
		labels[filepath.ToSlash(rel)] = label
	}
	return labels
}

type score struct {
	tp, fp, fn, tn int
}

func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// scoreFiles scores a tool that flagged the given files: a case counts as
// found when the tool reports anything in its file.
func scoreFiles(labels map[string]string, flagged map[string]bool) score {
	var s score
	for f, l := range labels {
		switch {
		case l == "secret" && flagged[f]:
			s.tp++
		case l == "secret":
			s.fn++
		case flagged[f]:
			s.fp++
		default:
			s.tn++
		}
	}
	return s
}

// TestCorpus runs the analyzers over the labeled corpus: it compares their
// messages with secretlint.golden, checks that no message leaks the value
// it reports, and scores recall and precision. With SECRETLINT_GOSEC set
// to a gosec binary (bench/gosec-corpus.sh does it), it scores gosec -include=G101
// on the same corpus and requires secretlint to beat it on both.
func TestCorpus(t *testing.T) {
	labels := corpusLabels(t)
	abs, err := filepath.Abs(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule,
		Dir: abs,
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("corpus does not build: %v", e)
		}
	}
	graph, err := checker.Analyze(analyzers.All, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	src := map[string][]byte{}
	var lines []string
	flagged := map[string]bool{}
	for act := range graph.All() {
		if act.Err != nil {
			t.Fatalf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			if _, ok := src[pos.Filename]; !ok {
				src[pos.Filename], _ = os.ReadFile(pos.Filename)
			}
			checkNoLeak(t, act.Package.Fset, src, d)
			rel, _ := filepath.Rel(abs, pos.Filename)
			rel = filepath.ToSlash(rel)
			flagged[rel] = true
			lines = append(lines, fmt.Sprintf("%s:%d:%d: %s", rel, pos.Line, pos.Column, d.Message))
		}
	}
	slices.Sort(lines)
	got := strings.Join(lines, "\n") + "\n"
	golden := filepath.Join(corpusDir, "secretlint.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("messages differ from %s (run go test -run TestCorpus -update and review the diff):\n%s", golden, lineDiff(string(want), got))
	}

	ours := scoreFiles(labels, flagged)
	for f, l := range labels {
		miss := slices.Contains(knownMisses, f)
		switch {
		case l == "clean" && flagged[f]:
			t.Errorf("%s: clean case reported", f)
		case l == "secret" && !flagged[f] && !miss:
			t.Errorf("%s: secret not found", f)
		case l == "secret" && flagged[f] && miss:
			t.Errorf("%s: now found; remove it from knownMisses", f)
		}
	}
	table := fmt.Sprintf("corpus: %d cases (%d secret, %d clean)\n%-28s %6s %9s %4s %4s %4s\n%-28s %6.2f %9.2f %4d %4d %4d\n",
		len(labels), ours.tp+ours.fn, ours.fp+ours.tn, "tool", "recall", "precision", "tp", "fp", "fn",
		"secretlint", ours.recall(), ours.precision(), ours.tp, ours.fp, ours.fn)

	if bin := os.Getenv("SECRETLINT_GOSEC"); bin != "" {
		gs := scoreFiles(labels, gosecFlagged(t, bin, abs))
		table += fmt.Sprintf("%-28s %6.2f %9.2f %4d %4d %4d\n", "gosec -include=G101", gs.recall(), gs.precision(), gs.tp, gs.fp, gs.fn)
		if ours.recall() <= gs.recall() || ours.precision() <= gs.precision() {
			t.Errorf("secretlint does not beat gosec on both recall and precision")
		}
	}
	t.Log("\n" + table)
}

// gosecFlagged runs gosec's G101 over the corpus and returns the files it
// reports.
func gosecFlagged(t *testing.T, bin, dir string) map[string]bool {
	t.Helper()
	cmd := exec.Command(bin, "-include=G101", "-fmt=json", "-quiet", "-no-fail", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("gosec: %v\n%s", err, errOut.String())
	}
	var report struct {
		Issues []struct {
			File string `json:"file"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &report); err != nil {
		t.Fatalf("decoding gosec's report: %v", err)
	}
	flagged := map[string]bool{}
	for _, is := range report.Issues {
		rel, err := filepath.Rel(dir, is.File)
		if err != nil {
			t.Fatal(err)
		}
		flagged[filepath.ToSlash(rel)] = true
	}
	return flagged
}

// lineDiff lists the lines only in want (-) or only in got (+).
func lineDiff(want, got string) string {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		sc := bufio.NewScanner(strings.NewReader(s))
		for sc.Scan() {
			m[sc.Text()] = true
		}
		return m
	}
	w, g := set(want), set(got)
	var b strings.Builder
	for l := range w {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for l := range g {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

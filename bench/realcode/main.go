// Command realcode lists every finding outside test paths of secretlint
// scan, gitleaks and go vet -vettool=secretlint on real code, with the
// class given to it in a classification file, and counts them. Used by
// bench/realcode.sh (issue 13's real-code bar).
//
//	realcode [-scan REPORT.json] [-gitleaks REPORT.json -root DIR] [-vet NAME=OUTPUT …] [-classes FILE.md]
//
// A path is a test path when rules.IsTestPath says so (what scan tags
// "test-file": _test.go, testdata/, test/, tests/, fixtures/, e2e/ and the
// test support that rules.IsTestSupport recognises by path elements and
// file names) — the same function for every tool, so the counts compare.
// Paths are relative to the scanned root (scan, gitleaks) or prefixed by
// the vet module's name (vet). No value is printed: scan's preview is
// already redacted, gitleaks runs with --redact, vet prints no value.
//
// The classification file holds markdown table rows
// "| tool | path | line | rule | class | note |"; class is "secret",
// "not-secret" or "unsure". A finding without a row is "unclassified".
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/rules"
)

type item struct {
	tool, path string
	line       int
	rule       string
	class      string
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	scanF := flag.String("scan", "", "secretlint scan --format json report")
	glF := flag.String("gitleaks", "", "gitleaks --report-format json report")
	root := flag.String("root", "", "scanned root, stripped from gitleaks' paths")
	classes := flag.String("classes", "", "classification file (markdown table)")
	var vets multi
	flag.Var(&vets, "vet", "NAME=FILE: go vet output of module NAME (repeatable)")
	flag.Parse()

	var all []item
	var err error
	if *scanF != "" {
		all, err = scanItems(*scanF, all)
		check(err)
	}
	if *glF != "" {
		all, err = gitleaksItems(*glF, *root, all)
		check(err)
	}
	for _, v := range vets {
		name, file, ok := strings.Cut(v, "=")
		if !ok {
			check(fmt.Errorf("-vet %q: want NAME=FILE", v))
		}
		all, err = vetItems(name, file, all)
		check(err)
	}
	cls := map[string]string{}
	if *classes != "" {
		cls, err = loadClasses(*classes)
		check(err)
	}

	type count struct{ total, test int }
	counts := map[string]*count{}
	byClass := map[string]map[string]int{}
	var tools []string
	var out []item
	for _, it := range all {
		c := counts[it.tool]
		if c == nil {
			c = &count{}
			counts[it.tool] = c
			byClass[it.tool] = map[string]int{}
			tools = append(tools, it.tool)
		}
		c.total++
		if rules.IsTestPath(it.path) {
			c.test++
			continue
		}
		it.class = cls[key(it.tool, it.path, it.line, it.rule)]
		if it.class == "" {
			it.class = "unclassified"
		}
		byClass[it.tool][it.class]++
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.tool != b.tool {
			return a.tool < b.tool
		}
		if a.path != b.path {
			return a.path < b.path
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.rule < b.rule
	})
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "| tool | path | line | rule | class |")
	fmt.Fprintln(w, "|---|---|---:|---|---|")
	for _, it := range out {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s |\n", it.tool, it.path, it.line, it.rule, it.class)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| tool | findings | in test paths | outside | secret | not-secret | unsure | unclassified |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, t := range tools {
		c, b := counts[t], byClass[t]
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d | %d |\n", t, c.total, c.test, c.total-c.test,
			b["secret"], b["not-secret"], b["unsure"], b["unclassified"])
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "realcode:", err)
		os.Exit(1)
	}
}

func key(tool, path string, line int, rule string) string {
	return tool + "\x00" + path + "\x00" + strconv.Itoa(line) + "\x00" + rule
}

func scanItems(file string, all []item) ([]item, error) {
	var r struct {
		Findings []struct {
			RuleID string `json:"rule_id"`
			File   string `json:"file"`
			Line   int    `json:"line"`
		} `json:"findings"`
	}
	if err := readJSON(file, &r); err != nil {
		return nil, err
	}
	for _, f := range r.Findings {
		all = append(all, item{tool: "scan", path: filepath.ToSlash(f.File), line: f.Line, rule: f.RuleID})
	}
	return all, nil
}

func gitleaksItems(file, root string, all []item) ([]item, error) {
	var r []struct {
		RuleID    string
		File      string
		StartLine int
	}
	if err := readJSON(file, &r); err != nil {
		return nil, err
	}
	for _, f := range r {
		p := f.File
		if root != "" {
			if rel, err := filepath.Rel(root, p); err == nil {
				p = rel
			}
		}
		all = append(all, item{tool: "gitleaks", path: filepath.ToSlash(p), line: f.StartLine, rule: f.RuleID})
	}
	return all, nil
}

// vetLine is a go vet diagnostic: path:line:col: message (rule).
var vetLine = regexp.MustCompile(`^(.+?\.go):(\d+):\d+: .*\(([a-z0-9-]+)\)$`)

func vetItems(name, file string, all []item) ([]item, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	for _, l := range strings.Split(string(data), "\n") {
		m := vetLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		p := filepath.ToSlash(m[1])
		// go vet prints paths relative to the working directory (./x.go)
		// or absolute ones; keep the part below the module's directory.
		if i := strings.LastIndex(p, "/"+name+"/"); i >= 0 {
			p = p[i+len(name)+2:]
		}
		p = strings.TrimPrefix(p, "./")
		n, _ := strconv.Atoi(m[2])
		all = append(all, item{tool: "vet", path: name + "/" + p, line: n, rule: m[3]})
	}
	return all, nil
}

// loadClasses reads "| tool | path | line | rule | class | note |" rows.
func loadClasses(file string) (map[string]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(l, "| "), "|")
		if len(cells) < 5 {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		n, err := strconv.Atoi(cells[2])
		if err != nil {
			continue // a header or another table
		}
		class := strings.Trim(strings.Fields(cells[4] + " x")[0], "`")
		out[key(cells[0], strings.Trim(cells[1], "`"), n, strings.Trim(cells[3], "`"))] = class
	}
	return out, nil
}

func readJSON(file string, v any) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

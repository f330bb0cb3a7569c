// Command gosecsamples writes gosec's G101 sample programs
// (testutils/g101_samples.go: SampleCodeG101 and SampleCodeG101Values)
// into a module, one package per sample, and, given the go vet output of
// secretlint on it, compares secretlint's verdict with gosec's expected
// count for each sample. Used by bench/gosec-samples.sh.
//
//	gosecsamples write SAMPLES.go DIR
//	gosecsamples compare SAMPLES.go DIR < vet-output
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

type sample struct {
	name   string // s000 …
	code   []string
	errors int
}

func main() {
	if len(os.Args) != 4 || os.Args[1] != "write" && os.Args[1] != "compare" {
		fmt.Fprintln(os.Stderr, "usage: gosecsamples write|compare SAMPLES.go DIR")
		os.Exit(2)
	}
	samples, err := load(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if os.Args[1] == "write" {
		err = write(samples, os.Args[3])
	} else {
		err = compare(samples, os.Args[3])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// load reads the []CodeSample literals of the G101 variables.
func load(file string) ([]sample, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		return nil, err
	}
	var out []sample
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || !strings.HasPrefix(vs.Names[0].Name, "SampleCodeG101") || len(vs.Values) != 1 {
			return true
		}
		list, ok := vs.Values[0].(*ast.CompositeLit)
		if !ok {
			return false
		}
		for _, e := range list.Elts {
			cs, ok := e.(*ast.CompositeLit)
			if !ok || len(cs.Elts) < 2 {
				continue
			}
			codes, ok := cs.Elts[0].(*ast.CompositeLit)
			if !ok {
				continue
			}
			s := sample{name: fmt.Sprintf("s%03d", len(out))}
			for _, c := range codes.Elts {
				if lit, ok := c.(*ast.BasicLit); ok {
					if v, err := strconv.Unquote(lit.Value); err == nil {
						s.code = append(s.code, v)
					}
				}
			}
			if lit, ok := cs.Elts[1].(*ast.BasicLit); ok {
				s.errors, _ = strconv.Atoi(lit.Value)
			}
			out = append(out, s)
		}
		return false
	})
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no G101 samples found", file)
	}
	return out, nil
}

func write(samples []sample, dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module samples\n\ngo 1.22\n"), 0o644); err != nil {
		return err
	}
	for _, s := range samples {
		d := filepath.Join(dir, s.name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		for i, c := range s.code {
			if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("f%d.go", i)), []byte(c), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

var reDiag = regexp.MustCompile(`^(?:\./)?(s\d{3})/f\d+\.go:\d+:\d+: .*\(([a-z0-9-]+)\)$`)

// compare reads go vet's output and prints one line per disagreement,
// then the counts, setting apart samples whose only reason to differ is a
// #nosec comment or an AWS documentation key.
func compare(samples []sample, dir string) error {
	found := map[string][]string{}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if m := reDiag.FindStringSubmatch(sc.Text()); m != nil {
			found[m[1]] = append(found[m[1]], m[2])
		}
	}
	var agree, disagree, nosec, awsDoc int
	for _, s := range samples {
		code := strings.Join(s.code, "\n")
		want, got := s.errors > 0, len(found[s.name]) > 0
		if want == got {
			agree++
			continue
		}
		switch {
		case strings.Contains(code, "#nosec"):
			nosec++
			fmt.Printf("  (#nosec)  %s gosec=%d secretlint=%v\n", s.name, s.errors, found[s.name])
		case strings.Contains(code, "EXAMPLE"):
			awsDoc++
			fmt.Printf("  (AWS doc) %s gosec=%d secretlint=%v\n", s.name, s.errors, found[s.name])
		default:
			disagree++
			fmt.Printf("  DISAGREE  %s gosec=%d secretlint=%v  %s\n", s.name, s.errors, found[s.name], filepath.Join(dir, s.name))
		}
	}
	fmt.Printf("G101 samples: %d, agree %d, disagree %d (+ %d #nosec, %d AWS documentation keys)\n", len(samples), agree, disagree, nosec, awsDoc)
	return nil
}

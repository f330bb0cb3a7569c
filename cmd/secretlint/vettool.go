package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/secretlint-go/secretlint/analyzers"
	"github.com/secretlint-go/secretlint/rules"
)

// vetInvocation reports whether the command line is go vet's: a vet.cfg
// file as the last argument (analyzer flags may precede it), or the
// -V=full and -flags queries alone.
func vetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if strings.HasSuffix(args[len(args)-1], ".cfg") {
		return true
	}
	return len(args) == 1 && (args[0] == "-V=full" || args[0] == "-flags")
}

// vetUnit is the part of go vet's per-package configuration that secretlint
// reads before handing it to unitchecker.
type vetUnit struct {
	Dir      string
	GoFiles  []string
	VetxOnly bool
}

// vetMain runs the go vet -vettool protocol. It never returns.
//
// Before unitchecker takes over, the configuration (.secretlint.yaml,
// .gitleaks.toml) is looked up from the package's directory up to its
// module root, by this driver: the analyzers do no I/O of their own, and
// pass.ReadFile cannot read configuration files (it serves only the
// package's own files). go vet also runs the tool on every dependency,
// only to export types and facts; those runs get analyzers.FactsOnly with
// the default configuration, which computes the function summaries and
// never parses the rule set.
func vetMain(args []string) {
	// go vet starts one short-lived process per package; most of its
	// allocation is type-checking and export data, all live until exit.
	// With GOGC=1000 most of those processes never collect (on client-go's
	// dependencies: 15% less CPU than 400, the largest process 174 MiB
	// instead of 157); a soft limit of 512 MiB keeps a huge package from
	// growing its heap tenfold. GOGC and GOMEMLIMIT set by the user win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(1000)
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(512 << 20)
		}
	}
	last := args[len(args)-1]
	if last == "-V=full" {
		printVetVersion(os.Stdout)
		os.Exit(0)
	}
	list := analyzers.All
	if strings.HasSuffix(last, ".cfg") {
		unit, err := readVetUnit(last)
		if err != nil {
			fmt.Fprintf(os.Stderr, "secretlint: %v\n", err)
			os.Exit(1)
		}
		dir := unit.Dir
		if dir == "" && len(unit.GoFiles) > 0 {
			dir = filepath.Dir(unit.GoFiles[0])
		}
		if unit.VetxOnly {
			// A dependency, vetted only for the facts its importers
			// read: the function summaries, with the default
			// configuration.
			list = analyzers.FactsOnly(nil)
		} else if d := configDir(dir); d != "" {
			cfg, err := rules.LoadConfig(d, "")
			if err != nil {
				fmt.Fprintf(os.Stderr, "secretlint: %v\n", err)
				os.Exit(1)
			}
			list = analyzers.New(cfg)
		}
	}
	unitchecker.Main(list...)
}

func readVetUnit(name string) (*vetUnit, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading vet configuration: %w", err)
	}
	var u vetUnit
	if err := json.Unmarshal(data, &u); err != nil {
		return nil, fmt.Errorf("decoding vet configuration %s: %w", name, err)
	}
	return &u, nil
}

// configFiles are the files that configure a run, in the order LoadConfig
// reads them.
var configFiles = append(append([]string(nil), rules.ConfigFileNames...), rules.GitleaksConfigFileName)

// configDir returns the nearest directory from dir up to the module root
// (the first directory holding go.mod) that holds a configuration file,
// or "" when there is none.
func configDir(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, n := range configFiles {
			if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
				return dir
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// printVetVersion answers go vet's -V=full query, which keys go vet's
// cache of analysis results. Like unitchecker, it hashes the executable;
// it also hashes the configuration files of the module being vetted (the
// module root found from the current directory, and every directory below
// it that the go command would consider), so that editing a
// .secretlint.yaml makes go vet analyse again instead of replaying results
// cached under the old configuration.
func printVetVersion(w io.Writer) {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, _ = io.Copy(h, f)
			f.Close()
		}
	}
	for _, name := range moduleConfigFiles(".") {
		if data, err := os.ReadFile(name); err == nil {
			fmt.Fprintf(h, "\x00%s\x00%d\x00", name, len(data))
			h.Write(data)
		}
	}
	fmt.Fprintf(w, "secretlint version devel comments-go-here buildID=%02x\n", h.Sum(nil))
}

// moduleConfigFiles lists the configuration files that can apply to
// packages of the module holding dir: those in dir's ancestors up to the
// module root, and those below the root in directories the go command
// reads (not testdata, vendor, or names starting with . or _).
func moduleConfigFiles(dir string) []string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	root := dir
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			root = dir
			break
		}
		root = parent
	}
	var out []string
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil //nolint:nilerr // best effort: an unreadable directory holds no configuration we can use
		}
		if d.IsDir() {
			n := d.Name()
			if path != root && (n == "testdata" || n == "vendor" || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if slices.Contains(configFiles, d.Name()) {
			out = append(out, path)
		}
		return nil
	})
	return out
}

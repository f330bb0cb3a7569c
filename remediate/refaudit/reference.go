// Package refaudit finds every reference to a stored secret in a tree
// and checks it against the store, for `secretlint refs`.
//
// A reference form is found by one Finder, each in its own file and
// listed in the registry (Finders): vals ref+… (whole and embedded),
// CloudFormation {{resolve:secretsmanager:…}}, External Secrets
// remoteRefs (with their SecretStore's provider when the tree holds it),
// env maps, Go secretref calls with literal arguments, and dbt env_var
// through the env maps. A new form is one more file calling Register.
//
// Checking reads metadata only (remediate.Inspector: AWS DescribeSecret
// and ListSecrets, Vault's metadata endpoint); with CheckKeys the
// secrets are read too, to check each key, and their values stay in
// memory. Rules: see rules.go.
package refaudit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/remediate"
)

// Reference is one place in the tree that reads a stored secret. It
// holds the reference as written, never a value.
type Reference struct {
	File   string // slash path relative to the root
	Line   int    // 1-based
	Column int    // 1-based, in bytes
	Offset int    // byte offset of the reference
	End    int
	// Form names the finder ("vals", "cloudformation", ...).
	Form string
	// Backend is "aws" or "vault", or "" for the default store (an
	// ExternalSecret whose SecretStore is not in the tree).
	Backend string
	// Name is the AWS secret name or the Vault path below the mount.
	Name string
	// Mount is the Vault KV mount; Region the AWS region, when given.
	Mount  string
	Region string
	// Key is the key inside the secret's JSON object ("" for the whole
	// secret); for a nested vals key (a/b) its first segment.
	Key string
	// Text is the reference as written.
	Text string
	// Via says how the reference is reached, when indirectly (the env
	// map variable of a dbt env_var, the SecretStore of a remoteRef).
	Via string
	// Derived references repeat one that another finder reports (a dbt
	// env_var resolved through its env map): they count as uses of the
	// secret but are not checked twice.
	Derived bool
	// Problem, when set, is a dangling reference found without the store
	// (a dbt env_var missing from its env map).
	Problem string
}

// File is one file of the tree.
type File struct {
	Path    string // slash, relative to the root
	Content []byte

	once sync.Once
	docs []*yaml.Node
}

// YAML returns the file's YAML documents (nil when it is not YAML).
func (f *File) YAML() []*yaml.Node {
	f.once.Do(func() {
		dec := yaml.NewDecoder(bytes.NewReader(f.Content))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err != nil {
				break
			}
			f.docs = append(f.docs, &n)
		}
	})
	return f.docs
}

// Pos returns the 1-based line and column of offset.
func (f *File) Pos(offset int) (line, col int) {
	before := f.Content[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = offset - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// Tree is what finders may know about the whole tree: its files (for
// External Secrets stores and env maps found elsewhere) and options.
type Tree struct {
	Files []*File
	// Mount is the default Vault mount (--mount).
	Mount string
	// EnvFileName is the env map file name (remediate.DefaultEnvFileName).
	EnvFileName string

	storesOnce sync.Once
	stores     map[string]esoStore
	envOnce    sync.Once
	envMaps    map[string]map[string]string // dir -> var -> ref
}

// Finder finds one reference form.
type Finder interface {
	// Name names the form in reports.
	Name() string
	// Find returns the references in f.
	Find(t *Tree, f *File) []Reference
}

var registry []Finder

// Register adds a finder; each finder's file calls it from init.
func Register(f Finder) { registry = append(registry, f) }

// Finders returns the registered finders, by name.
func Finders() []Finder {
	out := slices.Clone(registry)
	slices.SortFunc(out, func(a, b Finder) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

// Find runs every finder over the tree's files.
func Find(t *Tree) []Reference {
	var out []Reference
	for _, f := range t.Files {
		for _, fd := range Finders() {
			out = append(out, fd.Find(t, f)...)
		}
	}
	slices.SortStableFunc(out, func(a, b Reference) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Offset - b.Offset
	})
	return out
}

// maxFile is the largest file read (as scan's default).
const maxFile = 10 << 20

// skipDirs are never walked: version control, dependencies, and
// secretlint's own state (journals; policies are read by the policy check).
var skipDirs = []string{".git", "node_modules", "vendor", ".secretlint", ".terraform"}

// LoadTree reads the text files under root (or the given paths, relative
// to root). Symbolic links are not followed, binary files and files over
// 10 MiB are left out.
func LoadTree(root string, paths []string) (*Tree, error) {
	t := &Tree{}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	seen := map[string]bool{}
	for _, p := range paths {
		start := filepath.Join(root, filepath.FromSlash(p))
		err := filepath.WalkDir(start, func(abs string, d fs.DirEntry, err error) error {
			if err != nil {
				if abs == start {
					return err
				}
				return nil
			}
			if d.IsDir() {
				if abs != start && slices.Contains(skipDirs, d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(root, abs)
			if err != nil || strings.HasPrefix(rel, "..") {
				return nil //nolint:nilerr // unreadable, outside the tree, too large or binary: not a file that holds references
			}
			rel = filepath.ToSlash(rel)
			if seen[rel] {
				return nil
			}
			seen[rel] = true
			info, err := d.Info()
			if err != nil || info.Size() > maxFile {
				return nil //nolint:nilerr // unreadable, outside the tree, too large or binary: not a file that holds references
			}
			b, err := os.ReadFile(abs)
			if err != nil || bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
				return nil //nolint:nilerr // unreadable, outside the tree, too large or binary: not a file that holds references
			}
			t.Files = append(t.Files, &File{Path: rel, Content: b})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, pathless(err))
		}
	}
	slices.SortFunc(t.Files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	return t, nil
}

func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// envFileName is the env map name in use.
func (t *Tree) envFileName() string {
	if t.EnvFileName != "" {
		return t.EnvFileName
	}
	return remediate.DefaultEnvFileName
}

// EnvMap returns the env map in dir (variable -> reference), nil if none
// or if it does not parse.
func (t *Tree) EnvMap(dir string) map[string]string {
	t.envOnce.Do(func() {
		t.envMaps = map[string]map[string]string{}
		for _, f := range t.Files {
			if path.Base(f.Path) != t.envFileName() {
				continue
			}
			if m, err := remediate.ParseEnvMap(f.Content); err == nil {
				t.envMaps[path.Dir(f.Path)] = m
			}
		}
	})
	return t.envMaps[dir]
}

// mount returns the default Vault mount.
func (t *Tree) mount() string {
	if t.Mount != "" {
		return strings.Trim(t.Mount, "/")
	}
	return "secret"
}

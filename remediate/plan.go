package remediate

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// PlanFormat identifies the plan file format.
const PlanFormat = "secretlint-remediate-plan/v1"

// Plan is what remediation will do: which secrets it stores, under which
// names and keys, and the exact edits of each file. It holds no secret
// value: values are identified by salted hashes (finding.ValueHash) and
// files by an HMAC of their content under the salt (fileHash), so a plan can be reviewed in one
// CI job and applied by a later one (--plan-out, --plan-in). Apply reads
// each value back out of the file at the planned span and checks its hash.
type Plan struct {
	Format string `json:"format"`
	// ID is an HMAC of the rest of the plan under the fingerprint salt
	// (see computeID); the journal is named after it.
	ID string `json:"id"`
	// Backend is the store kind the references were written for.
	Backend string `json:"backend"`
	// SaltCheck is an HMAC of a constant under the fingerprint salt, so
	// that applying with another salt fails clearly instead of finding
	// every value changed. It does not reveal the salt.
	SaltCheck string `json:"salt_check"`

	Secrets  []*PlanSecret  `json:"secrets"`
	EnvFiles []*PlanEnvFile `json:"env_files,omitempty"`
	// NewFiles are files the run creates (an External Secrets manifest
	// beside a workload): references only, removed by rollback.
	NewFiles []*PlanNewFile `json:"new_files,omitempty"`
	Files    []*PlanFile    `json:"files"`
	// Skipped lists findings that are not rewritten, with the reason.
	Skipped []*Skipped `json:"not_rewritable,omitempty"`
	// Excluded counts findings left out by --only and --exclude.
	Excluded int `json:"excluded,omitempty"`
	// ConsumerOptions are the options the consumers' references were
	// written with (the External Secrets store: OptK8sStore,
	// OptK8sStoreKind); apply writes the same. Set only when a planned
	// file's consumer uses them.
	ConsumerOptions map[string]string `json:"consumer_options,omitempty"`
}

// PlanSecret is one secret to store.
type PlanSecret struct {
	Name string     `json:"name"`
	Keys []*PlanKey `json:"keys"`
}

// PlanKey is one key of a secret.
type PlanKey struct {
	Key string `json:"key"`
	// ValueHash is finding.ValueHash of the value.
	ValueHash string `json:"value_hash"`
	// Ref is the vals reference to the key.
	Ref string `json:"ref"`
	// Places are the file:line:column places that hold the value.
	Places []string `json:"places"`
}

// PlanFile is one file to rewrite.
type PlanFile struct {
	Path string `json:"path"`
	// Before is the SHA-256 of the content the plan was made for; After
	// that of the content with every edit applied.
	Before string  `json:"before_sha256"`
	After  string  `json:"after_sha256"`
	Edits  []*Edit `json:"edits"`
	// GoPackage is the import path of a Go file's package: the Go files
	// of one package are written together or not at all (see EditGo).
	GoPackage string `json:"go_package,omitempty"`
	// Consumer names the program that reads the file and whose native
	// reference form the edits write (see ConsumerNames); Needs says what
	// the user must have in place for the rewritten file to work.
	Consumer string `json:"consumer,omitempty"`
	Needs    string `json:"needs,omitempty"`
	// GoMod marks a go.mod or go.sum file that rewritten Go files need
	// (EditGoCode edits, see gohook.go).
	GoMod bool `json:"go_mod,omitempty"`
}

// Edit replaces bytes [Offset, EndOffset) of a file (offsets in the
// content the plan saw) with Replacement. Replacement is a reference or
// template text, never a value; Spelling says how the value is written in
// the span.
type Edit struct {
	Line   int    `json:"line"`
	Column int    `json:"column"`
	RuleID string `json:"rule_id"`
	// Fingerprints are those of the findings this edit resolves (several
	// rules may report the same value).
	Fingerprints []string `json:"fingerprints"`
	Kind         string   `json:"kind"`
	Secret       string   `json:"secret"`
	Key          string   `json:"key"`
	// EnvVar is the environment variable a dbt edit reads.
	EnvVar      string `json:"env_var,omitempty"`
	Offset      int    `json:"offset"`
	EndOffset   int    `json:"end_offset"`
	Replacement string `json:"replacement"`
	// FindingOffset and FindingEnd are the finding's own span, which may
	// be narrower than the edit (a dbt env_var default without its comma
	// and quotes); apply re-checks the edit from them.
	FindingOffset int      `json:"finding_offset"`
	FindingEnd    int      `json:"finding_end_offset"`
	Spelling      Spelling `json:"spelling"`
	// Aux marks an edit that moves no value but goes with the file's
	// other edits (a step inserted before the steps that use it, a block
	// the references read from): bytes [Offset, EndOffset), which were
	// Spelling.Prefix, become Replacement. Secret and Key are empty.
	Aux bool `json:"aux,omitempty"`
	// NeedsFile is a new file (Plan.NewFiles) the edit's reference reads
	// through: the edit is made only once that file is written.
	NeedsFile string `json:"needs_file,omitempty"`
}

// PlanNewFile is a file a run creates. It holds references and names,
// never a value. It is written only when every key it references is
// stored and verified, never over an existing file, and rollback removes
// it while it still has this content.
type PlanNewFile struct {
	Path     string `json:"path"`
	Consumer string `json:"consumer"`
	Content  string `json:"content"`
	// Keys are the SECRET#KEY destinations the file references.
	Keys []string `json:"keys"`
}

// PlanEnvFile is an env map file (see EnvMap) to create or extend.
type PlanEnvFile struct {
	Path string `json:"path"`
	// Before is the SHA-256 of the existing file, "" when it does not
	// exist; BeforeLen its length. The file only grows: rollback cuts it
	// back to BeforeLen (or removes it).
	Before    string      `json:"before_sha256,omitempty"`
	BeforeLen int         `json:"before_len"`
	Entries   []*EnvEntry `json:"entries"`
}

// EnvEntry is one variable of an env map.
type EnvEntry struct {
	Var    string `json:"var"`
	Ref    string `json:"ref"`
	Secret string `json:"secret"`
	Key    string `json:"key"`
}

// Skip statuses.
const (
	StatusNotRewritable    = "not-rewritable"
	StatusNotYetRewritable = "not-yet-rewritable"
)

// Skipped is a finding the plan does not rewrite.
type Skipped struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Offset      int    `json:"offset"`
	EndOffset   int    `json:"end_offset"`
	RuleID      string `json:"rule_id"`
	Fingerprint string `json:"fingerprint"`
	Status      string `json:"status"`
	Reason      string `json:"reason"`
}

// Referencer writes references for a backend: a Store, or RefSyntax when
// planning without a connection.
type Referencer interface {
	Kind() string
	Ref(name, key string) string
}

// RefSyntax writes the references of a backend without connecting to it.
type RefSyntax struct {
	Backend string // "aws" or "vault"
	Mount   string // Vault KV mount; default "secret"
}

// Kind returns the backend.
func (r RefSyntax) Kind() string { return r.Backend }

// Ref returns the vals reference.
func (r RefSyntax) Ref(name, key string) string {
	if r.Backend == "aws" {
		return AWSRef(name, key)
	}
	m := r.Mount
	if m == "" {
		m = "secret"
	}
	return VaultRef(m, name, key)
}

// PlanOptions configures NewPlan.
type PlanOptions struct {
	// Root is the directory the findings' File paths are relative to.
	Root string
	// Refs writes the references (a Store or RefSyntax).
	Refs Referencer
	// Naming names the secrets; nil means the defaults.
	Naming *Naming
	// EnvFileName is the env map written next to dbt profiles
	// (DefaultEnvFileName when empty).
	EnvFileName string
	// Salt is the fingerprint salt (finding.DefaultSalt when empty).
	Salt string
	// Only and Exclude narrow the findings: each pattern is a rule ID, a
	// path, a directory or a path.Match glob.
	Only, Exclude []string
	// Go rewrites Go sources (remediate/gorewrite); nil leaves Go
	// findings not yet rewritable.
	Go GoRewriter
	// RefMode is RefsNative (the default: each file gets the reference
	// form its consumer resolves) or RefsVals (vals references in every
	// YAML file, for trees that vals or helmfile renders).
	RefMode string
	// Consumers, when set, limits rewriting to these consumers;
	// SkipConsumers leaves these out (see ConsumerNames). Their findings
	// count as excluded.
	Consumers, SkipConsumers []string
	// K8sStore and K8sStoreKind name the External Secrets store
	// (SecretStore or ClusterSecretStore) that the ExternalSecrets
	// written for Kubernetes manifests read from; defaults
	// DefaultK8sStore and "SecretStore".
	K8sStore, K8sStoreKind string
	// AnsibleAWSLookup names amazon.aws's Secrets Manager lookup in
	// Ansible files: "aws_secret" (the default; amazon.aws 5.x, Debian
	// 12's ansible) or "secretsmanager_secret" (amazon.aws >= 6).
	AnsibleAWSLookup string
}

// ErrUnknownConsumer: --consumer or --skip-consumer names no consumer.
var ErrUnknownConsumer = errors.New("unknown consumer")

// ErrNoBackend: a plan needs a backend to write references for.
var ErrNoBackend = errors.New("no backend: use --backend aws or --backend vault")

// saltCheck returns the salt check of a plan.
func saltCheck(salt string) string {
	return finding.SaltCheck(salt, "secretlint remediate plan salt check")
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// MatchPattern reports whether a --only/--exclude pattern matches a
// finding: its rule ID, its path, a directory above it, or a glob.
func MatchPattern(pattern, ruleID, file string) bool {
	pattern = strings.TrimSuffix(filepath.ToSlash(pattern), "/")
	pattern = strings.TrimPrefix(pattern, "./")
	if pattern == ruleID || pattern == file || pattern == "." || strings.HasPrefix(file, pattern+"/") {
		return true
	}
	ok, _ := path.Match(pattern, file)
	if !ok {
		ok, _ = path.Match(pattern, path.Base(file))
	}
	return ok
}

// request bundles a finding with its planned edit request.
type request struct {
	c       consumer // nil for Go
	f       *finding.Finding
	dups    []*finding.Finding
	req     *editRequest
	secret  string
	key     string
	ref     string
	hash    string
	envVar  string
	envFile string
}

// NewPlan builds the plan for findings. It reads the files they are in
// (under opts.Root) but contacts no store.
func NewPlan(ctx context.Context, findings []finding.Finding, opts PlanOptions) (*Plan, error) {
	if opts.Refs == nil || (opts.Refs.Kind() != "aws" && opts.Refs.Kind() != "vault") {
		return nil, ErrNoBackend
	}
	naming := opts.Naming
	if naming == nil {
		var err error
		if naming, err = NewNaming(DefaultPrefix, "", ""); err != nil {
			return nil, err
		}
	}
	envName := cmp.Or(opts.EnvFileName, DefaultEnvFileName)
	backend := opts.Refs.Kind()
	p := &Plan{Format: PlanFormat, Backend: backend, SaltCheck: saltCheck(opts.Salt)}
	penv := &planEnv{backend: backend, refs: cmp.Or(opts.RefMode, RefsNative), root: opts.Root, ansibleLookup: opts.AnsibleAWSLookup}
	if opts.AnsibleAWSLookup != "" && !slices.Contains(AnsibleLookups, opts.AnsibleAWSLookup) {
		return nil, fmt.Errorf("unknown Ansible AWS lookup %q (known: %s)", opts.AnsibleAWSLookup, strings.Join(AnsibleLookups, ", "))
	}
	if err := penv.setK8sStore(opts.K8sStore, opts.K8sStoreKind); err != nil {
		return nil, err
	}
	if rs, ok := opts.Refs.(RefSyntax); ok {
		penv.mount = rs.Mount
	}
	for _, name := range slices.Concat(opts.Consumers, opts.SkipConsumers) {
		if consumerNamed(name) == nil {
			return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownConsumer, name, strings.Join(ConsumerNames(), ", "))
		}
	}

	fs := make([]*finding.Finding, 0, len(findings))
	for i := range findings {
		f := &findings[i]
		if len(opts.Only) > 0 && !slices.ContainsFunc(opts.Only, func(p string) bool { return MatchPattern(p, f.RuleID, f.File) }) ||
			slices.ContainsFunc(opts.Exclude, func(p string) bool { return MatchPattern(p, f.RuleID, f.File) }) {
			p.Excluded++
			continue
		}
		if f.Commit != "" {
			continue // history findings are not in the tree
		}
		fs = append(fs, f)
	}
	slices.SortStableFunc(fs, func(a, b *finding.Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Offset, b.Offset), cmp.Compare(b.EndOffset, a.EndOffset),
			cmp.Compare(a.RuleID, b.RuleID))
	})

	skip := func(f *finding.Finding, status, reason string) {
		p.Skipped = append(p.Skipped, &Skipped{File: f.File, Line: f.Line, Column: f.Column, Offset: f.Offset, EndOffset: f.EndOffset,
			RuleID: f.RuleID, Fingerprint: f.Fingerprint, Status: status, Reason: reason})
	}

	// One request per distinct span; several rules reporting the same
	// span become one edit.
	var reqs []*request
	bySpan := map[string]*request{}
	for _, f := range fs {
		spanKey := fmt.Sprintf("%s\x00%d\x00%d", f.File, f.Offset, f.EndOffset)
		if r := bySpan[spanKey]; r != nil && (r.f.Secret.Equal(f.Secret) || r.req.kind == EditGo) {
			r.dups = append(r.dups, f)
			continue
		}
		c, kind, status, reason := dispatch(f, penv)
		if c != nil && !consumerAllowed(c.name(), opts.Consumers, opts.SkipConsumers) {
			p.Excluded++
			continue
		}
		if opts.Go != nil && isGoFile(f.File) {
			kind, status = EditGo, ""
			// The rewrite replaces the whole literal: its whole value is
			// what gets stored.
			var whole *finding.Finding
			if whole, reason = goWholeValue(opts.Root, f); reason != "" {
				status = StatusNotRewritable
			} else {
				f = whole
			}
		}
		if reason != "" {
			skip(f, status, reason)
			continue
		}
		r := &request{c: c, f: f, req: &editRequest{offset: f.Offset, end: f.EndOffset, value: f.Secret.Reveal(), kind: kind}}
		bySpan[spanKey] = r
		reqs = append(reqs, r)
	}

	// A finding whose span is a whole YAML scalar but whose secret is that
	// scalar's text with its layout (a private key matched in the raw
	// lines of a block scalar, indentation included) moves the scalar's
	// value: that is what the application reads and what a reference
	// must give back.
	contents := map[string][]byte{}
	scalarsAt := map[string]map[int]scalarInfo{}
	for _, r := range reqs {
		if r.c == nil {
			continue
		}
		idx, ok := scalarsAt[r.f.File]
		if !ok {
			content, err := os.ReadFile(filepath.Join(opts.Root, filepath.FromSlash(r.f.File)))
			if err == nil {
				contents[r.f.File] = content
				if docs, err := parseYAML(content); isYAMLFile(r.f) && err == nil {
					idx = map[int]scalarInfo{}
					for _, si := range scalars(content, docs) {
						idx[si.offset] = si
					}
				}
			}
			scalarsAt[r.f.File] = idx
		}
		if sh := r.c.shape(r.req.kind, binding{}); sh.dropDefault || sh.interpDefault {
			continue
		}
		if si, ok := idx[r.f.Offset]; ok && !si.isKey && si.node.Value != r.req.value &&
			si.node.Value != "" && withoutSpace(si.node.Value) == withoutSpace(r.req.value) {
			r.req.value = si.node.Value
		}
	}

	// Destinations: the same value in several places is one secret, named
	// after its first place.
	type dest struct{ name, key string }
	byValue := map[string]dest{}
	used := map[dest]string{} // destination -> value hash
	var keep []*request
	for _, r := range reqs {
		f := r.f
		r.hash = finding.ValueHash(opts.Salt, finding.NewSecret(r.req.value))
		d, ok := byValue[r.hash]
		if !ok {
			var err error
			profile, target := f.Meta["dbt.profile"], f.Meta["dbt.target"]
			if r.req.kind != EditDBTEnvVar && r.req.kind != EditDBTDropDefault {
				profile, target = "", ""
			}
			d.name, err = naming.Name(f.File, f.Meta["format"], f.RuleID, profile, target)
			if err != nil {
				skip(f, StatusNotRewritable, "no valid secret name: "+err.Error())
				continue
			}
			base := SanitizeKey(cmp.Or(f.Meta["dbt.field"], f.KeyPath))
			if profile == "" {
				base = SanitizeKey(f.KeyPath)
			}
			switch kn, ok := r.c.(keyNamer); {
			case r.req.kind == EditGo:
				base = goKey(f)
			case ok && base == "":
				base = SanitizeKey(kn.keyName(f, contents[f.File]))
			}
			if base == "" {
				base = SanitizeKey(fmt.Sprintf("%s-line-%d", f.RuleID, f.Line))
			}
			d.key = base
			for i := 2; ; i++ {
				if h, taken := used[d]; !taken || h == r.hash {
					break
				}
				d.key = fmt.Sprintf("%s-%d", base, i)
			}
			if err := ValidateKey(d.key); err != nil {
				skip(f, StatusNotRewritable, "no valid key: "+err.Error())
				continue
			}
			byValue[r.hash] = d
			used[d] = r.hash
		}
		r.secret, r.key = d.name, d.key
		r.ref = opts.Refs.Ref(d.name, d.key)
		if r.c != nil {
			if reason := r.bind(contents[f.File], penv.opts, opts.Root); reason != "" {
				skip(f, StatusNotRewritable, reason)
				continue
			}
		}
		keep = append(keep, r)
	}
	reqs = keep
	var goReqs []*request
	reqs = slices.DeleteFunc(reqs, func(r *request) bool {
		if r.req.kind == EditGo {
			goReqs = append(goReqs, r)
			return true
		}
		return false
	})

	// Analyse each file's edits; env map conflicts send a file round again
	// without the conflicting edit.
	byFile := map[string][]*request{}
	var files []string
	for _, r := range reqs {
		if _, ok := byFile[r.f.File]; !ok {
			files = append(files, r.f.File)
		}
		byFile[r.f.File] = append(byFile[r.f.File], r)
	}
	envs := map[string]*envPlan{}
	for _, file := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		content, ok := contents[file]
		var err error
		if !ok {
			content, err = os.ReadFile(filepath.Join(opts.Root, filepath.FromSlash(file)))
		}
		if err != nil {
			for _, r := range byFile[file] {
				skip(r.f, StatusNotRewritable, "cannot read the file: "+errorsWithoutPath(err))
			}
			continue
		}
		frs := byFile[file]
		c := frs[0].c
		frs = slices.DeleteFunc(frs, func(r *request) bool {
			if r.c != c {
				skip(r.f, StatusNotRewritable, "the file is read by "+c.name()+" and by "+r.c.name()+"; rewrite it by hand")
				return true
			}
			return false
		})
		for {
			ereqs := make([]*editRequest, len(frs))
			for i, r := range frs {
				ereqs[i] = r.req
			}
			edits, rejected, after := c.analyse(content, ereqs)
			var retry []*request
			accepted := map[*editRequest]*yamlEdit{}
			var aux []*yamlEdit
			for _, e := range edits {
				if e.aux {
					aux = append(aux, e)
					continue
				}
				accepted[e.req] = e
			}
			var conflicts bool
			local := map[string]string{} // env var -> ref in this file
			for _, r := range frs {
				if reason, bad := rejected[r.req]; bad {
					skip(r.f, StatusNotRewritable, reason)
					continue
				}
				if r.req.dropDefault || r.req.interpDefault {
					r.envVar = r.req.envVar
				}
				if r.envVar != "" {
					r.envFile = path.Join(path.Dir(file), envName)
					if ef, ok := c.(envFiler); ok {
						r.envFile = ef.envFile(file, envName)
					}
					reason := envConflict(envs, opts.Root, r.envFile, r.envVar, r.ref)
					if old, ok := local[r.envVar]; reason == "" && ok && old != r.ref {
						reason = r.envVar + " would need two different references in " + r.envFile
					}
					if reason != "" {
						skip(r.f, StatusNotRewritable, reason)
						conflicts = true
						continue
					}
					local[r.envVar] = r.ref
				}
				retry = append(retry, r)
			}
			if conflicts {
				frs = retry
				continue
			}
			if len(retry) == 0 {
				break
			}
			pf := &PlanFile{Path: file, Before: fileHash(opts.Salt, content), After: fileHash(opts.Salt, after), Consumer: c.name(), Needs: c.needs(penv)}
			for _, r := range retry {
				e := accepted[r.req]
				ed := &Edit{
					Line: r.f.Line, Column: r.f.Column, RuleID: r.f.RuleID, Kind: r.req.kind,
					Secret: r.secret, Key: r.key, EnvVar: r.envVar,
					Offset: e.Offset, EndOffset: e.End, Replacement: e.Replacement, Spelling: e.Spelling,
					FindingOffset: r.f.Offset, FindingEnd: r.f.EndOffset, NeedsFile: needsPath(file, e.needsFile),
				}
				ed.Fingerprints = append(ed.Fingerprints, r.f.Fingerprint)
				for _, d := range r.dups {
					ed.Fingerprints = append(ed.Fingerprints, d.Fingerprint)
				}
				pf.Edits = append(pf.Edits, ed)
				if r.envVar != "" {
					envs[r.envFile].add(r.envVar, r.ref, r.secret, r.key)
				}
			}
			for _, e := range aux {
				line, col := lineCol(content, e.Offset)
				pf.Edits = append(pf.Edits, &Edit{
					Line: line, Column: col, Kind: e.kind, Aux: true,
					Offset: e.Offset, EndOffset: e.End, Replacement: e.Replacement, Spelling: e.Spelling,
					FindingOffset: e.Offset, FindingEnd: e.End, NeedsFile: needsPath(file, e.needsFile),
				})
			}
			slices.SortFunc(pf.Edits, func(a, b *Edit) int { return cmp.Or(a.Offset-b.Offset, a.EndOffset-b.EndOffset) })
			p.Files = append(p.Files, pf)
			if nc, ok := c.(newFileConsumer); ok {
				var moved []movedValue
				for _, r := range retry {
					moved = append(moved, movedValue{f: r.f, secret: r.secret, key: r.key, ref: r.ref, envVar: r.envVar})
				}
				p.NewFiles = append(p.NewFiles, nc.newFiles(file, content, moved, penv)...)
			}
			break
		}
	}

	for _, pf := range p.Files {
		if usesOpts(pf.Consumer) {
			p.ConsumerOptions = penv.opts
		}
	}

	allValues := map[string][]string{}
	for i := range findings {
		if f := &findings[i]; isGoFile(f.File) && f.Commit == "" {
			allValues[f.File] = append(allValues[f.File], f.Secret.Reveal())
		}
	}
	if err := p.planGo(ctx, opts, goReqs, allValues, skip); err != nil {
		return nil, err
	}

	// Secrets: every key some edit uses.
	secrets := map[string]*PlanSecret{}
	keys := map[dest]*PlanKey{}
	hashes := map[dest]string{}
	for d, h := range used {
		hashes[d] = h
	}
	for _, pf := range p.Files {
		for _, e := range pf.Edits {
			if e.Aux {
				continue
			}
			d := dest{e.Secret, e.Key}
			k := keys[d]
			if k == nil {
				k = &PlanKey{Key: e.Key, ValueHash: hashes[d], Ref: opts.Refs.Ref(e.Secret, e.Key)}
				keys[d] = k
				s := secrets[e.Secret]
				if s == nil {
					s = &PlanSecret{Name: e.Secret}
					secrets[e.Secret] = s
				}
				s.Keys = append(s.Keys, k)
			}
			k.Places = append(k.Places, fmt.Sprintf("%s:%d:%d", pf.Path, e.Line, e.Column))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(secrets)) {
		s := secrets[name]
		slices.SortFunc(s.Keys, func(a, b *PlanKey) int { return cmp.Compare(a.Key, b.Key) })
		p.Secrets = append(p.Secrets, s)
	}
	for _, name := range slices.Sorted(maps.Keys(envs)) {
		if ef := envs[name].file; len(ef.Entries) > 0 {
			p.EnvFiles = append(p.EnvFiles, ef)
		}
	}
	slices.SortFunc(p.Skipped, func(a, b *Skipped) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Offset, b.Offset), cmp.Compare(a.RuleID, b.RuleID))
	})
	p.ID = p.computeID(opts.Salt)
	return p, nil
}

// needsPath returns the path of the new file an edit of file needs
// (yamlEdit.needsFile is relative to the file's directory), or "".
func needsPath(file, rel string) string {
	if rel == "" {
		return ""
	}
	return path.Join(path.Dir(file), rel)
}

// errorsWithoutPath shortens a file error to its cause.
func errorsWithoutPath(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// dispatch finds the consumer that rewrites f and the edit kind, or says
// why f is not rewritten. Go findings have no consumer (see planGo).
func dispatch(f *finding.Finding, o *planEnv) (c consumer, kind, status, reason string) {
	switch {
	case f.RuleID == "dbt-env-var-not-secret":
		return nil, "", StatusNotRewritable, "the value reads a variable, it holds no secret: rename the variable with the " + rules.SecretDBTEnvPrefix + " prefix (in profiles.yml and where it is set) so dbt scrubs it from its logs"
	case rules.Classify(f.Secret.Reveal()).Kind == rules.KindReference:
		// Never store a reference as if it were the secret.
		return nil, "", StatusNotRewritable, "the value is a reference, not a secret"
	case isGoFile(f.File):
		return nil, "", StatusNotYetRewritable, "Go sources are not rewritten yet (a separate change adds them); move this value by hand"
	}
	c, reason = consumerFor(f, o)
	if c == nil {
		return nil, "", StatusNotRewritable, reason
	}
	kind, status, reason = c.prepare(f, o)
	return c, kind, status, reason
}

// bind completes a request once its destination is named: the variable
// the consumer reads it through and the text that replaces it. It says
// why the request cannot be written, or "".
func (r *request) bind(content []byte, opts map[string]string, root string) string {
	b := binding{secret: r.secret, key: r.key, ref: r.ref, content: content, opts: opts, root: root, file: r.f.File}
	b.envVar = r.c.envVar(r.f, r.req.kind, b)
	sh := r.c.shape(r.req.kind, b)
	if sh.replace == "" && !sh.dropDefault && !sh.interpDefault {
		return "could not name an environment variable or reference for this value"
	}
	if b.envVar != "" && !validEnvName(b.envVar) {
		return b.envVar + " is not an environment variable name"
	}
	r.envVar = b.envVar
	sh.offset, sh.end, sh.value, sh.kind, sh.dest = r.req.offset, r.req.end, r.req.value, r.req.kind, b
	*r.req = sh
	return ""
}

// envPlan accumulates one env map file.
type envPlan struct {
	file     *PlanEnvFile
	existing map[string]string
	err      string
}

func (e *envPlan) add(v, ref, secret, key string) {
	if e.existing[v] == ref {
		return
	}
	for _, en := range e.file.Entries {
		if en.Var == v {
			return
		}
	}
	e.file.Entries = append(e.file.Entries, &EnvEntry{Var: v, Ref: ref, Secret: secret, Key: key})
}

// envConflict loads the env map at file (once) and reports why v cannot
// map to ref there, or "".
func envConflict(envs map[string]*envPlan, root, file, v, ref string) string {
	ep := envs[file]
	if ep == nil {
		ep = &envPlan{file: &PlanEnvFile{Path: file}, existing: map[string]string{}}
		envs[file] = ep
		content, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			ep.err = "cannot read the env map " + file + ": " + errorsWithoutPath(err)
		default:
			m, err := ParseEnvMap(content)
			if err != nil {
				ep.err = "the env map " + file + " is not usable: " + err.Error()
				break
			}
			ep.existing = m
			ep.file.Before = sha(content)
			ep.file.BeforeLen = len(content)
		}
	}
	if ep.err != "" {
		return ep.err
	}
	if old, ok := ep.existing[v]; ok && old != ref {
		return fmt.Sprintf("the env map %s already maps %s to another reference", file, v)
	}
	for _, en := range ep.file.Entries {
		if en.Var == v && en.Ref != ref {
			return fmt.Sprintf("%s would need two different references in %s", v, file)
		}
	}
	return ""
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Files) == 0 }

// MarshalIndent returns the plan as indented JSON (the --plan-out file).
func (p *Plan) MarshalIndent() ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ReadPlan parses a plan file and checks it (see Plan.validate): its ID
// is the HMAC of its content under salt, its paths stay below the root and
// its spans are spans. A *PlanError says which check failed.
func ReadPlan(data []byte, salt string) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	if err := p.validate(salt); err != nil {
		return nil, err
	}
	return &p, nil
}

// key returns the plan key of an edit.
func (p *Plan) key(secret, key string) *PlanKey {
	for _, s := range p.Secrets {
		if s.Name == secret {
			for _, k := range s.Keys {
				if k.Key == key {
					return k
				}
			}
		}
	}
	return nil
}

// ParseEnvMap parses an env map: a YAML mapping of variable names to
// references (ref+…). Anything else is an error, so that the file can never
// become a place where values are kept.
func ParseEnvMap(content []byte) (map[string]string, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(content, &n); err != nil {
		return nil, errors.New("not valid YAML")
	}
	out := map[string]string{}
	if n.Kind == 0 {
		return out, nil
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) != 1 || n.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a mapping of variable names to references")
	}
	m := n.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: not a variable name mapped to a reference", k.Line)
		}
		if !validEnvName(k.Value) {
			return nil, fmt.Errorf("line %d: %q is not an environment variable name", k.Line, k.Value)
		}
		if !strings.HasPrefix(v.Value, "ref+") {
			return nil, fmt.Errorf("line %d: the value of %s is not a ref+… reference (an env map holds references only)", k.Line, k.Value)
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("line %d: %s is listed twice", k.Line, k.Value)
		}
		out[k.Value] = v.Value
	}
	return out, nil
}

func validEnvName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, r := range s {
		if !isEnvNameRune(r) {
			return false
		}
	}
	return true
}

// isEnvNameRune reports whether r may appear in an environment variable
// name: an ASCII letter, digit or underscore.
func isEnvNameRune(r rune) bool {
	return r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
}

// withoutSpace drops every space, tab, carriage return and line break.
func withoutSpace(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, s)
}

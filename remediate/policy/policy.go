// Package policy writes the least-privilege read policies of a
// remediation run: for each consumer scope (a directory by default, or a
// file, or the whole run) the policy its workload needs to read exactly
// the secrets the run moved into the references of that scope, and
// nothing wider.
//
//   - AWS: an IAM policy document (Version 2012-10-17) allowing
//     secretsmanager:GetSecretValue and secretsmanager:DescribeSecret on the
//     full ARNs the store returned (with their random suffix), plus
//     kms:Decrypt on the --kms-key-id key, only through Secrets Manager in
//     the secret's region (kms:ViaService).
//   - Vault: an ACL policy in HCL, path "MOUNT/data/PATH" { capabilities =
//     ["read"] } for each moved path; optionally also written to Vault
//     (sys/policies/acl/NAME).
//
// Policies hold names, ARNs and paths, never a value. They are written
// under remediate.PolicyDir/<plan-id>/, one file per scope, named by
// FileName, so that `secretlint refs` can tell which references each
// policy serves (overbroad-policy).
package policy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/remediate"
)

// Scopes: what one policy covers.
const (
	ScopeDir  = "dir"  // the files of one directory (default)
	ScopeFile = "file" // one file
	ScopeRun  = "run"  // everything the run moved
)

// File name suffixes.
const (
	SuffixAWS   = ".iam.json"
	SuffixVault = ".vault.hcl"
)

// Options configure a Writer.
type Options struct {
	// Scope is ScopeDir (default), ScopeFile or ScopeRun.
	Scope string
	// KMSKeyID is the KMS key the AWS secrets are encrypted with (ID, ARN
	// or alias), as given to remediate --kms-key-id; "" means the AWS
	// managed key, which needs no statement.
	KMSKeyID string
	// Publish also writes Vault policies to Vault (sys/policies/acl).
	Publish bool
	// Root is the remediated tree (to tell External Secrets consumers).
	Root string
}

// Writer implements remediate.PolicyWriter.
type Writer struct{ o Options }

var _ remediate.PolicyWriter = (*Writer)(nil)

// New returns a Writer; it checks the scope.
func New(o Options) (*Writer, error) {
	switch o.Scope {
	case "":
		o.Scope = ScopeDir
	case ScopeDir, ScopeFile, ScopeRun:
	default:
		return nil, fmt.Errorf("unknown policy scope %q (want dir, file or run)", o.Scope)
	}
	return &Writer{o: o}, nil
}

// ScopeOf returns the scope a consumer file belongs to: its directory
// ("." for the root), the file itself, or "" for a whole run.
func ScopeOf(kind, file string) string {
	switch kind {
	case ScopeFile:
		return file
	case ScopeRun:
		return ""
	}
	return path.Dir(file)
}

// FileName returns the policy file name of a scope: KIND-ESCAPEDPATH
// plus the backend's suffix ("run" alone for a run).
func FileName(kind, scope, backend string) string {
	name := kind
	if kind != ScopeRun {
		name += "-" + url.PathEscape(scope)
	}
	if len(name) > maxName {
		// Too long for a file name: cut, with a hash of the scope.
		// ParseFileName does not recognise it, so refs leaves it alone.
		sum := sha256.Sum256([]byte(scope))
		name = name[:maxName-17] + "#" + hex.EncodeToString(sum[:8])
	}
	if backend == "aws" {
		return name + SuffixAWS
	}
	return name + SuffixVault
}

// maxName bounds a policy file name before its suffix (file systems
// allow 255 bytes).
const maxName = 200

// ParseFileName is the inverse of FileName.
func ParseFileName(name string) (kind, scope, backend string, ok bool) {
	switch {
	case strings.HasSuffix(name, SuffixAWS):
		backend, name = "aws", strings.TrimSuffix(name, SuffixAWS)
	case strings.HasSuffix(name, SuffixVault):
		backend, name = "vault", strings.TrimSuffix(name, SuffixVault)
	default:
		return "", "", "", false
	}
	if name == ScopeRun {
		return ScopeRun, "", backend, true
	}
	kind, esc, found := strings.Cut(name, "-")
	if !found || kind != ScopeDir && kind != ScopeFile {
		return "", "", "", false
	}
	if strings.Contains(esc, "#") { // PathEscape always escapes #
		return "", "", "", false // a cut name (see FileName)
	}
	scope, err := url.PathUnescape(esc)
	if err != nil || scope == "" {
		return "", "", "", false
	}
	return kind, scope, backend, true
}

// moved returns the secret names whose keys rep says are in the store
// (written or already present) for this run.
func moved(rep *remediate.Report) map[string]bool {
	out := map[string]bool{}
	for _, s := range rep.Secrets {
		if len(s.Written)+len(s.Present) > 0 {
			out[s.Name] = true
		}
	}
	return out
}

// scopes maps each scope to the moved secrets its rewritten files and
// env maps reference.
func (w *Writer) scopes(p *remediate.Plan, rep *remediate.Report) (map[string][]string, map[string][]string) {
	ok := moved(rep)
	done := map[string]bool{}
	for _, list := range [][]*remediate.FileReport{rep.Files, rep.EnvFiles} {
		for _, f := range list {
			switch f.Status {
			case remediate.FileRewritten, remediate.FileAlreadyRewritten, remediate.FilePartial:
				done[f.Path] = true
			}
		}
	}
	secrets := map[string][]string{}
	files := map[string][]string{}
	add := func(file, secret string) {
		if !ok[secret] || !done[file] {
			return
		}
		sc := ScopeOf(w.o.Scope, file)
		if !slices.Contains(secrets[sc], secret) {
			secrets[sc] = append(secrets[sc], secret)
		}
		if !slices.Contains(files[sc], file) {
			files[sc] = append(files[sc], file)
		}
	}
	for _, pf := range p.Files {
		for _, e := range pf.Edits {
			add(pf.Path, e.Secret)
		}
	}
	for _, ef := range p.EnvFiles {
		for _, en := range ef.Entries {
			add(ef.Path, en.Secret)
		}
	}
	for sc := range secrets {
		slices.Sort(secrets[sc])
		slices.Sort(files[sc])
	}
	return secrets, files
}

// Policies implements remediate.PolicyWriter.
func (w *Writer) Policies(ctx context.Context, p *remediate.Plan, rep *remediate.Report, st remediate.Store) ([]remediate.Policy, error) {
	secrets, files := w.scopes(p, rep)
	var out []remediate.Policy
	arns := map[string]remediate.Description{}
	for _, sc := range slices.Sorted(maps.Keys(secrets)) {
		pol := remediate.Policy{Path: remediate.PolicyDir + "/" + p.ID + "/" + FileName(w.o.Scope, sc, st.Kind())}
		switch st.Kind() {
		case "aws":
			ins, ok := st.(remediate.Inspector)
			if !ok {
				return nil, errors.New("the AWS store cannot describe secrets (no ARNs for the policy)")
			}
			var descs []remediate.Description
			for _, name := range secrets[sc] {
				d, seen := arns[name]
				if !seen {
					var err error
					if d, err = ins.Describe(ctx, name); err != nil {
						return nil, fmt.Errorf("describing %s for its ARN: %w", name, err)
					}
					arns[name] = d
				}
				descs = append(descs, d)
			}
			doc, err := AWSPolicy(descs, w.o.KMSKeyID)
			if err != nil {
				return nil, err
			}
			pol.Content = doc
			if eso := w.externalSecrets(files[sc]); len(eso) > 0 {
				pol.Note = "External Secrets consumer (" + strings.Join(eso, ", ") + "): attach this policy to the role of its SecretStore, not to the workload"
			}
		case "vault":
			m, ok := st.(interface{ Mount() string })
			if !ok {
				return nil, errors.New("the Vault store does not say its mount")
			}
			name := VaultName(p.ID, w.o.Scope, sc)
			pol.Content = VaultPolicy(m.Mount(), secrets[sc], fmt.Sprintf("secretlint read policy %s: scope %s %q, plan %s", name, w.o.Scope, sc, p.ID))
			if w.o.Publish {
				pol.Published = name
			}
			if eso := w.externalSecrets(files[sc]); len(eso) > 0 {
				pol.Note = "External Secrets consumer (" + strings.Join(eso, ", ") + "): give this policy to the Vault role of its SecretStore"
			}
		default:
			return nil, fmt.Errorf("no policy format for the %s backend", st.Kind())
		}
		out = append(out, pol)
	}
	return out, nil
}

// externalSecrets returns the files among files that hold an
// ExternalSecret: their reads are made by the External Secrets operator
// with its SecretStore's credentials.
func (w *Writer) externalSecrets(files []string) []string {
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(w.o.Root, filepath.FromSlash(f)))
		if err == nil && bytes.Contains(b, []byte("kind: ExternalSecret")) {
			out = append(out, f)
		}
	}
	return out
}

// Publish implements remediate.PolicyWriter for stores that can hold
// policies (Vault).
func (w *Writer) Publish(ctx context.Context, st remediate.Store, pol remediate.Policy) error {
	ps, ok := st.(interface {
		PutPolicy(ctx context.Context, name, hcl string) error
	})
	if !ok {
		return fmt.Errorf("the %s store cannot hold policies", st.Kind())
	}
	return ps.PutPolicy(ctx, pol.Published, string(pol.Content))
}

// Unpublish implements remediate.PolicyWriter.
func (w *Writer) Unpublish(ctx context.Context, st remediate.Store, name string) error {
	ps, ok := st.(interface {
		DeletePolicy(ctx context.Context, name string) error
	})
	if !ok {
		return fmt.Errorf("the %s store cannot hold policies", st.Kind())
	}
	return ps.DeletePolicy(ctx, name)
}

// VaultName is the name of a published Vault policy: secretlint-, the
// first 12 characters of the plan id, the scope kind and the scope with
// every character other than a letter, digit or '-' as '_'.
func VaultName(planID, kind, scope string) string {
	id := planID
	if len(id) > 12 {
		id = id[:12]
	}
	clean := strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '-':
			return r
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '_'
	}, scope)
	name := "secretlint-" + id + "-" + kind
	if clean != "" {
		name += "-" + clean
	}
	return name
}

// VaultPolicy returns the HCL ACL policy granting read on exactly the KV
// v2 data path of each secret.
func VaultPolicy(mount string, secrets []string, comment string) []byte {
	var b strings.Builder
	if comment != "" {
		fmt.Fprintf(&b, "# %s\n", strings.ReplaceAll(comment, "\n", " "))
	}
	b.WriteString("# Read only, on exactly the paths moved; no value is in this file.\n")
	for _, s := range slices.Sorted(slices.Values(secrets)) {
		fmt.Fprintf(&b, "\npath %s {\n  capabilities = [\"read\"]\n}\n", strconv.Quote(strings.Trim(mount, "/")+"/data/"+s))
	}
	return []byte(b.String())
}

// Document is an IAM policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one IAM policy statement.
type Statement struct {
	Sid       string                       `json:"Sid,omitempty"`
	Effect    string                       `json:"Effect"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// Actions granted on each secret.
var secretActions = []string{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}

// AWSPolicy returns the IAM policy document for the described secrets.
// Every resource is a full secret ARN; a secret without one is an error
// (a policy must never fall back to a wildcard).
func AWSPolicy(secrets []remediate.Description, kmsKeyID string) ([]byte, error) {
	var arns []string
	region, account := "", ""
	for _, d := range secrets {
		parts := strings.SplitN(d.ARN, ":", 7)
		if len(parts) != 7 || parts[0] != "arn" || parts[2] != "secretsmanager" || parts[5] != "secret" || strings.ContainsAny(d.ARN, "*?") {
			return nil, fmt.Errorf("secret %s: the store returned no full ARN (%q)", d.Name, d.ARN)
		}
		arns = append(arns, d.ARN)
		region, account = parts[3], parts[4]
	}
	slices.Sort(arns)
	arns = slices.Compact(arns)
	doc := Document{Version: "2012-10-17", Statement: []Statement{{
		Sid: "ReadMovedSecrets", Effect: "Allow", Action: secretActions, Resource: arns,
	}}}
	if kmsKeyID != "" {
		st := Statement{
			Sid: "DecryptThroughSecretsManager", Effect: "Allow", Action: []string{"kms:Decrypt"},
			Condition: map[string]map[string]string{"StringEquals": {"kms:ViaService": "secretsmanager." + region + ".amazonaws.com"}},
		}
		switch {
		case strings.HasPrefix(kmsKeyID, "arn:"):
			st.Resource = []string{kmsKeyID}
		case strings.HasPrefix(kmsKeyID, "alias/"):
			// An alias cannot be a resource of kms:Decrypt; the key it
			// names is matched through kms:ResourceAliases.
			st.Resource = []string{"arn:aws:kms:" + region + ":" + account + ":key/*"}
			st.Condition["ForAnyValue:StringEquals"] = map[string]string{"kms:ResourceAliases": kmsKeyID}
		default:
			st.Resource = []string{"arn:aws:kms:" + region + ":" + account + ":key/" + kmsKeyID}
		}
		doc.Statement = append(doc.Statement, st)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

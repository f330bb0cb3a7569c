package refaudit

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/policy"
)

// policies checks every policy under remediate.PolicyDir against the
// references of its scope (overbroad-policy): each grant must serve a
// reference of the scope, read only, on one secret.
func (a *auditor) policies(ctx context.Context) error {
	dir := filepath.Join(a.o.Root, filepath.FromSlash(remediate.PolicyDir))
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		return nil //nolint:nilerr // no policy directory: nothing to check
	}
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	for _, abs := range files {
		kind, scope, backend, ok := policy.ParseFileName(filepath.Base(abs))
		if !ok {
			continue
		}
		rel, _ := filepath.Rel(a.o.Root, abs)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(abs)
		if err != nil {
			continue
		}
		a.res.Policies++
		var needed []Reference
		for _, r := range a.res.References {
			if r.Problem != "" || r.Name == "" {
				continue
			}
			if rb, _ := a.backendOf(r); rb != backend {
				continue
			}
			if kind == policy.ScopeRun || policy.ScopeOf(kind, r.File) == scope {
				needed = append(needed, r)
			}
		}
		var problems []problem
		if backend == "aws" {
			problems, err = a.checkAWS(ctx, b, needed)
		} else {
			problems, err = a.checkVault(b, needed)
		}
		if err != nil {
			return err
		}
		for _, p := range problems {
			a.add(RuleOverbroadPolicy, Reference{File: rel, Line: max(p.line, 1), Column: 1, Text: p.what, Name: ""},
				fmt.Sprintf("policy for %s %q: %s", kind, scope, p.msg))
		}
	}
	return nil
}

type problem struct {
	line      int
	what, msg string
}

var awsReadActions = []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}

func (a *auditor) checkAWS(ctx context.Context, b []byte, needed []Reference) ([]problem, error) {
	doc, err := policy.ParseAWS(b)
	if err != nil {
		return []problem{{what: "document", msg: err.Error()}}, nil //nolint:nilerr // a malformed policy is a finding, not a failure
	}
	arns := map[string]bool{}
	names := map[string]bool{}
	for _, r := range needed {
		_, where := a.backendOf(r)
		st, err := a.store(ctx, "aws", where)
		if err != nil {
			return nil, err
		}
		d, err := a.describe(ctx, st, "aws", where, r.Name)
		if err == nil && d.ARN != "" {
			arns[d.ARN] = true
		}
		names[r.Name] = true
	}
	var out []problem
	for i, s := range doc.Statement {
		id := fmt.Sprintf("statement %d", i+1)
		if s.Sid != "" {
			id += " (" + s.Sid + ")"
		}
		if s.Effect != "Allow" {
			continue // a Deny only narrows
		}
		if len(s.NotAction) > 0 || len(s.NotResource) > 0 {
			out = append(out, problem{what: id, msg: id + " uses NotAction or NotResource, which grant everything else"})
			continue
		}
		kms := false
		for _, act := range s.Action {
			switch {
			case slices.Contains(awsReadActions, act):
			case act == "kms:Decrypt":
				kms = true
			default:
				out = append(out, problem{what: id, msg: fmt.Sprintf("%s allows %s; reading needs only secretsmanager:GetSecretValue and DescribeSecret (and kms:Decrypt)", id, act)})
			}
		}
		for _, res := range s.Resource {
			switch {
			case strings.HasPrefix(res, "arn:aws:kms:") || strings.HasPrefix(res, "arn:aws-") && strings.Contains(res, ":kms:"):
				if !kms {
					out = append(out, problem{what: id, msg: fmt.Sprintf("%s grants secretsmanager actions on a KMS key %s", id, res)})
				} else if _, ok := s.Condition["StringEquals"]; !ok {
					out = append(out, problem{what: id, msg: fmt.Sprintf("%s allows kms:Decrypt on %s without a kms:ViaService condition", id, res)})
				}
			case arns[res]:
			case !strings.ContainsAny(res, "*?") && names[arnName(arnSecretName(res))]:
				// The ARN of a secret the scope references that the store
				// no longer describes (deleted): the reference is the
				// finding, not the policy.
			case strings.HasSuffix(res, "-??????") && names[arnSecretName(strings.TrimSuffix(res, "-??????"))]:
				// One secret, any suffix: the form AWS documents.
			case strings.ContainsAny(res, "*?"):
				out = append(out, problem{what: id, msg: fmt.Sprintf("%s grants %s, a wildcard wider than one secret", id, res)})
			default:
				out = append(out, problem{what: id, msg: fmt.Sprintf("%s grants %s, which no reference of its scope uses", id, res)})
			}
		}
	}
	return out, nil
}

// arnSecretName returns the secret name of an ARN without suffix.
func arnSecretName(arn string) string {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) != 7 {
		return ""
	}
	return parts[6]
}

func (a *auditor) checkVault(b []byte, needed []Reference) ([]problem, error) {
	rules, err := policy.ParseVault(b)
	if err != nil {
		return []problem{{what: "policy", msg: err.Error()}}, nil //nolint:nilerr // a malformed policy is a finding, not a failure
	}
	paths := map[string]bool{}
	for _, r := range needed {
		_, mount := a.backendOf(r)
		paths[path.Join(mount, "data", r.Name)] = true
	}
	var out []problem
	for _, r := range rules {
		for _, c := range r.Capabilities {
			if c != "read" && c != "deny" {
				out = append(out, problem{line: r.Line, what: r.Path, msg: fmt.Sprintf("path %q allows %q; reading needs only read", r.Path, c)})
			}
		}
		if slices.Contains(r.Capabilities, "deny") {
			continue
		}
		switch {
		case len(r.Other) > 0:
			out = append(out, problem{line: r.Line, what: r.Path, msg: fmt.Sprintf("path %q sets %s", r.Path, strings.Join(r.Other, ", "))})
		case strings.ContainsAny(r.Path, "*+"):
			out = append(out, problem{line: r.Line, what: r.Path, msg: fmt.Sprintf("path %q is a glob wider than one secret", r.Path)})
		case !paths[r.Path]:
			out = append(out, problem{line: r.Line, what: r.Path, msg: fmt.Sprintf("path %q is read by no reference of its scope", r.Path)})
		}
	}
	return out, nil
}

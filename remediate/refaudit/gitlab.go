package refaudit

import (
	"path"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

func init() { Register(gitlabFinder{}) }

// gitlabFinder finds the secrets: entries of GitLab CI jobs
// (.gitlab-ci.yml, *.gitlab-ci.yml):
//
//   - vault: PATH/FIELD@MOUNT (GitLab's short form; without @MOUNT the
//     engine is mounted at kv-v2), or vault: {engine: {path}, path,
//     field};
//   - aws_secrets_manager: SECRET_ID or {secret_id, field}.
type gitlabFinder struct{}

func (gitlabFinder) Name() string { return "gitlab" }

func (gitlabFinder) Find(_ *Tree, f *File) []Reference {
	base := strings.ToLower(path.Base(f.Path))
	if !strings.HasSuffix(base, ".gitlab-ci.yml") && !strings.HasSuffix(base, ".gitlab-ci.yaml") {
		return nil
	}
	var out []Reference
	for _, d := range f.YAML() {
		top := root(d)
		if top == nil || top.Kind != yaml.MappingNode {
			continue
		}
		for i := 1; i < len(top.Content); i += 2 {
			secrets := child(top.Content[i], "secrets")
			if secrets == nil || secrets.Kind != yaml.MappingNode {
				continue
			}
			for j := 1; j < len(secrets.Content); j += 2 {
				if r, n, ok := gitlabSecret(secrets.Content[j]); ok {
					r.Form, r.File = "gitlab", f.Path
					r.Via = "secrets: " + secrets.Content[j-1].Value
					r.Line, r.Column = n.Line, n.Column
					r.Offset = lineOffset(f.Content, n.Line) + n.Column - 1
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// gitlabSecret reads one secrets: entry.
func gitlabSecret(e *yaml.Node) (Reference, *yaml.Node, bool) {
	if v := child(e, "vault"); v != nil {
		if s := scalar(v); s != "" {
			p, mount, ok := strings.Cut(s, "@")
			if !ok {
				mount = "kv-v2"
			}
			i := strings.LastIndexByte(p, '/')
			if i <= 0 {
				return Reference{}, nil, false
			}
			return Reference{Backend: "vault", Mount: mount, Name: p[:i], Key: p[i+1:], Text: "vault: " + s}, v, true
		}
		mount := scalar(walk(v, "engine", "path"))
		if mount == "" {
			mount = "kv-v2"
		}
		p := scalar(child(v, "path"))
		if p == "" {
			return Reference{}, nil, false
		}
		return Reference{Backend: "vault", Mount: mount, Name: p, Key: scalar(child(v, "field")), Text: "vault: " + mount + " " + p}, v, true
	}
	if a := child(e, "aws_secrets_manager"); a != nil {
		if s := scalar(a); s != "" {
			return Reference{Backend: "aws", Name: arnOrName(s), Text: "aws_secrets_manager: " + s}, a, true
		}
		id := scalar(child(a, "secret_id"))
		if id == "" {
			return Reference{}, nil, false
		}
		r := Reference{Backend: "aws", Name: arnOrName(id), Key: scalar(child(a, "field")), Text: "aws_secrets_manager: " + id}
		if r.Key != "" {
			r.Text += " field " + r.Key
		}
		return r, a, true
	}
	return Reference{}, nil, false
}

// arnOrName returns the secret name of a Secrets Manager ARN, or s.
func arnOrName(s string) string {
	if strings.HasPrefix(s, "arn:") {
		if parts := strings.SplitN(s, ":", 7); len(parts) == 7 {
			return arnName(parts[6])
		}
	}
	return s
}

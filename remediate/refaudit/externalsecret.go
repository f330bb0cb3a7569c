package refaudit

import (
	"bytes"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

func init() { Register(esoFinder{}) }

// esoFinder finds the remoteRefs of External Secrets Operator
// ExternalSecret manifests (spec.data[].remoteRef, spec.dataFrom[].extract)
// and resolves them through the SecretStore or ClusterSecretStore named by
// spec.secretStoreRef when the tree holds it:
//
//   - AWS Secrets Manager provider (spec.provider.aws, service
//     SecretsManager): remoteRef.key is the secret name, property the
//     JSON key.
//   - Vault provider (spec.provider.vault) with version v2: key is the
//     path below the mount (spec.provider.vault.path), without data/;
//     property is the key.
//
// When the store is not in the tree, the reference is checked against
// the default store (--backend).
type esoFinder struct{}

func (esoFinder) Name() string { return "external-secrets" }

// esoStore is a SecretStore's provider.
type esoStore struct {
	kind, name, namespace string
	backend               string // "aws", "vault", or "" for another provider
	region, mount         string
}

// child returns the value node of key in mapping n.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func walk(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = child(n, k)
	}
	return n
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

func isESO(doc *yaml.Node, kinds ...string) bool {
	api := scalar(child(doc, "apiVersion"))
	if !strings.HasPrefix(api, "external-secrets.io/") {
		return false
	}
	k := scalar(child(doc, "kind"))
	for _, want := range kinds {
		if k == want {
			return true
		}
	}
	return false
}

func root(doc *yaml.Node) *yaml.Node {
	if doc != nil && doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0]
	}
	return nil
}

// esoStores collects the SecretStores and ClusterSecretStores of the tree.
func (t *Tree) esoStores() map[string]esoStore {
	t.storesOnce.Do(func() {
		t.stores = map[string]esoStore{}
		for _, f := range t.Files {
			if !strings.HasSuffix(f.Path, ".yaml") && !strings.HasSuffix(f.Path, ".yml") {
				continue
			}
			for _, d := range f.YAML() {
				doc := root(d)
				if !isESO(doc, "SecretStore", "ClusterSecretStore") {
					continue
				}
				s := esoStore{
					kind:      scalar(child(doc, "kind")),
					name:      scalar(walk(doc, "metadata", "name")),
					namespace: scalar(walk(doc, "metadata", "namespace")),
				}
				prov := walk(doc, "spec", "provider")
				if aws := child(prov, "aws"); aws != nil && (scalar(child(aws, "service")) == "" || scalar(child(aws, "service")) == "SecretsManager") {
					s.backend, s.region = "aws", scalar(child(aws, "region"))
				} else if v := child(prov, "vault"); v != nil && scalar(child(v, "version")) != "v1" {
					s.backend, s.mount = "vault", strings.Trim(scalar(child(v, "path")), "/")
				}
				t.stores[s.kind+"/"+s.namespace+"/"+s.name] = s
			}
		}
	})
	return t.stores
}

// store finds the store an ExternalSecret names: a SecretStore in its
// namespace (or without one), or a ClusterSecretStore.
func (t *Tree) store(kind, namespace, name string) (esoStore, bool) {
	if kind == "" {
		kind = "SecretStore"
	}
	stores := t.esoStores()
	for _, ns := range []string{namespace, ""} {
		if s, ok := stores[kind+"/"+ns+"/"+name]; ok {
			return s, true
		}
		if kind == "ClusterSecretStore" {
			break
		}
	}
	if kind == "ClusterSecretStore" {
		s, ok := stores[kind+"//"+name]
		return s, ok
	}
	return esoStore{}, false
}

func (esoFinder) Find(t *Tree, f *File) []Reference {
	if !strings.HasSuffix(f.Path, ".yaml") && !strings.HasSuffix(f.Path, ".yml") {
		return nil
	}
	var out []Reference
	for _, d := range f.YAML() {
		doc := root(d)
		if !isESO(doc, "ExternalSecret", "ClusterExternalSecret") {
			continue
		}
		spec := child(doc, "spec")
		if scalar(child(doc, "kind")) == "ClusterExternalSecret" {
			spec = walk(spec, "externalSecretSpec")
		}
		ref := child(spec, "secretStoreRef")
		st, found := t.store(scalar(child(ref, "kind")), scalar(walk(doc, "metadata", "namespace")), scalar(child(ref, "name")))
		if found && st.backend == "" {
			continue // another provider: not a store secretlint checks
		}
		add := func(n *yaml.Node) {
			key := child(n, "key")
			if scalar(key) == "" {
				return
			}
			r := Reference{Form: "external-secrets", File: f.Path, Line: key.Line, Column: key.Column, Name: scalar(key), Key: scalar(child(n, "property"))}
			r.Text = "remoteRef key " + r.Name
			if r.Key != "" {
				r.Text += " property " + r.Key
			}
			r.Via = strings.TrimSpace(scalar(child(ref, "kind")) + " " + scalar(child(ref, "name")))
			if found {
				r.Backend, r.Region, r.Mount = st.backend, st.region, st.mount
				if st.backend == "vault" {
					if r.Mount == "" {
						r.Mount = t.mount()
					}
					r.Name = strings.TrimPrefix(strings.TrimPrefix(r.Name, r.Mount+"/"), "data/")
				}
			}
			r.Offset = lineOffset(f.Content, key.Line) + key.Column - 1
			out = append(out, r)
		}
		if data := child(spec, "data"); data != nil && data.Kind == yaml.SequenceNode {
			for _, item := range data.Content {
				add(child(item, "remoteRef"))
			}
		}
		if data := child(spec, "dataFrom"); data != nil && data.Kind == yaml.SequenceNode {
			for _, item := range data.Content {
				add(child(item, "extract"))
			}
		}
	}
	return out
}

// lineOffset returns the byte offset where 1-based line starts.
func lineOffset(b []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return len(b)
		}
		off += i + 1
	}
	return off
}

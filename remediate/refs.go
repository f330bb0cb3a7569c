package remediate

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// Ref is a parsed vals reference of the two kinds remediation writes:
// ref+awssecrets://NAME#/KEY and ref+vault://MOUNT/PATH#/KEY.
type Ref struct {
	Kind string // "aws" or "vault"
	// Path is NAME (aws) or MOUNT/PATH (vault), as written.
	Path string
	Key  string
	// Region is the ?region= parameter of an awssecrets reference.
	Region string
}

// ParseRef parses a reference. Other vals providers, nested keys
// (#/a/b) and parameters other than region are errors: `vals exec`
// resolves those.
func ParseRef(s string) (Ref, error) {
	var r Ref
	rest, ok := strings.CutPrefix(s, "ref+")
	if !ok {
		return r, errors.New("not a ref+… reference")
	}
	rest = strings.TrimSuffix(rest, "+") // vals allows a closing '+'
	scheme, rest, ok := strings.Cut(rest, "://")
	if !ok {
		return r, errors.New("reference without ://")
	}
	switch scheme {
	case "awssecrets":
		r.Kind = "aws"
	case "vault":
		r.Kind = "vault"
	default:
		return r, fmt.Errorf("reference scheme %q is not one secretlint resolves (awssecrets, vault); use `vals exec` for it", scheme)
	}
	rest, frag, _ := strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	if query != "" {
		q, err := url.ParseQuery(query)
		if err != nil {
			return r, errors.New("reference with a malformed query")
		}
		for k := range q {
			if k != "region" || r.Kind != "aws" {
				return r, fmt.Errorf("reference parameter %q is not supported here; use `vals exec`", k)
			}
		}
		r.Region = q.Get("region")
	}
	r.Path = strings.Trim(rest, "/")
	key, ok := strings.CutPrefix(frag, "/")
	if !ok || key == "" || strings.Contains(key, "/") {
		return r, errors.New("reference without a single #/KEY fragment")
	}
	r.Key = key
	if r.Path == "" {
		return r, errors.New("reference without a secret name")
	}
	return r, nil
}

// OpenStore returns the store a reference is read from: for "vault" with
// the given mount, for "aws" with the given region ("" for the default).
type OpenStore func(ctx context.Context, kind, mountOrRegion string) (Store, error)

// ResolveEnv resolves an env map (variable -> reference) through stores,
// reading each secret once. It returns variable -> value. Errors name the
// variable and the reference, never a value. mount is the Vault KV mount of
// vault references (the first path segment when the path does not start
// with it).
func ResolveEnv(ctx context.Context, env map[string]string, mount string, open OpenStore) (map[string]string, error) {
	mount = strings.Trim(mount, "/")
	type src struct{ kind, where, name string }
	stores := map[string]Store{}
	entries := map[src]Entry{}
	out := make(map[string]string, len(env))
	for _, v := range slices.Sorted(maps.Keys(env)) {
		ref := env[v]
		r, err := ParseRef(ref)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v, err)
		}
		s := src{kind: r.Kind, where: r.Region, name: r.Path}
		if r.Kind == "vault" {
			m := mount
			if m == "" || !strings.HasPrefix(r.Path, m+"/") {
				m, _, _ = strings.Cut(r.Path, "/")
			}
			s.where, s.name = m, strings.TrimPrefix(r.Path, m+"/")
			if s.name == r.Path || s.name == "" {
				return nil, fmt.Errorf("%s: %s names no secret under a mount", v, ref)
			}
		}
		st := stores[s.kind+"\x00"+s.where]
		if st == nil {
			if st, err = open(ctx, s.kind, s.where); err != nil {
				return nil, fmt.Errorf("%s: connecting to the %s store: %w", v, s.kind, err)
			}
			stores[s.kind+"\x00"+s.where] = st
		}
		e, ok := entries[s]
		if !ok {
			if e, err = st.Read(ctx, s.name); err != nil {
				return nil, fmt.Errorf("%s: reading %s: %w", v, ref, err)
			}
			entries[s] = e
		}
		val, ok := e.Values[r.Key]
		if !ok {
			return nil, fmt.Errorf("%s: %s has no key %q", v, ref, r.Key)
		}
		out[v] = val
	}
	return out, nil
}

package remediate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/joho/godotenv"
	yaml "go.yaml.in/yaml/v3"
)

// IsDotenv reports whether an env file given to `secretlint exec
// --env-file` is a dotenv file (KEY=value lines) rather than an env map
// (a YAML mapping of variables to references): by its name (.env, .env.*,
// *.env), else by its content, when it is not a YAML mapping at all and
// reads as KEY=value lines. A YAML mapping stays an env map, held to its
// rule that it holds references only.
func IsDotenv(name string, content []byte) bool {
	if isDotenvFile(name) {
		return true
	}
	var n yaml.Node
	if yaml.Unmarshal(content, &n) == nil && (n.Kind == 0 || len(n.Content) == 1 && n.Content[0].Kind == yaml.MappingNode) {
		return false
	}
	_, err := godotenv.UnmarshalBytes(content)
	return err == nil && bytes.Contains(content, []byte("="))
}

// embeddedRef is a store reference inside a larger value, closed by + as
// vals writes it (redis://:ref+vault://secret/app#/password+@cache:6379).
var embeddedRef = regexp.MustCompile(`ref\+(?:awssecrets|vault)://[^+\s'"]*\+`)

// ParseDotenv reads a dotenv file with github.com/joho/godotenv (export,
// quotes, comments, escapes and ${VAR} expansion as dotenv users expect)
// and returns its variables. Errors never quote the file.
func ParseDotenv(content []byte) (map[string]string, error) {
	all, err := godotenv.UnmarshalBytes(content)
	if err != nil {
		// godotenv's errors quote the file's text, which may hold a value.
		return nil, errors.New("not a dotenv file (KEY=value lines) that godotenv can read")
	}
	for k := range all {
		if !validEnvName(k) {
			return nil, fmt.Errorf("%q is not an environment variable name", k)
		}
	}
	return all, nil
}

// ResolveDotenv reads a dotenv file (ParseDotenv) and resolves its store
// references through ResolveEnv: a value that is a reference
// (ref+awssecrets://…, ref+vault://…) becomes the secret; a reference
// inside a larger value, closed by +, is replaced by the secret; every
// other value is passed on as it is, as `op run --env-file` does. Errors
// name variables and references, never a value.
func ResolveDotenv(ctx context.Context, content []byte, mount string, open OpenStore) (map[string]string, error) {
	all, err := ParseDotenv(content)
	if err != nil {
		return nil, err
	}
	refs := map[string]string{}
	type place struct {
		v     string
		parts [][]int
	}
	var embedded []place
	for _, k := range slices.Sorted(maps.Keys(all)) {
		v := all[k]
		if strings.HasPrefix(v, "ref+") && !strings.Contains(strings.TrimSuffix(v[len("ref+"):], "+"), "+") {
			refs[k] = v
			continue
		}
		if m := embeddedRef.FindAllStringIndex(v, -1); m != nil {
			embedded = append(embedded, place{k, m})
			for i, ix := range m {
				refs[fmt.Sprintf("%s (reference %d)", k, i+1)] = v[ix[0]:ix[1]]
			}
		}
	}
	got, err := ResolveEnv(ctx, refs, mount, open)
	if err != nil {
		return nil, err
	}
	out := maps.Clone(all)
	for k := range all {
		if r, ok := got[k]; ok {
			out[k] = r
		}
	}
	for _, p := range embedded {
		v := all[p.v]
		var b strings.Builder
		last := 0
		for i, ix := range p.parts {
			b.WriteString(v[last:ix[0]])
			b.WriteString(got[fmt.Sprintf("%s (reference %d)", p.v, i+1)])
			last = ix[1]
		}
		b.WriteString(v[last:])
		out[p.v] = b.String()
	}
	return out, nil
}

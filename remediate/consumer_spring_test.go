package remediate_test

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/magiconair/properties"
	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/remediate"
)

// Spring cannot run here (no JVM), so the proof resolves the files with
// Spring's documented placeholder grammar (Spring Framework's
// PropertyPlaceholderHelper, "Placeholders in Properties" in the Spring
// Boot reference): ${name} and ${name:default}, nested in names and
// defaults, resolved again in what they resolve to, \${ an escaped
// (literal) ${, an unresolvable placeholder without default an error; a
// name is looked up in the environment (exact, then with . and - as _,
// then upper case, as SystemEnvironmentPropertySource does), then in the
// file's own properties.
type springResolver struct {
	env   map[string]string
	props map[string]string
}

var errUnresolvable = errors.New("could not resolve placeholder")

func (sr *springResolver) lookup(name string, depth int) (string, bool, error) {
	for _, n := range []string{name, strings.ReplaceAll(name, ".", "_"), strings.ReplaceAll(name, "-", "_"),
		strings.NewReplacer(".", "_", "-", "_").Replace(name)} {
		for _, c := range []string{n, strings.ToUpper(n)} {
			if v, ok := sr.env[c]; ok {
				s, err := sr.resolve(v, depth+1)
				return s, true, err
			}
		}
	}
	if v, ok := sr.props[name]; ok {
		s, err := sr.resolve(v, depth+1)
		return s, true, err
	}
	return "", false, nil
}

// resolve resolves the placeholders of text.
func (sr *springResolver) resolve(text string, depth int) (string, error) {
	if depth > 32 {
		return "", errors.New("circular placeholder reference")
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		switch {
		case strings.HasPrefix(text[i:], `\${`):
			b.WriteString("${")
			i += 3
			continue
		case strings.HasPrefix(text[i:], "${"):
			end := matchingBrace(text, i+2)
			if end < 0 {
				b.WriteString(text[i:]) // no closing brace: literal
				return b.String(), nil
			}
			content := text[i+2 : end]
			name, def, hasDef := cutTopLevel(content)
			name, err := sr.resolve(name, depth+1)
			if err != nil {
				return "", err
			}
			v, ok, err := sr.lookup(name, depth)
			if err != nil {
				return "", err
			}
			if !ok {
				if !hasDef {
					return "", fmt.Errorf("%w %q", errUnresolvable, name)
				}
				if v, err = sr.resolve(def, depth+1); err != nil {
					return "", err
				}
			}
			b.WriteString(v)
			i = end + 1
			continue
		}
		b.WriteByte(text[i])
		i++
	}
	return b.String(), nil
}

// matchingBrace returns the index of the } closing a placeholder whose
// content starts at i (nested ${…} and {…} counted), or -1.
func matchingBrace(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch {
		case strings.HasPrefix(s[j:], "${"):
			depth++
			j++
		case s[j] == '{':
			depth++
		case s[j] == '}':
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return -1
}

// cutTopLevel splits name:default at the first : outside nested
// placeholders.
func cutTopLevel(s string) (name, def string, ok bool) {
	depth := 0
	for j := 0; j < len(s); j++ {
		switch {
		case strings.HasPrefix(s[j:], "${"):
			depth++
			j++
		case s[j] == '}':
			depth--
		case s[j] == ':' && depth == 0:
			return s[:j], s[j+1:], true
		}
	}
	return s, "", false
}

// resolveAll resolves every property.
func resolveAll(props, env map[string]string) (map[string]string, error) {
	sr := &springResolver{env: env, props: props}
	out := map[string]string{}
	for k, v := range props {
		r, err := sr.resolve(v, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = r
	}
	return out, nil
}

func TestSpringResolverGrammar(t *testing.T) {
	env := map[string]string{"DB_PASSWORD": "from-env", "SPRING_DATASOURCE_USERNAME": "u", "EMPTY": ""}
	props := map[string]string{"app.name": "orders", "app.greeting": "hello ${app.name}"}
	sr := &springResolver{env: env, props: props}
	for in, want := range map[string]string{
		"${DB_PASSWORD}":                          "from-env",
		"${DB_PASSWORD:dflt}":                     "from-env",
		"${MISSING:dflt}":                         "dflt",
		"${MISSING:}":                             "",
		"${EMPTY:dflt}":                           "",
		"${MISSING:${DB_PASSWORD}}":               "from-env",
		"${MISSING:${ALSO_MISSING:inner}}":        "inner",
		"x${app.name}y":                           "xordersy",
		"${app.greeting}!":                        "hello orders!",
		"${spring.datasource.username}":           "u",
		`\${DB_PASSWORD}`:                         "${DB_PASSWORD}",
		"jdbc://a:${DB_PASSWORD}@h/${MISSING:db}": "jdbc://a:from-env@h/db",
		"${MISSING:a:b}":                          "a:b",
	} {
		got, err := sr.resolve(in, 0)
		if err != nil || got != want {
			t.Errorf("resolve(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := sr.resolve("${NOPE}", 0); !errors.Is(err, errUnresolvable) {
		t.Errorf("an unresolvable placeholder without default resolved: %v", err)
	}
}

// springYAMLProps flattens a Spring YAML file to its properties, as Spring
// Boot's YAML loader does (a.b.c, lists as a[0]).
func springYAMLProps(t *testing.T, content string) map[string]string {
	t.Helper()
	out, err := flattenYAML(content)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// flattenYAML returns every scalar of a YAML document by its path (a.b.c,
// lists as a[0]).
func flattenYAML(content string) (map[string]string, error) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(content), &n); err != nil {
		return nil, err
	}
	out := map[string]string{}
	var walk func(n *yaml.Node, p string)
	walk = func(n *yaml.Node, p string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, p)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if p != "" {
					k = p + "." + k
				}
				walk(n.Content[i+1], k)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", p, i))
			}
		case yaml.ScalarNode:
			out[p] = n.Value
		}
	}
	walk(&n, "")
	return out, nil
}

// springProps parses a .properties file with magiconair/properties (the
// java.util.Properties syntax), without its own ${} expansion.
func springProps(t *testing.T, content string) map[string]string {
	t.Helper()
	p, err := properties.LoadString(content)
	if err != nil {
		t.Fatal(err)
	}
	p.DisableExpansion = true
	return p.Map()
}

// TestSpringConsumer proves the Spring rewrite with Spring's placeholder
// grammar: every property of every rewritten file resolves, with the env
// map's variables, to what it resolved to in the original; without them
// the moved properties do not resolve; and each variable named after a
// property (relaxed binding) carries that property's original value.
func TestSpringConsumer(t *testing.T) {
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/spring", backend, remediate.PlanOptions{})
			cr.allMoved(t, "spring", "spring-properties")
			const dir = "src/main/resources"
			env := cr.env[dir]
			if len(env) == 0 {
				t.Fatalf("no env map in %s", dir)
			}
			// Relaxed binding: Spring binds a variable whose name is a
			// property's (SPRING_DATASOURCE_PASSWORD) to that property
			// ahead of every file. No variable of the env map may bind to a
			// property that any file of the tree sets.
			for p, content := range cr.orig {
				if path.Dir(p) != dir || strings.HasPrefix(path.Base(p), "secretlint") {
					continue
				}
				load := springProps
				if strings.HasSuffix(p, ".yml") {
					load = springYAMLProps
				}
				for k := range load(t, content) {
					for v := range env {
						// Spring also tries the upper-cased name.
						if strings.ToUpper(v) == remediate.SpringEnvVar(k) {
							t.Errorf("%s of the env map binds to %s, which %s sets", v, k, p)
						}
					}
				}
			}
			proven := 0
			for _, pf := range cr.plan.Files {
				load := springProps
				if strings.HasSuffix(pf.Path, ".yml") {
					load = springYAMLProps
				}
				origProps, newProps := load(t, cr.orig[pf.Path]), load(t, cr.read(t, pf.Path))
				if !slices.Equal(slices.Sorted(maps.Keys(origProps)), slices.Sorted(maps.Keys(newProps))) {
					t.Errorf("%s: the rewritten file has other properties", pf.Path)
					continue
				}
				want, err := resolveAll(origProps, nil)
				if err != nil {
					t.Fatalf("%s: the original does not resolve: %v", pf.Path, err)
				}
				got, err := resolveAll(newProps, env)
				if err != nil {
					t.Errorf("%s: the rewritten file does not resolve with the env map: %v", pf.Path, err)
					continue
				}
				if !maps.Equal(got, want) {
					for k := range want {
						if got[k] != want[k] {
							t.Errorf("%s: %s resolves to another value", pf.Path, k)
						}
					}
					continue
				}
				if _, err := resolveAll(newProps, nil); !errors.Is(err, errUnresolvable) {
					t.Errorf("%s resolves without the env map (%v); Spring must refuse", pf.Path, err)
				}
				proven++
			}
			t.Logf("spring: %d of %d rewritten files resolve to the original properties", proven, len(cr.plan.Files))
			if proven != len(cr.plan.Files) || proven != 3 {
				t.Errorf("%d of %d rewritten files proven, want 3 of 3", proven, len(cr.plan.Files))
			}
			if !strings.Contains(cr.read(t, path.Join(dir, "application.yml")), "password: ${SECRETLINT_SPRING_DATASOURCE_PASSWORD}") {
				t.Error("spring.datasource.password is not ${SECRETLINT_SPRING_DATASOURCE_PASSWORD}")
			}
			cr.finish(t, "../testdata/remediate/consumers/spring/golden")
		})
	}
}

package remediate_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/tidwall/gjson"
	yaml "go.yaml.in/yaml/v3"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/awssm"
	"github.com/secretlint-go/secretlint/remediate/memstore"
	"github.com/secretlint-go/secretlint/remediate/vaultkv"
)

// esoModule is the External Secrets Operator release whose CRD the
// written ExternalSecrets are validated against.
const esoModule = "github.com/external-secrets/external-secrets@v0.16.2"

// esoSchema is the ExternalSecret v1 schema of that release, as the API
// server uses it: structural (for pruning) and for validation.
type esoSchema struct {
	structural *structuralschema.Structural
	validator  validation.SchemaValidator
}

var (
	esoOnce   sync.Once
	esoLoaded *esoSchema
	esoErr    error
)

// loadESOSchema reads the CRD from the module, downloaded through the Go
// module proxy with `go mod download` (the module is not a dependency).
func loadESOSchema(t *testing.T) *esoSchema {
	t.Helper()
	s, err := esoSchemaOrMissing(t)
	if err != nil {
		t.Skipf("skipping the CRD validation: %v (set SECRETLINT_REQUIRE_ESO to make this fatal)", err)
	}
	return s
}

// esoSchemaOrMissing is loadESOSchema for a test that goes on without
// the CRD: an error matching errNoChecker when it cannot be read (fatal
// with SECRETLINT_REQUIRE_ESO).
func esoSchemaOrMissing(t *testing.T) (*esoSchema, error) {
	t.Helper()
	esoOnce.Do(func() { esoLoaded, esoErr = readESOSchema() })
	if esoErr != nil {
		if os.Getenv("SECRETLINT_REQUIRE_ESO") != "" {
			t.Fatalf("the External Secrets CRD is required (SECRETLINT_REQUIRE_ESO): %v", esoErr)
		}
		return nil, fmt.Errorf("%w: the External Secrets CRD cannot be read: %w", errNoChecker, esoErr)
	}
	return esoLoaded, nil
}

func readESOSchema() (*esoSchema, error) {
	dir, err := os.MkdirTemp("", "eso-download-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("go", "mod", "download", "-json", esoModule)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go mod download %s: %w: %s", esoModule, err, strings.TrimSpace(stderr.String()+out.String()))
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out.Bytes(), &info); err != nil || info.Dir == "" {
		return nil, fmt.Errorf("go mod download %s: %w %s", esoModule, err, info.Error)
	}
	raw, err := os.ReadFile(filepath.Join(info.Dir, "config", "crds", "bases", "external-secrets.io_externalsecrets.yaml"))
	if err != nil {
		return nil, err
	}
	var crd apiextensionsv1.CustomResourceDefinition
	if err := sigsyaml.UnmarshalStrict(raw, &crd); err != nil {
		return nil, fmt.Errorf("the CRD does not parse: %w", err)
	}
	for _, v := range crd.Spec.Versions {
		if v.Name != "v1" || v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
			continue
		}
		var internal apiextensions.JSONSchemaProps
		if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, &internal, nil); err != nil {
			return nil, err
		}
		s, err := structuralschema.NewStructural(&internal)
		if err != nil {
			return nil, err
		}
		if errs := structuralschema.ValidateStructural(field.NewPath("schema"), s); len(errs) > 0 {
			return nil, errs.ToAggregate()
		}
		val, _, err := validation.NewSchemaValidator(&internal)
		if err != nil {
			return nil, err
		}
		return &esoSchema{structural: s, validator: val}, nil
	}
	return nil, errors.New("the CRD has no v1 schema")
}

// validate checks one ExternalSecret as the API server would on create:
// no field that pruning would drop (an unknown field), and the schema's
// validation.
func (s *esoSchema) validate(obj map[string]any) error {
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	var u map[string]any
	if err := json.Unmarshal(b, &u); err != nil {
		return err
	}
	if pruned := pruning.PruneWithOptions(u, s.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true}); len(pruned) > 0 {
		return fmt.Errorf("unknown fields: %v", pruned)
	}
	if errs := validation.ValidateCustomResource(nil, u, s.validator); len(errs) > 0 {
		return errs.ToAggregate()
	}
	return nil
}

// manifest is one YAML document of a tree.
type manifest struct {
	file string
	obj  map[string]any
}

func (m manifest) str(keys ...string) string {
	var cur any = m.obj
	for _, k := range keys {
		mm, _ := cur.(map[string]any)
		cur = mm[k]
	}
	s, _ := cur.(string)
	return s
}

// decodeManifests reads every document of YAML text.
func decodeManifests(file string, content []byte) ([]manifest, error) {
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var out []manifest
	for {
		var obj map[string]any
		err := dec.Decode(&obj)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if obj != nil {
			out = append(out, manifest{file: file, obj: obj})
		}
	}
}

// cluster is what a tree gives the API server: every manifest, with each
// directory holding a kustomization rendered by `kubectl kustomize`.
func cluster(root string, kubectl string) ([]manifest, error) {
	var out []manifest
	kustomized := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".secretlint" {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() == "kustomization.yaml" {
			kustomized[filepath.Dir(p)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir() && d.Name() == ".secretlint":
			return filepath.SkipDir
		case d.IsDir() && kustomized[p]:
			if kubectl == "" {
				return filepath.SkipDir
			}
			cmd := exec.Command(kubectl, "kustomize", p)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			b, err := cmd.Output()
			if err != nil {
				return fmt.Errorf("kubectl kustomize %s: %w: %s", rel, err, stderr.String())
			}
			ms, err := decodeManifests(rel+"/(kustomize)", b)
			out = append(out, ms...)
			if err != nil {
				return err
			}
			return filepath.SkipDir
		case d.IsDir() || (path.Ext(rel) != ".yaml" && path.Ext(rel) != ".yml") || path.Base(rel) == "secretlint.env.yaml":
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		ms, err := decodeManifests(rel, b)
		out = append(out, ms...)
		return err
	})
	return out, err
}

// esoGet reads one remoteRef the way External Secrets Operator v0.16.2's
// providers do. AWS Secrets Manager (pkg/provider/aws/secretsmanager:
// GetSecret, mapSecretToGjson, escapeDotsIfRequired): the secret's
// SecretString (a JSON object here), the property looked up with gjson,
// dots escaped first when the escaped key exists. Vault KV v2
// (pkg/provider/vault/client_get.go: getSecretValue): the secret's data
// map, a key of that name first, gjson on its JSON otherwise.
func esoGet(t *testing.T, st remediate.Store, backend, key, property string) (string, error) {
	t.Helper()
	e, err := st.Read(context.Background(), key)
	if err != nil {
		return "", err
	}
	switch backend {
	case "aws":
		var payload string
		if raw, ok := st.(interface{ secretString(string) (string, error) }); ok {
			if payload, err = raw.secretString(key); err != nil {
				return "", err
			}
		} else {
			b, err := json.Marshal(e.Values) // the SecretString the awssm store writes
			if err != nil {
				return "", err
			}
			payload = string(b)
		}
		prop := property
		if strings.Contains(prop, ".") {
			if esc := strings.ReplaceAll(prop, ".", `\.`); gjson.Get(payload, esc).Exists() {
				prop = esc
			}
		}
		v := gjson.Get(payload, prop)
		if !v.Exists() {
			return "", fmt.Errorf("key %s does not exist in secret %s", property, key)
		}
		return v.String(), nil
	default:
		if v, ok := e.Values[property]; ok {
			return v, nil
		}
		b, _ := json.Marshal(e.Values)
		v := gjson.Get(string(b), property)
		if !v.Exists() {
			return "", fmt.Errorf("key %s does not exist in secret %s", property, key)
		}
		return v.String(), nil
	}
}

// k8sSecret is a Secret as the cluster holds it.
type k8sSecret struct {
	typ  string
	data map[string]string
}

// esoSync computes the Secret an ExternalSecret creates
// (pkg/controllers/externalsecret: the data entries, then applyTemplate:
// the template's type, and its data merged over them when mergePolicy is
// Merge; a template without data keeps the entries).
func esoSync(t *testing.T, st remediate.Store, backend string, es manifest) (string, k8sSecret, error) {
	t.Helper()
	var spec struct {
		Target struct {
			Name     string `json:"name"`
			Template *struct {
				Type        string            `json:"type"`
				MergePolicy string            `json:"mergePolicy"`
				Data        map[string]string `json:"data"`
			} `json:"template"`
		} `json:"target"`
		Data []struct {
			SecretKey string `json:"secretKey"`
			RemoteRef struct {
				Key, Property string
			} `json:"remoteRef"`
		} `json:"data"`
	}
	b, _ := json.Marshal(es.obj["spec"])
	if err := json.Unmarshal(b, &spec); err != nil {
		return "", k8sSecret{}, err
	}
	fetched := map[string]string{}
	for _, d := range spec.Data {
		v, err := esoGet(t, st, backend, d.RemoteRef.Key, d.RemoteRef.Property)
		if err != nil {
			return "", k8sSecret{}, err
		}
		fetched[d.SecretKey] = v
	}
	name := cmpOr(spec.Target.Name, es.str("metadata", "name"))
	out := k8sSecret{typ: "Opaque", data: map[string]string{}}
	tp := spec.Target.Template
	if tp == nil {
		maps.Copy(out.data, fetched)
		return name, out, nil
	}
	if tp.Type != "" {
		out.typ = tp.Type
	}
	if tp.MergePolicy == "Merge" || len(tp.Data) == 0 {
		maps.Copy(out.data, fetched)
	}
	for k, v := range tp.Data {
		if strings.Contains(v, "{{") {
			return "", k8sSecret{}, fmt.Errorf("template %s is not a literal", k)
		}
		out.data[k] = v
	}
	return name, out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// secretsOf returns the Secrets a set of manifests gives the cluster:
// kind: Secret documents (data decoded) and what each ExternalSecret
// syncs. Names carry the namespace ("ns/name").
func secretsOf(t *testing.T, ms []manifest, st remediate.Store, backend string) (map[string]k8sSecret, error) {
	t.Helper()
	out := map[string]k8sSecret{}
	var errs []error
	for _, m := range ms {
		ns := m.str("metadata", "namespace")
		switch m.str("kind") {
		case "Secret":
			s := k8sSecret{typ: cmpOr(m.str("type"), "Opaque"), data: map[string]string{}}
			data, _ := m.obj["data"].(map[string]any)
			for k, v := range data {
				d, err := base64.StdEncoding.DecodeString(fmt.Sprint(v))
				if err != nil {
					return nil, fmt.Errorf("%s: data %s: %w", m.file, k, err)
				}
				s.data[k] = string(d)
			}
			sd, _ := m.obj["stringData"].(map[string]any)
			for k, v := range sd {
				s.data[k] = fmt.Sprint(v)
			}
			out[ns+"/"+m.str("metadata", "name")] = s
		case "ExternalSecret":
			name, s, err := esoSync(t, st, backend, m)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: ExternalSecret %s does not sync: %w", m.file, m.str("metadata", "name"), err))
				continue
			}
			out[ns+"/"+name] = s
		}
	}
	return out, errors.Join(errs...)
}

// expandK8s expands $(VAR) as the kubelet does for env values, command
// and args (third_party/forked/golang/expansion): $(VAR) becomes VAR's
// value when VAR is defined, $$ becomes $, anything else stays.
func expandK8s(s string, vars map[string]string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
		case '(':
			end := strings.IndexByte(s[i+2:], ')')
			if end < 0 {
				b.WriteString(s[i:])
				return b.String()
			}
			name := s[i+2 : i+2+end]
			if v, ok := vars[name]; ok {
				b.WriteString(v)
			} else {
				b.WriteString("$(" + name + ")")
			}
			i += 2 + end
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// envOf returns, per workload and container, the environment each
// container starts with (values and secretKeyRefs resolved, $(VAR)
// expanded) and its command and args after expansion.
func envOf(t *testing.T, ms []manifest, secrets map[string]k8sSecret) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range ms {
		if m.str("kind") == "ExternalSecret" || m.str("kind") == "Secret" {
			continue
		}
		ns := m.str("metadata", "namespace")
		container := func(p string, c map[string]any) {
			vars := map[string]string{}
			list, _ := c["env"].([]any)
			for _, e := range list {
				em, _ := e.(map[string]any)
				name := fmt.Sprint(em["name"])
				var v string
				if val, ok := em["value"]; ok {
					v = expandK8s(fmt.Sprint(val), vars)
				} else {
					vf, _ := em["valueFrom"].(map[string]any)
					ref, _ := vf["secretKeyRef"].(map[string]any)
					s, ok := secrets[ns+"/"+fmt.Sprint(ref["name"])]
					switch {
					case ref == nil:
						v = fmt.Sprintf("(from %v)", vf)
					case !ok:
						v = "(no Secret " + fmt.Sprint(ref["name"]) + ")"
					default:
						v = s.data[fmt.Sprint(ref["key"])]
					}
				}
				vars[name] = v
			}
			for name, v := range vars {
				out[p+"/env/"+name] = v
			}
			for _, field := range []string{"command", "args"} {
				items, _ := c[field].([]any)
				for i, it := range items {
					out[fmt.Sprintf("%s/%s[%d]", p, field, i)] = expandK8s(fmt.Sprint(it), vars)
				}
			}
		}
		var walk func(path string, v any)
		walk = func(p string, v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, c := range v {
					if k == "containers" || k == "initContainers" || k == "ephemeralContainers" {
						list, _ := c.([]any)
						for _, ci := range list {
							cm, _ := ci.(map[string]any)
							container(fmt.Sprintf("%s/%s.%s[%v]", m.str("kind"), m.str("metadata", "name"), p+k, cm["name"]), cm)
						}
						continue
					}
					walk(p+k+".", c)
				}
			case []any:
				for _, c := range v {
					walk(p, c)
				}
			}
		}
		walk("", m.obj)
	}
	return out
}

// kubectlPath returns kubectl when it can render kustomizations here.
func kubectlPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("kubectl")
	if err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_ESO") != "" {
			t.Fatal("kubectl is required (SECRETLINT_REQUIRE_ESO) to render the kustomizations: apt-get install kubernetes-client")
		}
		return ""
	}
	return p
}

// TestK8sConsumer proves the Kubernetes and kustomize rewrites: every
// written ExternalSecret is valid against External Secrets Operator's
// own CRD (schema and pruning: no unknown field), and resolving each
// one as ESO's AWS and Vault providers do gives Secrets such that every
// workload's env, and every Secret the original tree created, hold the
// original values; kustomizations are rendered by `kubectl kustomize`.
func TestK8sConsumer(t *testing.T) {
	schema := loadESOSchema(t)
	kubectl := kubectlPath(t)
	if kubectl == "" {
		t.Skip("kubectl is not installed (apt-get install kubernetes-client); it renders the kustomizations of this proof")
	}
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/k8s", backend, remediate.PlanOptions{})
			proveK8s(t, cr, backend, schema, kubectl, 6)
			if _, left := cr.moved(); len(left) != 1 || !strings.Contains(left[0], "overlay/worker-patch.yaml") {
				t.Errorf("left %q, want the patch's value alone", left)
			}
			if got := cr.consumersOf(); !slices.Equal(got, []string{"kubernetes", "kustomize"}) {
				t.Errorf("consumers %q, want kubernetes and kustomize", got)
			}
			cr.finish(t, "../testdata/remediate/consumers/k8s/golden")
		})
	}
	// The scanner's labeled Kubernetes fixture, as it is.
	t.Run("labeled", func(t *testing.T) {
		cr := runConsumer(t, "../testdata/scan/labeled/k8s", "aws", remediate.PlanOptions{})
		proveK8s(t, cr, "aws", schema, kubectl, 2)
		cr.finish(t, "")
	})
}

// awsRaw is the kumo store with the raw GetSecretValue that ESO's AWS
// provider reads.
type awsRaw struct {
	remediate.Store
	api *secretsmanager.Client
}

func (a awsRaw) secretString(name string) (string, error) {
	out, err := a.api.GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.SecretString), nil
}

// TestK8sConsumerStores is the same proof against kumo (AWS Secrets
// Manager's API, read with GetSecretValue as ESO does) and a Vault dev
// server (KV v2).
func TestK8sConsumerStores(t *testing.T) {
	schema := loadESOSchema(t)
	kubectl := kubectlPath(t)
	if kubectl == "" {
		t.Skip("kubectl is not installed (apt-get install kubernetes-client); it renders the kustomizations of this proof")
	}
	naming, err := remediate.NewNaming(fmt.Sprintf("k8s-proof-%d", time.Now().UnixNano()), "", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("kumo", func(t *testing.T) {
		_, cfg := testenv.AWS(t)
		st := awsRaw{Store: awssm.NewFromConfig(cfg, awssm.Options{}), api: secretsmanager.NewFromConfig(cfg)}
		cr := runConsumerOn(t, "../testdata/remediate/consumers/k8s", st, remediate.PlanOptions{Naming: naming})
		proveK8s(t, cr, "aws", schema, kubectl, 6)
		cr.finish(t, "")
	})
	t.Run("vault", func(t *testing.T) {
		addr, token := testenv.Vault(t)
		st, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: token})
		if err != nil {
			t.Fatal(err)
		}
		cr := runConsumerOn(t, "../testdata/remediate/consumers/k8s", st, remediate.PlanOptions{Naming: naming})
		proveK8s(t, cr, "vault", schema, kubectl, 6)
		cr.finish(t, "")
	})
}

// proveK8s checks a run over the k8s fixture: everything moved, every
// ExternalSecret valid against the CRD, and the cluster's Secrets and
// workload env equal before and after.
func proveK8s(t *testing.T, cr *consumerRun, backend string, schema *esoSchema, kubectl string, wantES int) {
	t.Helper()
	n, left := cr.moved()
	if n+len(left) != len(cr.findings) {
		t.Errorf("moved %d and left %d of %d findings", n, len(left), len(cr.findings))
	}
	for _, l := range left {
		if !strings.Contains(l, "is a kustomize patch") {
			t.Errorf("left: %s", l)
		}
	}
	for _, c := range cr.consumersOf() {
		if c != "kubernetes" && c != "kustomize" {
			t.Errorf("consumer %q, want kubernetes or kustomize", c)
		}
	}
	if cr.plan.ConsumerOptions[remediate.OptK8sStore] != remediate.DefaultK8sStore {
		t.Errorf("consumer options %v, want the default store", cr.plan.ConsumerOptions)
	}
	for _, pf := range cr.plan.Files {
		if !strings.Contains(pf.Needs, "SecretStore named secretlint") {
			t.Errorf("%s: needs %q does not name the store", pf.Path, pf.Needs)
		}
	}
	// The original tree, as the cluster would get it.
	pr, err := k8sSame(t, cr.origTree(t, "."), cr.root, cr.store, backend, schema, kubectl)
	if err != nil {
		t.Error(err)
	}
	if pr.externalSecrets != wantES {
		t.Errorf("%d ExternalSecrets written, want %d", pr.externalSecrets, wantES)
	}
	if pr.env < 10 {
		t.Errorf("only %d env entries seen", pr.env)
	}
	// The bars: the moved fraction, and the rewritten files whose cluster
	// view is proven equal (all of them, or the test has failed above).
	proven := len(cr.plan.Files)
	if t.Failed() {
		proven = 0
	}
	t.Logf("moved %d of %d findings (%.0f%%); %d ExternalSecrets valid against the CRD; %d of %d rewritten files (+%d new) proven equivalent; %d Secrets and %d env/command/args entries compared",
		n, len(cr.findings), 100*float64(n)/float64(len(cr.findings)), pr.externalSecrets, proven, len(cr.plan.Files), len(cr.plan.NewFiles), pr.secrets, pr.env)
}

// origTree writes the original files under dir (a slash path in the
// tree) to a new directory and returns the directory that stands for dir.
func (cr *consumerRun) origTree(t *testing.T, dir string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range cr.orig {
		if dir != "." && !strings.HasPrefix(p, dir+"/") {
			continue
		}
		f := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, filepath.FromSlash(dir))
}

// k8sProof counts what k8sSame compared.
type k8sProof struct{ externalSecrets, secrets, env int }

// k8sSame proves that the tree root gives the cluster what origRoot (the
// same tree before the rewrite) gave: no Secret manifest is left, every
// ExternalSecret is valid against the CRD, every Secret the original
// created exists with the same type and data once the ExternalSecrets
// are synced from st, and every workload's env, command and args are
// the same.
func k8sSame(t *testing.T, origRoot, root string, st remediate.Store, backend string, schema *esoSchema, kubectl string) (k8sProof, error) {
	t.Helper()
	var pr k8sProof
	before, err := cluster(origRoot, kubectl)
	if err != nil {
		return pr, fmt.Errorf("the original tree: %w", err)
	}
	after, err := cluster(root, kubectl)
	if err != nil {
		return pr, err
	}
	var errs []error
	for _, m := range after {
		if m.str("kind") == "Secret" {
			errs = append(errs, fmt.Errorf("%s: a Secret manifest is left (%s)", m.file, m.str("metadata", "name")))
		}
		if m.str("kind") != "ExternalSecret" {
			continue
		}
		pr.externalSecrets++
		if err := schema.validate(m.obj); err != nil {
			errs = append(errs, fmt.Errorf("%s: ExternalSecret %s is not valid against %s's CRD: %w", m.file, m.str("metadata", "name"), esoModule, err))
		}
	}
	oldSecrets, err := secretsOf(t, before, st, backend)
	if err != nil {
		return pr, fmt.Errorf("the original tree: %w", err)
	}
	newSecrets, err := secretsOf(t, after, st, backend)
	errs = append(errs, err)
	// Every Secret the original created exists with the same
	// data (kustomize's generated names carry a hash suffix).
	for name, s := range oldSecrets {
		got, ok := newSecrets[name]
		if !ok {
			base := name[:max(strings.LastIndexByte(name, '-'), 0)]
			got, ok = newSecrets[base]
		}
		if !ok {
			errs = append(errs, fmt.Errorf("the Secret %s is gone", name))
			continue
		}
		if got.typ != s.typ || !maps.Equal(got.data, s.data) {
			errs = append(errs, fmt.Errorf("the Secret %s differs after the rewrite (type %s, want %s; keys %v, want %v)", name, got.typ, s.typ,
				slices.Sorted(maps.Keys(got.data)), slices.Sorted(maps.Keys(s.data))))
		}
	}
	oldEnv, newEnv := envOf(t, before, oldSecrets), envOf(t, after, newSecrets)
	for _, k := range slices.Sorted(maps.Keys(oldEnv)) {
		if newEnv[k] != oldEnv[k] {
			errs = append(errs, fmt.Errorf("%s differs after the rewrite", k))
		}
	}
	pr.secrets, pr.env = len(oldSecrets), len(oldEnv)
	return pr, errors.Join(errs...)
}

// TestK8sStoreOptions: --k8s-store and --k8s-store-kind reach the
// ExternalSecrets, and a bad kind is refused.
func TestK8sStoreOptions(t *testing.T) {
	cr := runConsumer(t, "../testdata/remediate/consumers/k8s", "vault",
		remediate.PlanOptions{K8sStore: "vault-backend", K8sStoreKind: "ClusterSecretStore", Only: []string{"app"}})
	got := cr.read(t, "app/deployment.yaml")
	if !strings.Contains(got, "name: vault-backend\n    kind: ClusterSecretStore") {
		t.Errorf("the ExternalSecret does not read the named store:\n%s", got)
	}
	if pf := cr.plan.Files[0]; !strings.Contains(pf.Needs, "ClusterSecretStore named vault-backend") || !strings.Contains(pf.Needs, "version: v2") {
		t.Errorf("needs %q", pf.Needs)
	}
	_, err := remediate.NewPlan(t.Context(), cr.findings, remediate.PlanOptions{Root: cr.root, Refs: cr.store, K8sStoreKind: "Vault"})
	if err == nil {
		t.Error("a store kind other than SecretStore or ClusterSecretStore is accepted")
	}
}

// TestK8sTamperedNewFile: a plan edited by hand cannot make apply create
// a file other than the one the kustomize consumer writes (another
// place, other content); the kustomization that would read it is left
// as it was. A stop after every journal record and --resume still
// completes the run, new file included.
func TestK8sTamperedNewFile(t *testing.T) {
	for name, tamper := range map[string]func(nf *remediate.PlanNewFile){
		"content": func(nf *remediate.PlanNewFile) { nf.Content += "---\napiVersion: v1\nkind: Pod\n" },
		"path":    func(nf *remediate.PlanNewFile) { nf.Path = "../outside.externalsecret.yaml" },
	} {
		t.Run(name, func(t *testing.T) {
			root := copyTree(t, "../testdata/remediate/consumers/k8s")
			st := memstore.New(memstore.Options{Kind: "aws"})
			p, err := remediate.NewPlan(t.Context(), realScan(t, root), remediate.PlanOptions{Root: root, Refs: st})
			if err != nil || len(p.NewFiles) != 1 {
				t.Fatalf("%v, %d new files", err, len(p.NewFiles))
			}
			tamper(p.NewFiles[0])
			p.Reseal("")
			rep, err := remediate.Apply(t.Context(), p, applyOpts(root, st))
			switch {
			case err != nil:
				// Refused before the journal (a path leaving the tree).
			case rep.Complete || rep.NewFiles[0].Status != remediate.FileSkipped:
				t.Errorf("the tampered new file was accepted: %+v", rep.NewFiles[0])
			}
			if _, err := os.Stat(filepath.Join(root, "..", "outside.externalsecret.yaml")); err == nil {
				t.Error("a file was written outside the tree")
			}
			if b, err := os.ReadFile(filepath.Join(root, "overlay", "worker-secrets.externalsecret.yaml")); err == nil {
				t.Errorf("the new file was written:\n%s", b)
			}
			if got, want := readFile(t, filepath.Join(root, "overlay", "kustomization.yaml")),
				readFile(t, "../testdata/remediate/consumers/k8s/overlay/kustomization.yaml"); got != want {
				t.Error("the kustomization was rewritten without its ExternalSecret")
			}
		})
	}
	t.Run("resume after every step", func(t *testing.T) {
		for stop := 1; ; stop++ {
			root := copyTree(t, "../testdata/remediate/consumers/k8s")
			st := memstore.New(memstore.Options{Kind: "vault"})
			p, err := remediate.NewPlan(t.Context(), realScan(t, root), remediate.PlanOptions{Root: root, Refs: st})
			if err != nil {
				t.Fatal(err)
			}
			o := applyOpts(root, st)
			o.AfterStep = func(n int, _ string) {
				if n == stop {
					panic("stop")
				}
			}
			stopped := func() (stopped bool) {
				defer func() { stopped = recover() == "stop" }()
				if _, err := remediate.Apply(t.Context(), p, o); err != nil {
					t.Fatal(err)
				}
				return false
			}()
			if !stopped {
				if stop < 5 {
					t.Fatalf("the run had only %d steps", stop)
				}
				return
			}
			rep, err := remediate.Resume(t.Context(), remediate.DefaultJournalPath(root, p.ID), applyOpts(root, st))
			if err != nil || !rep.Complete {
				t.Fatalf("stop after step %d: resume: %v %+v", stop, err, rep)
			}
			if got := readFile(t, filepath.Join(root, "overlay", "worker-secrets.externalsecret.yaml")); got != p.NewFiles[0].Content {
				t.Errorf("stop after step %d: the new file is not as planned", stop)
			}
		}
	})
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

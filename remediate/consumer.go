package remediate

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// A consumer is the program that reads a file: Kubernetes, docker compose,
// Spring, dbt, CloudFormation, Helm through helmfile or vals, … A rewritten
// file must keep working with that program, so each consumer knows
//
//   - which files are its own (claims),
//   - the reference form its program resolves natively (prepare, envVar,
//     replace: what takes the value's place),
//   - what the user must have in place for the rewritten file to work
//     (needs: an External Secrets store, `secretlint exec` around the
//     command, a CI auth step), shown in the plan for every file,
//   - how to check the edits of one file so that the file reads back to
//     the original meaning with every value replaced by its reference
//     (analyse).
//
// A consumer lives in a file of its own (consumer_NAME.go) with its tests,
// and one line in consumers below; NewPlan and Apply only dispatch. Its
// proof, in tests, uses the consumer's own parser or tool where one runs
// here.
type consumer interface {
	// name names the consumer in plans and in --consumer/--skip-consumer.
	name() string
	// claims reports whether the program this consumer knows reads the
	// file the finding is in. The first consumer in consumers that claims
	// a finding rewrites it.
	claims(f *finding.Finding, o *planEnv) bool
	// needs says what the user must have in place for a file rewritten by
	// this consumer to work, in one or two sentences.
	needs(o *planEnv) string
	// prepare decides the edit kind of one finding, or says why it is not
	// rewritten (status StatusNotRewritable or StatusNotYetRewritable).
	prepare(f *finding.Finding, o *planEnv) (kind, status, reason string)
	// envVar names the environment variable an edit of kind reads its
	// value from at run time ("" when the reference needs none). The
	// variable is mapped to the value's store reference in the env map
	// next to the file.
	envVar(f *finding.Finding, kind string, b binding) string
	// shape says how an edit of kind is written once its destination is
	// known: the text that takes the value's place (editRequest.replace)
	// and how it may be placed (inner, quote, dropDefault, interpDefault,
	// render). Planning and apply both build their requests from it.
	shape(kind string, b binding) editRequest
	// analyse plans and checks the edits of one file: the accepted edits,
	// sorted and not overlapping, why the others are rejected, and the
	// file's content with the accepted edits applied. It runs at planning
	// and again right before the file is rewritten.
	analyse(content []byte, reqs []*editRequest) (edits []*yamlEdit, rejected map[*editRequest]string, after []byte)
}

// newFileConsumer is a consumer that also creates files beside the one it
// rewrites (an ExternalSecret manifest). newFiles is called once per
// planned file with the values its edits move; the files hold references
// only. Edits that read through a new file name it in needsFile.
type newFileConsumer interface {
	consumer
	newFiles(file string, content []byte, moved []movedValue, o *planEnv) []*PlanNewFile
}

// keyNamer is a consumer that names the store key of a value that has no
// key path (a KEY=value line of a text file: its KEY).
type keyNamer interface {
	keyName(f *finding.Finding, content []byte) string
}

// envFiler is a consumer whose files need env maps of their own rather
// than the one env map of their directory (two Terraform .tfvars files
// of one directory set the same variable for different environments).
type envFiler interface {
	consumer
	envFile(file, defaultName string) string
}

// movedValue is one value a file's edits move, with where it goes.
type movedValue struct {
	f                        *finding.Finding
	secret, key, ref, envVar string
}

// binding is where a value goes: its secret, key and store reference, and
// the environment variable that carries it, once known.
type binding struct {
	secret, key, ref, envVar string
	// content is the file as planned (for envVar; nil at apply).
	content []byte
	// opts are the plan's consumer options (Plan.ConsumerOptions: the
	// External Secrets store an ExternalSecret reads from).
	opts map[string]string
	// root is the tree the file is in (PlanOptions.Root, ApplyOptions.Root)
	// and file its path there, for a consumer whose analysis reads the
	// files this one includes.
	root, file string
}

// Reference modes (--refs).
const (
	// RefsNative writes the reference each file's consumer resolves
	// natively (the default).
	RefsNative = "native"
	// RefsVals writes vals references (ref+awssecrets://…, ref+vault://…)
	// into every YAML file: right only where vals or helmfile renders the
	// file before its program reads it.
	RefsVals = "vals"
)

// planEnv is what consumers may know of a plan being made.
type planEnv struct {
	backend string // "aws" or "vault"
	mount   string // Vault KV mount
	refs    string // RefsNative or RefsVals
	root    string // the tree the findings' paths are relative to
	// heads caches the first bytes of files read by fileHas.
	heads map[string]string
	// kustomizePatches caches kustomizePatchFiles.
	kustomizePatches map[string]string
	// opts are the consumer options of the plan (see
	// Plan.ConsumerOptions); a plan records them when a file's consumer
	// used them.
	opts map[string]string
	// ansibleLookup is the name of amazon.aws's Secrets Manager lookup
	// (PlanOptions.AnsibleAWSLookup).
	ansibleLookup string
}

// fileHas reports whether the file (a finding's path) holds sub within
// its first 64 KiB: a consumer that claims files by their content asks
// here. Unreadable files hold nothing.
func (o *planEnv) fileHas(file, sub string) bool {
	if o == nil || o.root == "" {
		return false
	}
	h, ok := o.heads[file]
	if !ok {
		h = readHead(o.root, file, 64<<10)
		if o.heads == nil {
			o.heads = map[string]string{}
		}
		o.heads[file] = h
	}
	return strings.Contains(h, sub)
}

// readHead returns up to n first bytes of the regular file rel (a slash
// path) below root, read through os.Root so that no link in the path can
// lead outside the tree; "" on error, for a symlink or a FIFO.
func readHead(root, rel string, n int64) string {
	r, err := os.OpenRoot(root)
	if err != nil {
		return ""
	}
	defer r.Close()
	name := filepath.FromSlash(rel)
	if st, err := r.Lstat(name); err != nil || !st.Mode().IsRegular() {
		return "" // a symlink, a FIFO: not read to decide a claim
	}
	f, err := r.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(f, n))
	return string(b)
}

// consumers, in the order they are asked to claim a finding.
var consumers = []consumer{
	dbtProfilesConsumer{},
	dbtProjectConsumer{},
	dbtPackagesConsumer{},
	cloudFormationConsumer{},
	kustomizeConsumer{},
	k8sConsumer{},
	composeConsumer{},
	springConsumer{},
	springPropertiesConsumer{},
	railsConsumer{},
	dotenvConsumer{},
	terraformConsumer{},
	ansibleConsumer{},
	gitlabConsumer{},
	actionsConsumer{},
	valsConsumer{},
}

// ConsumerNames lists the consumers remediation knows, for flags and docs.
func ConsumerNames() []string {
	var out []string
	for _, c := range consumers {
		out = append(out, c.name())
	}
	return out
}

// consumerNamed returns the consumer called name, or nil.
func consumerNamed(name string) consumer {
	for _, c := range consumers {
		if c.name() == name {
			return c
		}
	}
	return nil
}

// consumerFor returns the consumer that rewrites f, or nil with the reason
// nothing does.
func consumerFor(f *finding.Finding, o *planEnv) (consumer, string) {
	for _, c := range consumers {
		if c.claims(f, o) {
			return c, ""
		}
	}
	return nil, unclaimedReason(f)
}

// unclaimedReason says why no consumer rewrites a finding.
func unclaimedReason(f *finding.Finding) string {
	ext := strings.ToLower(path.Ext(f.File))
	format := f.Meta["format"]
	switch {
	case f.Encoding == "base64" || f.RuleID == "kubernetes-secret-data":
		return "a Kubernetes Secret manifest cannot hold a reference (kubectl would store the reference text as the secret); " +
			"serve the stored value with an ExternalSecret"
	case format == "actions" && !strings.Contains("/"+f.File, "/.github/workflows/"):
		return "a composite action (action.yml) is not rewritten yet: its runs.steps would need the fetch step, relying on " +
			"the calling job's credentials; pass the value as an input from the workflow and remediate the workflow, or move it by hand"
	case format == "actions":
		return "GitHub Actions does not resolve store references in env: or with:; fetch the value in a step " +
			"(aws-actions/aws-secretsmanager-get-secrets or hashicorp/vault-action)"
	case format == "helm" && (strings.HasPrefix(f.File, "templates/") || strings.Contains(f.File, "/templates/")):
		return "the value is inside a Helm template; move it to values.yaml and reference it from there"
	case ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template":
		name := format
		if name == "" || name == "yaml" {
			name = "an unknown program"
		}
		return "this file is read by " + name + ", which would take a reference text for the secret itself; " +
			"move the value by hand, or pass --refs vals if vals or helmfile renders this file"
	}
	return "no rewriter for this file type"
}

// consumerOf returns the consumer of a planned file (the plan names it).
func consumerOf(pf *PlanFile) (consumer, error) {
	name := pf.Consumer
	if name == "" {
		name = legacyConsumer(pf)
	}
	c := consumerNamed(name)
	if c == nil {
		return nil, fmt.Errorf("%s: the plan names an unknown consumer %q", pf.Path, pf.Consumer)
	}
	return c, nil
}

// legacyConsumer names the consumer of a file planned before plans named
// consumers, from its edit kinds.
func legacyConsumer(pf *PlanFile) string {
	for _, e := range pf.Edits {
		switch e.Kind {
		case EditCFNResolve:
			return cloudFormationConsumer{}.name()
		case EditDBTEnvVar, EditDBTDropDefault:
			return dbtProfilesConsumer{}.name()
		}
	}
	return valsConsumer{}.name()
}

// consumerFilter is --consumer / --skip-consumer.
func consumerAllowed(name string, only, skip []string) bool {
	if len(only) > 0 && !slices.Contains(only, name) {
		return false
	}
	return !slices.Contains(skip, name)
}

// quoteFor returns the token that writes replace as a YAML scalar in the
// quoting style of the scalar it replaces.
func quoteFor(sp Spelling, replace string) string {
	switch sp.Quote {
	case "'":
		return "'" + replace + "'"
	case `"`:
		return `"` + replace + `"`
	}
	return replace
}

// lineCol returns the 1-based line and column (in bytes) of offset.
func lineCol(content []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(content))
	line = 1 + strings.Count(string(content[:offset]), "\n")
	return line, offset - strings.LastIndexByte(string(content[:offset]), '\n')
}

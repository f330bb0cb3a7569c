package remediate

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/finding"
)

// Edit kinds of the GitHub Actions consumer.
const (
	// EditActionsEnv replaces a value in a step's env: or with: with
	// ${{ env.NAME }}, NAME being what the inserted fetch step exports.
	EditActionsEnv = "actions-env"
	// EditActionsFetchStep is the aux edit that inserts the fetch step.
	EditActionsFetchStep = "actions-fetch-step"
)

// The actions the inserted step uses.
const (
	actionsAWSFetch   = "aws-actions/aws-secretsmanager-get-secrets@v2"
	actionsVaultFetch = "hashicorp/vault-action@v3"
	actionsStepName   = "Fetch secrets moved by secretlint"
)

// actionsConsumer is GitHub Actions: a value in a step's env: or with:
// is read from the store by a step inserted before the first step of
// its job that uses it, and the value becomes ${{ env.NAME }}:
//
//   - AWS: aws-actions/aws-secretsmanager-get-secrets with
//     secret-ids ALIAS,NAME and parse-json-secrets: true exports each
//     JSON key of the secret as ALIAS_KEY (upper case, other characters
//     underscores);
//   - Vault: hashicorp/vault-action with secrets
//     "MOUNT/data/NAME SELECTOR | VAR ;" exports VAR (a key with dots
//     is quoted in backticks: vault-action takes a dotted selector as a
//     JSONata path).
//
// Workflow- and job-level env: are evaluated before any step runs, so a
// step cannot feed them; those values are reported, not moved.
type actionsConsumer struct{}

func (actionsConsumer) name() string { return "actions" }

func (actionsConsumer) claims(f *finding.Finding, _ *planEnv) bool {
	return isYAMLFile(f) && f.Meta["format"] == "actions" && strings.Contains("/"+f.File, "/.github/workflows/")
}

func (actionsConsumer) needs(o *planEnv) string {
	if o.backend == "vault" {
		return "each job with an inserted hashicorp/vault-action step needs `permissions: id-token: write`, the repository " +
			"variables VAULT_ADDR and VAULT_ROLE, and a Vault JWT auth role for GitHub's OIDC tokens (bound to this repository) " +
			"allowed to read the secret"
	}
	return "each job with an inserted aws-actions/aws-secretsmanager-get-secrets step needs an earlier " +
		"aws-actions/configure-aws-credentials step (role-to-assume, aws-region) and `permissions: id-token: write`; " +
		"the role needs secretsmanager:GetSecretValue on the secret"
}

func (actionsConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	if strings.Contains(f.Secret.Reveal(), "${{") {
		return "", StatusNotRewritable, "the value holds a GitHub expression; move it by hand"
	}
	return EditActionsEnv, "", ""
}

func (actionsConsumer) envVar(*finding.Finding, string, binding) string { return "" }

func (actionsConsumer) shape(_ string, b binding) editRequest {
	v := actionsVar(b)
	if v == "" {
		return editRequest{}
	}
	return editRequest{replace: "${{ env." + v + " }}", inner: true, bind: b}
}

// actionsAlias is the alias of a secret in secret-ids.
func actionsAlias(secret string) string {
	return "SECRETLINT_" + strings.Trim(envNameOf(path.Base(secret)), "_")
}

// actionsVar names the environment variable the fetch step exports for
// b's key.
func actionsVar(b binding) string {
	if b.secret == "" || b.key == "" {
		return ""
	}
	return actionsAlias(b.secret) + "_" + envNameOf(b.key)
}

// actionsPlace is where a value is in a workflow.
type actionsPlace struct {
	job       string
	jobNode   *yaml.Node
	stepIndex int
	stepNode  *yaml.Node
	section   string // env or with
	key       string
	why       string // why the place is not rewritten
}

// actionsPlaces maps every scalar value node of the workflow under a
// jobs.J.steps[i].env/with, and of workflow and job env:, to its place.
func actionsPlaces(root *yaml.Node) map[*yaml.Node]actionsPlace {
	out := map[*yaml.Node]actionsPlace{}
	const before = ", so no step can feed it; move the value to the env: of the steps that use it, then run remediate again"
	mark := func(m *yaml.Node, p actionsPlace) {
		if m == nil || m.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			q := p
			q.key = m.Content[i].Value
			out[m.Content[i+1]] = q
		}
	}
	_, env := mapNode(root, "env")
	mark(env, actionsPlace{why: "GitHub Actions evaluates a workflow-level env: before any step runs" + before})
	_, jobs := mapNode(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		name, job := jobs.Content[i].Value, jobs.Content[i+1]
		_, env := mapNode(job, "env")
		mark(env, actionsPlace{job: name, why: "GitHub Actions evaluates a job-level env: before any step runs" + before})
		_, with := mapNode(job, "with")
		mark(with, actionsPlace{job: name, why: "the with: of a reusable workflow call is read before any step runs; pass it as a secret of the called workflow"})
		_, steps := mapNode(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		for si, step := range steps.Content {
			for _, sec := range []string{"env", "with"} {
				_, m := mapNode(step, sec)
				mark(m, actionsPlace{job: name, jobNode: job, stepIndex: si, stepNode: step, section: sec})
			}
		}
	}
	return out
}

// analyse plans the value edits and, per job, the fetch step inserted
// before the first step that uses a moved value; the result must decode
// to the original workflow with those values replaced and those steps
// inserted.
func (actionsConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	rejected := map[*editRequest]string{}
	reject := func(why string) ([]*yamlEdit, map[*editRequest]string, []byte) {
		for _, r := range reqs {
			rejected[r] = why
		}
		return nil, rejected, content
	}
	docs, err := parseYAML(content)
	if err != nil || len(docs) != 1 || len(docs[0].Content) != 1 {
		return reject("the workflow is not a single YAML document")
	}
	root := docs[0].Content[0]
	orig, err := genericYAML(content)
	if err != nil {
		return reject(err.Error())
	}
	places := actionsPlaces(root)
	infos := scalars(content, docs)
	byOffset := map[int]scalarInfo{}
	for _, si := range infos {
		byOffset[si.offset] = si
	}
	type planned struct {
		e *yamlEdit
		p actionsPlace
	}
	var edits []planned
	for _, r := range reqs {
		e, err := planEdit(content, infos, byOffset, r)
		if err != nil {
			rejected[r] = err.Error()
			continue
		}
		p, ok := places[e.node]
		switch {
		case !ok:
			rejected[r] = "only values in a step's env: or with: are moved (GitHub reads other places before a step could fetch them)"
			continue
		case p.why != "":
			rejected[r] = p.why
			continue
		case r.bind.secret == "":
			rejected[r] = "no destination for the value"
			continue
		}
		edits = append(edits, planned{e, p})
	}
	slices.SortFunc(edits, func(a, b planned) int { return a.e.Offset - b.e.Offset })

	// Per job: the first step using a value, and the keys it fetches.
	type fetch struct {
		job   *yaml.Node
		name  string
		first int
		step  *yaml.Node
		binds []binding
	}
	var jobs []*fetch
	byJob := map[*yaml.Node]*fetch{}
	for _, pe := range edits {
		f := byJob[pe.p.jobNode]
		if f == nil {
			f = &fetch{job: pe.p.jobNode, name: pe.p.job, first: pe.p.stepIndex, step: pe.p.stepNode}
			byJob[pe.p.jobNode] = f
			jobs = append(jobs, f)
		}
		if pe.p.stepIndex < f.first {
			f.first, f.step = pe.p.stepIndex, pe.p.stepNode
		}
		b := pe.e.req.bind
		if !slices.ContainsFunc(f.binds, func(x binding) bool { return x.secret == b.secret && x.key == b.key }) {
			f.binds = append(f.binds, b)
		}
	}
	starts := lineStarts(content)
	var out []*yamlEdit
	for _, pe := range edits {
		out = append(out, pe.e)
	}
	want := orig
	for _, f := range jobs {
		slices.SortFunc(f.binds, func(a, b binding) int { return cmp.Or(cmp.Compare(a.secret, b.secret), cmp.Compare(a.key, b.key)) })
		ls, prefix, ok := blockItemPrefix(content, nodeOffset(content, starts, f.step.Content[0]))
		step, err := actionsFetchStep(f.binds)
		if !ok || err != nil {
			why := "the step is not written as a block sequence item (\"- key: …\"), so the fetch step cannot be inserted before it"
			if err != nil {
				why = err.Error()
			}
			out = slices.DeleteFunc(out, func(e *yamlEdit) bool {
				if byJob[places[e.node].jobNode] == f {
					rejected[e.req] = why
					return true
				}
				return false
			})
			continue
		}
		text := renderStep(prefix, step)
		out = append(out, &yamlEdit{aux: true, kind: EditActionsFetchStep, Offset: ls, End: ls, Replacement: text})
	}
	if len(out) == 0 {
		return nil, rejected, content
	}
	slices.SortStableFunc(out, func(a, b *yamlEdit) int { return a.Offset - b.Offset })
	after := applyYAMLEdits(content, out)
	// What the workflow must read back as.
	want = deepCopy(orig)
	for _, e := range out {
		if e.aux {
			continue
		}
		p := places[e.node]
		sec := stepsOf(want, p.job)[p.stepIndex].(map[string]any)[p.section].(map[string]any)
		old, _ := sec[p.key].(string)
		sec[p.key] = strings.Replace(old, e.oldPart, e.newPart, 1)
	}
	for _, f := range jobs {
		if !slices.ContainsFunc(out, func(e *yamlEdit) bool { return !e.aux && places[e.node].jobNode == f.job }) {
			continue
		}
		step, _ := actionsFetchStep(f.binds)
		job := want.(map[string]any)["jobs"].(map[string]any)[f.name].(map[string]any)
		steps := job["steps"].([]any)
		job["steps"] = slices.Insert(slices.Clone(steps), f.first, any(step.generic()))
	}
	if err := sameGeneric(after, want); err != nil {
		return reject(err.Error())
	}
	return out, rejected, after
}

// stepsOf returns the steps of job name in a decoded workflow.
func stepsOf(wf any, name string) []any {
	return wf.(map[string]any)["jobs"].(map[string]any)[name].(map[string]any)["steps"].([]any)
}

// deepCopy copies decoded YAML.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}

// ciStep is an inserted step: a name, the action it uses, and its with:
// inputs in order (a value with a line break is written as a literal
// block).
type ciStep struct {
	name, uses string
	with       [][2]string
	bools      map[string]bool
}

func (s ciStep) generic() map[string]any {
	w := map[string]any{}
	for _, kv := range s.with {
		if s.bools[kv[0]] {
			w[kv[0]] = kv[1] == "true"
			continue
		}
		w[kv[0]] = kv[1]
	}
	return map[string]any{"name": s.name, "uses": s.uses, "with": w}
}

// actionsFetchStep builds the step that fetches binds.
func actionsFetchStep(binds []binding) (ciStep, error) {
	for _, b := range binds {
		if strings.ContainsAny(b.secret+b.key, " ,|;`\n") {
			return ciStep{}, errors.New("the secret's name or key holds a character the fetch step cannot write")
		}
	}
	if strings.HasPrefix(binds[0].ref, "ref+vault://") {
		var lines []string
		for _, b := range binds {
			mount := vaultMountOf(b)
			if mount == "" {
				return ciStep{}, errors.New("no Vault mount in the reference")
			}
			sel := b.key
			if strings.Contains(sel, ".") {
				sel = "`" + sel + "`"
			}
			lines = append(lines, fmt.Sprintf("%s/data/%s %s | %s ;", mount, b.secret, sel, actionsVar(b)))
		}
		return ciStep{name: actionsStepName, uses: actionsVaultFetch, with: [][2]string{
			{"url", "${{ vars.VAULT_ADDR }}"}, {"method", "jwt"}, {"role", "${{ vars.VAULT_ROLE }}"},
			{"secrets", strings.Join(lines, "\n") + "\n"},
		}}, nil
	}
	var ids []string
	for _, b := range binds {
		id := actionsAlias(b.secret) + "," + b.secret
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ciStep{name: actionsStepName, uses: actionsAWSFetch, with: [][2]string{
		{"secret-ids", strings.Join(ids, "\n") + "\n"}, {"parse-json-secrets", "true"},
	}, bools: map[string]bool{"parse-json-secrets": true}}, nil
}

// renderStep writes s as a block sequence item whose first line starts
// with prefix ("      - ").
func renderStep(prefix string, s ciStep) string {
	ind := strings.Repeat(" ", len(prefix))
	var b strings.Builder
	b.WriteString(prefix + "name: " + s.name + "\n")
	b.WriteString(ind + "uses: " + s.uses + "\n")
	b.WriteString(ind + "with:\n")
	for _, kv := range s.with {
		if strings.Contains(kv[1], "\n") {
			b.WriteString(ind + "  " + kv[0] + ": |\n")
			for ln := range strings.SplitSeq(strings.TrimSuffix(kv[1], "\n"), "\n") {
				b.WriteString(ind + "    " + ln + "\n")
			}
			continue
		}
		v := kv[1]
		if strings.HasPrefix(v, "${{") {
			v = "'" + v + "'"
		}
		b.WriteString(ind + "  " + kv[0] + ": " + v + "\n")
	}
	return b.String()
}

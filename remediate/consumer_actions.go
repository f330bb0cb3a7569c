package remediate

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
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
	// EditActionsStepEnv is the aux edit that sets a moved workflow- or
	// job-level variable in a step's env:.
	EditActionsStepEnv = "actions-step-env"
	// EditActionsDropEnv is the aux edit that removes an env: key left
	// empty.
	EditActionsDropEnv = "actions-drop-env"
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
// step cannot feed them: such a variable moves into the env: of the
// steps that read it (see analyse).
type actionsConsumer struct{}

func (actionsConsumer) name() string { return "actions" }

func (actionsConsumer) claims(f *finding.Finding, o *planEnv) bool {
	// --refs vals asks for vals references everywhere; vals cannot render
	// a workflow, so its values stay (unclaimedReason says why).
	return o.refs != RefsVals && isYAMLFile(f) && f.Meta["format"] == "actions" && strings.Contains("/"+f.File, "/.github/workflows/")
}

func (actionsConsumer) needs(o *planEnv) string {
	if o.backend == "vault" {
		return "each job with an inserted hashicorp/vault-action step needs `permissions: id-token: write`, the repository " +
			"variables VAULT_ADDR and VAULT_ROLE, and a Vault JWT auth role for GitHub's OIDC tokens (bound to this repository) " +
			"allowed to read the secret"
	}
	return "each job with an inserted aws-actions/aws-secretsmanager-get-secrets step needs an earlier " +
		"aws-actions/configure-aws-credentials step (role-to-assume, aws-region; the fetch step goes after the job's last one, " +
		"add one before it if there is none) and `permissions: id-token: write`; the role needs secretsmanager:GetSecretValue " +
		"on the secret. A moved workflow- or job-level variable is set in the steps after the fetch step only"
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
	return editRequest{replace: "${{ env." + v + " }}", inner: true, dest: b}
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
	level     string // "step", "job" or "workflow"
	job       string
	jobNode   *yaml.Node
	stepIndex int
	stepNode  *yaml.Node
	section   string     // env or with (step level)
	m         *yaml.Node // the mapping holding the value
	key       string
	why       string // why the place is not rewritten
}

// actionsPlaces maps every scalar value node of the workflow under a
// jobs.J.steps[i].env/with, and of workflow and job env:, to its place.
func actionsPlaces(root *yaml.Node) map[*yaml.Node]actionsPlace {
	out := map[*yaml.Node]actionsPlace{}
	mark := func(m *yaml.Node, p actionsPlace) {
		if m == nil || m.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			q := p
			q.key, q.m = m.Content[i].Value, m
			out[m.Content[i+1]] = q
		}
	}
	_, env := mapNode(root, "env")
	mark(env, actionsPlace{level: "workflow"})
	_, jobs := mapNode(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		name, job := jobs.Content[i].Value, jobs.Content[i+1]
		_, env := mapNode(job, "env")
		mark(env, actionsPlace{level: "job", job: name, jobNode: job})
		_, with := mapNode(job, "with")
		mark(with, actionsPlace{job: name, why: "the with: of a reusable workflow call is read before any step runs; pass it as a secret of the called workflow"})
		_, steps := mapNode(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		for si, step := range steps.Content {
			for _, sec := range []string{"env", "with"} {
				_, m := mapNode(step, sec)
				mark(m, actionsPlace{level: "step", job: name, jobNode: job, stepIndex: si, stepNode: step, section: sec})
			}
		}
	}
	return out
}

// actionsJob is what a job of the workflow gets: the fetch step, before
// its first step that uses a moved value, and the variables of
// workflow- and job-level env: that move into each of its steps' env:.
type actionsJob struct {
	name  string
	node  *yaml.Node
	first int // where the fetch step goes
	// firstUse is the first step using a step-level value (-1: none).
	firstUse int
	binds    []binding
	vars     []actionsVarMove
	// early is set by place when a step at or before the job's last
	// aws-actions/configure-aws-credentials reads a step-level value:
	// the index of that credentials step. Only those values are left.
	early int
}

// actionsVarMove is a workflow- or job-level env variable that moves
// into the env: of the steps that read it.
type actionsVarMove struct {
	name string
	b    binding
	req  *editRequest
}

// analyse plans the value edits and, per job, the fetch step inserted
// before the first step that uses a moved value; the result must decode
// to the original workflow with those values replaced and those steps
// inserted.
//
// A workflow- or job-level env: is evaluated before any step runs, so a
// value there cannot come from a step: its line goes, and the variable
// moves into the env: of every step of the jobs that read it (those
// that do not set it themselves), as ${{ env.ALIAS_KEY }} after the
// fetch step, which goes first in those jobs. A variable that the
// workflow also reads as ${{ env.NAME }} is left alone: step env:
// cannot feed another expression of the same step.
func (c actionsConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
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
	starts := lineStarts(content)
	_, jobsNode := mapNode(root, "jobs")
	var jobs []*actionsJob
	byNode := map[*yaml.Node]*actionsJob{}
	jobOf := func(name string, n *yaml.Node) *actionsJob {
		j := byNode[n]
		if j == nil {
			j = &actionsJob{name: name, node: n, first: -1, firstUse: -1, early: -1}
			byNode[n] = j
			jobs = append(jobs, j)
		}
		return j
	}
	addBind := func(j *actionsJob, b binding) {
		if !slices.ContainsFunc(j.binds, func(x binding) bool { return x.secret == b.secret && x.key == b.key }) {
			j.binds = append(j.binds, b)
		}
	}
	type planned struct {
		e *yamlEdit
		p actionsPlace
	}
	var edits []planned
	emptied := map[*yaml.Node]int{} // env mappings: entries removed
	for _, r := range reqs {
		si, whole := byOffset[r.offset]
		whole = whole && si.node.Value == r.value
		var p actionsPlace
		var ok bool
		if whole {
			p, ok = places[si.node]
		}
		if ok && (p.level == "job" || p.level == "workflow") {
			if r.dest.secret == "" {
				rejected[r] = "no destination for the value"
				continue
			}
			targets, why := actionsTargets(root, jobsNode, p)
			if why == "" && actionsReadsEnv(root, p, infos) {
				why = "the workflow reads " + p.key + " as ${{ env." + p.key + " }}, which a step's own env: cannot feed; move it by hand"
			}
			if why != "" {
				rejected[r] = why
				continue
			}
			e, err := removeEntryLine(content, starts, p.m, si.node, r)
			if err != nil {
				rejected[r] = err.Error()
				continue
			}
			for _, t := range targets {
				j := jobOf(t.name, t.node)
				addBind(j, r.dest)
				j.vars = append(j.vars, actionsVarMove{name: p.key, b: r.dest, req: r})
			}
			emptied[p.m]++
			edits = append(edits, planned{e, p})
			continue
		}
		e, err := planEdit(content, infos, byOffset, r)
		if err != nil {
			rejected[r] = err.Error()
			continue
		}
		p, ok = places[e.node]
		switch {
		case !ok && actionsServiceValue(jobsNode, e.node) != "":
			rejected[r] = "the env: of service " + actionsServiceValue(jobsNode, e.node) + " is read when the runner starts " +
				"the job's service containers, before any step could fetch the value; move it by hand"
			continue
		case !ok || p.level == "job" || p.level == "workflow":
			rejected[r] = "only whole values of env: and values in a step's with: are moved (GitHub reads other places before a step could fetch them)"
			continue
		case p.why != "":
			rejected[r] = p.why
			continue
		case r.dest.secret == "":
			rejected[r] = "no destination for the value"
			continue
		}
		j := jobOf(p.job, p.jobNode)
		if j.firstUse < 0 || p.stepIndex < j.firstUse {
			j.firstUse = p.stepIndex
		}
		addBind(j, r.dest)
		edits = append(edits, planned{e, p})
	}
	var out []*yamlEdit
	for _, pe := range edits {
		out = append(out, pe.e)
	}
	// Text per job: the fetch step, and the moved variables in each step.
	var bad []*editRequest
	badWhy := map[*editRequest]string{}
	for _, j := range jobs {
		slices.SortFunc(j.binds, func(a, b binding) int { return cmp.Or(cmp.Compare(a.secret, b.secret), cmp.Compare(a.key, b.key)) })
		why := j.place()
		var aux []*yamlEdit
		if why == "" {
			aux, why = actionsJobText(content, starts, j)
		}
		if why != "" {
			for _, pe := range edits {
				if j.early >= 0 {
					// Only the values the steps up to the credentials read
					// are left; the others are planned again without them.
					if pe.p.level == "step" && byNode[pe.p.jobNode] == j && pe.p.stepIndex <= j.early {
						bad = append(bad, pe.e.req)
						badWhy[pe.e.req] = why
					}
					continue
				}
				if byNode[pe.p.jobNode] == j || slices.ContainsFunc(j.vars, func(v actionsVarMove) bool { return v.req == pe.e.req }) {
					bad = append(bad, pe.e.req)
					badWhy[pe.e.req] = why
				}
			}
			continue
		}
		out = append(out, aux...)
	}
	if len(bad) > 0 {
		var again []*editRequest
		for _, r := range reqs {
			if _, done := rejected[r]; !done && !slices.Contains(bad, r) {
				again = append(again, r)
			}
		}
		for _, r := range bad {
			rejected[r] = badWhy[r]
		}
		if len(again) == 0 {
			return nil, rejected, content
		}
		edits, rej, after := c.analyse(content, again)
		maps.Copy(rejected, rej)
		return edits, rejected, after
	}
	// An env: mapping left empty goes too.
	for m, n := range emptied {
		if n*2 != len(m.Content) {
			continue
		}
		var k *yaml.Node
		for _, pe := range edits {
			if pe.p.m == m {
				k = actionsEnvKey(root, pe.p)
			}
		}
		e, ok := removeKeyLine(content, starts, k, EditActionsDropEnv)
		if !ok {
			return reject("an emptied env: key is not on a line of its own")
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, rejected, content
	}
	slices.SortStableFunc(out, func(a, b *yamlEdit) int { return cmp.Or(a.Offset-b.Offset, a.End-b.End) })
	after := applyYAMLEdits(content, out)

	// What the workflow must read back as.
	want := deepCopy(orig).(map[string]any)
	for _, pe := range edits {
		p := pe.p
		switch p.level {
		case "step":
			sec := stepsOf(want, p.job)[p.stepIndex].(map[string]any)[p.section].(map[string]any)
			old, _ := sec[p.key].(string)
			sec[p.key] = strings.Replace(old, pe.e.oldPart, pe.e.newPart, 1)
		default:
			holder := want
			if p.level == "job" {
				holder = want["jobs"].(map[string]any)[p.job].(map[string]any)
			}
			env := holder["env"].(map[string]any)
			delete(env, p.key)
			if len(env) == 0 {
				delete(holder, "env")
			}
		}
	}
	for _, j := range jobs {
		job := want["jobs"].(map[string]any)[j.name].(map[string]any)
		steps := job["steps"].([]any)
		for si, st := range steps {
			step := st.(map[string]any)
			for _, v := range j.vars {
				if si < j.first || stepSetsEnv(j.node, si, v.name) {
					continue
				}
				env, _ := step["env"].(map[string]any)
				if env == nil {
					env = map[string]any{}
					step["env"] = env
				}
				env[v.name] = "${{ env." + actionsVar(v.b) + " }}"
			}
		}
		step, _ := actionsFetchStep(j.binds)
		job["steps"] = slices.Insert(slices.Clone(steps), j.first, any(step.generic()))
	}
	if err := sameGeneric(after, want); err != nil {
		return reject(err.Error())
	}
	return out, rejected, after
}

// actionsServiceValue names the service (job.services.NAME) whose env:
// holds n, or "".
func actionsServiceValue(jobs, n *yaml.Node) string {
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		_, svcs := mapNode(jobs.Content[i+1], "services")
		if svcs == nil || svcs.Kind != yaml.MappingNode {
			continue
		}
		for k := 0; k+1 < len(svcs.Content); k += 2 {
			if _, env := mapNode(svcs.Content[k+1], "env"); env != nil && containsNode(env, n) {
				return jobs.Content[i].Value + ".services." + svcs.Content[k].Value
			}
		}
	}
	return ""
}

// actionsTargets lists the jobs that read a workflow- or job-level env
// variable: the job itself, or every job with steps that does not set
// the variable in its own env:.
func actionsTargets(root, jobs *yaml.Node, p actionsPlace) ([]struct {
	name string
	node *yaml.Node
}, string) {
	type target = struct {
		name string
		node *yaml.Node
	}
	hasSteps := func(job *yaml.Node) bool {
		_, st := mapNode(job, "steps")
		return st != nil && st.Kind == yaml.SequenceNode && len(st.Content) > 0
	}
	if p.level == "job" {
		if !hasSteps(p.jobNode) {
			return nil, "job " + p.job + " has no steps to move the variable into"
		}
		return []target{{p.job, p.jobNode}}, ""
	}
	var out []target
	if jobs != nil && jobs.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(jobs.Content); i += 2 {
			job := jobs.Content[i+1]
			_, env := mapNode(job, "env")
			if k, _ := mapNode(env, p.key); k != nil || !hasSteps(job) {
				continue
			}
			out = append(out, target{jobs.Content[i].Value, job})
		}
	}
	if len(out) == 0 {
		return nil, "no job's steps read the variable"
	}
	return out, ""
}

// actionsReadsEnv reports whether the scope of a workflow- or job-level
// variable reads it in an expression (env.NAME).
func actionsReadsEnv(root *yaml.Node, p actionsPlace, infos []scalarInfo) bool {
	re := regexp.MustCompile(`\benv\.` + regexp.QuoteMeta(p.key) + `\b|\benv\[\s*'` + regexp.QuoteMeta(p.key) + `'\s*\]`)
	scope := root
	if p.level == "job" {
		scope = p.jobNode
	}
	in := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		in[n] = true
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(scope)
	for _, si := range infos {
		if in[si.node] && re.MatchString(si.node.Value) {
			return true
		}
	}
	return false
}

// actionsEnvKey returns the key node of the env: holding a workflow- or
// job-level variable.
func actionsEnvKey(root *yaml.Node, p actionsPlace) *yaml.Node {
	holder := root
	if p.level == "job" {
		holder = p.jobNode
	}
	k, _ := mapNode(holder, "env")
	return k
}

// place decides where the fetch step goes: before the first step that
// uses a step-level value, or first when workflow- or job-level
// variables move into the steps; with AWS, after the job's last
// aws-actions/configure-aws-credentials step, whose credentials it
// needs. The steps before it (checkout, the credentials) do not get the
// moved variables. It says why not when a step reads a value before
// the credentials are in place.
func (j *actionsJob) place() string {
	_, steps := mapNode(j.node, "steps")
	if steps == nil || steps.Kind != yaml.SequenceNode || len(j.binds) == 0 {
		return "the job's steps are not a list"
	}
	j.first = j.firstUse
	if len(j.vars) > 0 {
		j.first = 0
	}
	if strings.HasPrefix(j.binds[0].ref, "ref+vault://") {
		return "" // vault-action authenticates itself
	}
	creds := -1
	for i, st := range steps.Content {
		_, uses := mapNode(st, "uses")
		if uses != nil && strings.HasPrefix(uses.Value, "aws-actions/configure-aws-credentials@") {
			creds = i
		}
	}
	if creds < 0 || j.first > creds {
		return ""
	}
	if j.firstUse >= 0 && j.firstUse <= creds {
		// Reordering the steps is not done: a step moved after
		// configure-aws-credentials would run with its AWS_* variables
		// (and after any step between), which can change what it does.
		j.early = creds
		return fmt.Sprintf("step %d of job %s reads the value before aws-actions/configure-aws-credentials (step %d), whose "+
			"credentials the fetch step needs; steps are not reordered (moved after it, the step would run with the AWS_* "+
			"variables it exports): move that step after it by hand, then remediate again", j.firstUse+1, j.name, creds+1)
	}
	if creds+1 >= len(steps.Content) {
		return "no step of job " + j.name + " runs after aws-actions/configure-aws-credentials to read the value"
	}
	j.first = creds + 1
	return ""
}

// stepSetsEnv reports whether step si of job sets name in its env:.
func stepSetsEnv(job *yaml.Node, si int, name string) bool {
	_, steps := mapNode(job, "steps")
	_, env := mapNode(steps.Content[si], "env")
	k, _ := mapNode(env, name)
	return k != nil
}

// actionsJobText plans a job's aux edits: the fetch step, and each moved
// variable in the env: of every step that does not set it.
func actionsJobText(content []byte, starts []int, j *actionsJob) ([]*yamlEdit, string) {
	_, steps := mapNode(j.node, "steps")
	if steps == nil || j.first < 0 || j.first >= len(steps.Content) || len(steps.Content[j.first].Content) == 0 {
		return nil, "the job's steps are not a list of mappings"
	}
	var out []*yamlEdit
	ls, prefix, ok := blockItemPrefix(content, nodeOffset(content, starts, steps.Content[j.first].Content[0]))
	step, err := actionsFetchStep(j.binds)
	switch {
	case err != nil:
		return nil, err.Error()
	case !ok:
		return nil, "the step is not written as a block sequence item (\"- key: …\"), so the fetch step cannot be inserted before it"
	}
	out = append(out, &yamlEdit{aux: true, kind: EditActionsFetchStep, Offset: ls, End: ls, Replacement: renderStep(prefix, step)})
	if len(j.vars) == 0 {
		return out, ""
	}
	for si, st := range steps.Content {
		var lines []string
		for _, v := range j.vars {
			if si >= j.first && !stepSetsEnv(j.node, si, v.name) {
				lines = append(lines, v.name+": ${{ env."+actionsVar(v.b)+" }}")
			}
		}
		if len(lines) == 0 {
			continue
		}
		if st.Kind != yaml.MappingNode || st.Style&yaml.FlowStyle != 0 || len(st.Content) < 2 {
			return nil, "a step of job " + j.name + " is not a block mapping"
		}
		if _, env := mapNode(st, "env"); env != nil {
			if env.Kind != yaml.MappingNode || env.Style&yaml.FlowStyle != 0 || len(env.Content) == 0 {
				return nil, "a step of job " + j.name + " has an env: that is not a block mapping"
			}
			fo := nodeOffset(content, starts, env.Content[0])
			els, _ := lineOf(content, fo)
			ind := string(content[els:fo])
			if strings.Trim(ind, " ") != "" {
				return nil, "a step of job " + j.name + " has an env: not written one entry per line"
			}
			var b strings.Builder
			for _, l := range lines {
				b.WriteString(ind + l + "\n")
			}
			out = append(out, &yamlEdit{aux: true, kind: EditActionsStepEnv, Offset: els, End: els, Replacement: b.String()})
			continue
		}
		// No env: yet: one after the step's first line, whose key holds a
		// one-line scalar.
		k0, v0 := st.Content[0], st.Content[1]
		_, prefix, ok := blockItemPrefix(content, nodeOffset(content, starts, k0))
		if !ok || v0.Kind != yaml.ScalarNode || v0.Line != k0.Line || v0.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return nil, "a step of job " + j.name + " does not start with a one-line \"- key: value\""
		}
		_, next := lineOf(content, nodeOffset(content, starts, v0))
		ind := strings.Repeat(" ", len(prefix))
		var b strings.Builder
		b.WriteString(ind + "env:\n")
		for _, l := range lines {
			b.WriteString(ind + "  " + l + "\n")
		}
		out = append(out, &yamlEdit{aux: true, kind: EditActionsStepEnv, Offset: next, End: next, Replacement: b.String()})
	}
	return out, ""
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

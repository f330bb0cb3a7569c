package remediate

import (
	"errors"
	"maps"
	"path"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/secretlint-go/secretlint/finding"
)

// Edit kinds of the GitLab CI consumer.
const (
	// EditGitLabSecret removes a variable whose value is a literal; the
	// jobs that read it get it from the job's secrets: keyword.
	EditGitLabSecret = "gitlab-secret"
	// EditGitLabSecretIncluded is EditGitLabSecret in a file other than
	// the pipeline's .gitlab-ci.yml (a file it includes): its global
	// variables are not moved.
	EditGitLabSecretIncluded = "gitlab-secret-included"
	// EditGitLabSecretsBlock is the aux edit that inserts a job's
	// secrets: block.
	EditGitLabSecretsBlock = "gitlab-secrets-block"
	// EditGitLabDropVariables is the aux edit that removes a variables:
	// key left empty.
	EditGitLabDropVariables = "gitlab-drop-variables"
)

// gitlabConsumer is GitLab CI: a literal in variables: (global or of a
// job) is removed, and every job that reads it gets it through the
// secrets: keyword, which the runner fetches before the job starts:
//
//	secrets:
//	  DB_PASSWORD:
//	    vault: NAME/KEY@MOUNT        # Vault KV v2 (Premium)
//	    file: false
//	  DB_PASSWORD:
//	    aws_secrets_manager:         # GitLab >= 18.3
//	      secret_id: NAME
//	      field: KEY
//	    file: false
//
// A variable in the expanded form (NAME: {value, description}) goes as
// a whole. Entries are added first to a job's existing secrets:. A
// global variable goes to every job that does not set it itself nor
// turn global variables off (inherit: variables). Jobs are the top-level
// mappings with script, run, trigger or extends that are not keywords.
// Hidden jobs (.name) are templates: a global variable is not added to
// them (the jobs that extend them get it), but a variable of their own
// moves into their own secrets:, which extends merges into those jobs.
//
// A global variable of a .gitlab-ci.yml with include: reaches the jobs of
// the included local files too. Those files are read from the tree
// (gitlabIncludes), and each of their jobs that reads the variable gets
// an entry of secrets: only at the end of .gitlab-ci.yml: GitLab merges
// a job key of the including file into the included job of that name
// (hashes deep-merged, the including file wins). An include that is not
// a plain local file (remote, project, template, component, rules:,
// inputs:, a wildcard), a nested include, a link, or a job name found in
// two files leaves the global variable with the reason.
type gitlabConsumer struct{}

func (gitlabConsumer) name() string { return "gitlab" }

func (gitlabConsumer) claims(f *finding.Finding, o *planEnv) bool {
	// With --refs vals the user says vals renders the tree's YAML. The
	// scanner names GitLab CI files it recognises (an included file under
	// .gitlab/ci/, a file of jobs and templates) format gitlab-ci.
	return o.refs != RefsVals && (isGitLabCI(f.File) || isYAMLFile(f) && f.Meta["format"] == "gitlab-ci")
}

// isGitLabCI reports whether a file is a GitLab CI configuration by name.
func isGitLabCI(file string) bool {
	base := strings.ToLower(path.Base(file))
	for _, ext := range []string{".yml", ".yaml"} {
		if base == ".gitlab-ci"+ext || strings.HasSuffix(base, ".gitlab-ci"+ext) {
			return true
		}
	}
	return false
}

func (gitlabConsumer) needs(o *planEnv) string {
	if o.backend == "vault" {
		return "secrets: with vault: needs GitLab Premium or Ultimate and a runner that fetches secrets; configure an " +
			"id_tokens: entry (aud: your Vault) in each job or in default:, the CI/CD variables VAULT_SERVER_URL and " +
			"VAULT_AUTH_ROLE (and VAULT_AUTH_PATH if the JWT mount is not jwt), and a Vault JWT role bound to this project"
	}
	return "secrets: with aws_secrets_manager: needs GitLab >= 18.3 and a runner that supports it; configure an id_tokens: " +
		"entry (aud: sts.amazonaws.com) in each job or in default:, the CI/CD variables AWS_REGION and AWS_ROLE_ARN, and an " +
		"IAM role trusting GitLab's OIDC provider allowed secretsmanager:GetSecretValue on the secret"
}

func (gitlabConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	if strings.Contains(f.Secret.Reveal(), "$") {
		return "", StatusNotRewritable, "the value holds $, which GitLab expands in variables; move it by hand"
	}
	if b := strings.ToLower(path.Base(f.File)); b != ".gitlab-ci.yml" && b != ".gitlab-ci.yaml" {
		return EditGitLabSecretIncluded, "", ""
	}
	return EditGitLabSecret, "", ""
}

func (gitlabConsumer) envVar(*finding.Finding, string, binding) string { return "" }

func (gitlabConsumer) shape(_ string, b binding) editRequest {
	if b.secret == "" || b.key == "" {
		return editRequest{}
	}
	// replace is not written: the variable goes, and its job's secrets:
	// names the destination.
	return editRequest{replace: b.secret + "#" + b.key, dest: b}
}

// gitlabKeywords are the top-level keys of a GitLab CI file that are not
// jobs.
var gitlabKeywords = []string{"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
	"before_script", "after_script", "spec", "pages"}

// gitlabEntry is one secrets: entry: the variable and its destination.
type gitlabEntry struct {
	name string
	b    binding
}

// gitlabJob is a job of the file.
type gitlabJob struct {
	name string
	node *yaml.Node
}

// gitlabJobs lists the jobs of a GitLab CI file, hidden ones included. A
// hidden mapping (.name) is a template whatever keys it has: a file
// included by another (or the main file itself) defines templates of
// image, variables and before_script only, which jobs extend.
func gitlabJobs(root *yaml.Node) []gitlabJob {
	var out []gitlabJob
	for i := 0; i+1 < len(root.Content); i += 2 {
		name, v := root.Content[i].Value, root.Content[i+1]
		if slices.Contains(gitlabKeywords, name) && name != "pages" || v.Kind != yaml.MappingNode {
			continue
		}
		if strings.HasPrefix(name, ".") {
			out = append(out, gitlabJob{name, v})
			continue
		}
		for _, k := range []string{"script", "run", "trigger", "extends"} {
			if _, n := mapNode(v, k); n != nil {
				out = append(out, gitlabJob{name, v})
				break
			}
		}
	}
	return out
}

// inheritsGlobal reports whether job reads the global variable name.
func inheritsGlobal(job *yaml.Node, name string) bool {
	if _, own := mapNode(job, "variables"); own != nil {
		if k, _ := mapNode(own, name); k != nil {
			return false
		}
	}
	_, inh := mapNode(job, "inherit")
	_, vars := mapNode(inh, "variables")
	switch {
	case vars == nil:
		return true
	case vars.Kind == yaml.ScalarNode:
		return vars.Value != "false"
	case vars.Kind == yaml.SequenceNode:
		return slices.ContainsFunc(vars.Content, func(n *yaml.Node) bool { return n.Value == name })
	}
	return true
}

// analyse removes each variable and inserts the secrets: blocks of the
// jobs that read it; the result must decode to the original with those
// variables gone and those blocks added.
func (gitlabConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	rejected := map[*editRequest]string{}
	reject := func(why string) ([]*yamlEdit, map[*editRequest]string, []byte) {
		for _, r := range reqs {
			rejected[r] = why
		}
		return nil, rejected, content
	}
	docs, err := parseYAML(content)
	if err != nil || len(docs) != 1 || len(docs[0].Content) != 1 || docs[0].Content[0].Kind != yaml.MappingNode {
		return reject("the file is not a single YAML mapping")
	}
	root := docs[0].Content[0]
	orig, err := genericYAML(content)
	if err != nil {
		return reject(err.Error())
	}
	starts := lineStarts(content)
	jobs := gitlabJobs(root)
	_, global := mapNode(root, "variables")
	_, inc := mapNode(root, "include")
	includes := inc != nil

	type move struct {
		e       *yamlEdit
		vars    *yaml.Node // the variables mapping
		varsKey string     // "" global, else the job
		name    string
		// expanded is the variable's mapping in the expanded form
		// (value, description, …), nil for NAME: value.
		expanded *yaml.Node
		jobs     []gitlabJob
	}
	var moves []*move
	// The local files include: names, read once a global variable moves;
	// included marks their jobs.
	var incs []gitlabIncluded
	var incWhy string
	var incRead bool
	included := map[*yaml.Node]bool{}
	infos := scalars(content, docs)
	byOffset := map[int]scalarInfo{}
	for _, si := range infos {
		byOffset[si.offset] = si
	}
	for _, r := range reqs {
		si, ok := byOffset[r.offset]
		if !ok || si.node.Value != r.value || si.isKey {
			rejected[r] = "only a whole variable value is moved (a secret inside a larger value would need the rest rewritten)"
			continue
		}
		// Which variables: mapping holds it.
		var m move
		find := func(vars *yaml.Node, jobName string) {
			if vars == nil || vars.Kind != yaml.MappingNode {
				return
			}
			for i := 0; i+1 < len(vars.Content); i += 2 {
				v := vars.Content[i+1]
				if _, val := mapNode(v, "value"); v == si.node || val == si.node && v != si.node {
					m.vars, m.varsKey, m.name = vars, jobName, vars.Content[i].Value
					if v != si.node {
						m.expanded = v // NAME: {value: …, description: …}
					}
				}
			}
		}
		find(global, "")
		for _, j := range jobs {
			_, v := mapNode(j.node, "variables")
			find(v, j.name)
		}
		if m.vars == nil {
			rejected[r] = gitlabWhyNot(root, jobs, si.node)
			continue
		}
		if m.varsKey == "" && r.kind == EditGitLabSecretIncluded {
			rejected[r] = "this file is not the pipeline's .gitlab-ci.yml: its global variables reach the jobs of every " +
				"file of the pipeline, whose secrets: cannot be written from here; move the variable to the jobs that read it, " +
				"then remediate again"
			continue
		}
		if m.varsKey == "" && includes {
			if !incRead {
				incs, incWhy = gitlabIncludes(r.dest.root, r.dest.file, inc)
				incRead = true
			}
			why := incWhy
			var readers []gitlabJob
			if why == "" {
				readers, why = gitlabIncludedReaders(root, incs, m.name)
			}
			if why != "" {
				rejected[r] = "jobs of the files this one includes (include:) read global variables too, and " + why
				continue
			}
			for _, j := range readers {
				included[j.node] = true
			}
			m.jobs = readers
		}
		if m.varsKey == "" {
			for _, j := range jobs {
				if !strings.HasPrefix(j.name, ".") && inheritsGlobal(j.node, m.name) {
					m.jobs = append(m.jobs, j)
				}
			}
			if len(m.jobs) == 0 {
				rejected[r] = "no job of this file reads the global variable (it may be read through include: or a template); move it by hand"
				continue
			}
		} else {
			for _, j := range jobs {
				if j.name == m.varsKey {
					m.jobs = []gitlabJob{j}
				}
			}
		}
		// The variable's line goes: key and value on one line, or the
		// lines of its expanded form.
		var e *yamlEdit
		var err error
		if m.expanded != nil {
			e, err = removeExpandedEntry(content, starts, m.vars, m.expanded, si.node, r)
		} else {
			e, err = removeEntryLine(content, starts, m.vars, si.node, r)
		}
		if err != nil {
			rejected[r] = err.Error()
			continue
		}
		m.e = e
		moves = append(moves, &m)
	}

	// Per job: the secrets it gets, in file order of the variables.
	perJob := map[*yaml.Node][]gitlabEntry{}
	var order []gitlabJob
	for _, m := range moves {
		for _, j := range m.jobs {
			if _, ok := perJob[j.node]; !ok {
				order = append(order, j)
			}
			perJob[j.node] = append(perJob[j.node], gitlabEntry{m.name, m.e.req.dest})
		}
	}
	bad := map[*yaml.Node]string{}
	var out []*yamlEdit
	var incOrder []gitlabJob
	for _, j := range order {
		if included[j.node] {
			// An entry of its own at the end of this file.
			if _, err := gitlabIncludedJobsText(nil, []gitlabJob{j}, perJob); err != nil {
				bad[j.node] = err.Error()
			}
			incOrder = append(incOrder, j)
			continue
		}
		if _, sec := mapNode(j.node, "secrets"); sec != nil {
			// Entries go first in the existing block.
			if sec.Kind != yaml.MappingNode || sec.Style&yaml.FlowStyle != 0 || len(sec.Content) == 0 {
				bad[j.node] = "job " + j.name + " has a secrets: that is not a block mapping; add the entry there by hand"
				continue
			}
			if i := slices.IndexFunc(perJob[j.node], func(e gitlabEntry) bool { k, _ := mapNode(sec, e.name); return k != nil }); i >= 0 {
				bad[j.node] = "job " + j.name + " already has a secret named " + perJob[j.node][i].name
				continue
			}
			fo := nodeOffset(content, starts, sec.Content[0])
			ls, _ := lineOf(content, fo)
			ind := string(content[ls:fo])
			if strings.Trim(ind, " ") != "" || len(ind) < 2 {
				bad[j.node] = "job " + j.name + " has a secrets: not written one entry per line"
				continue
			}
			text, err := gitlabSecretEntries(ind, perJob[j.node])
			if err != nil {
				bad[j.node] = err.Error()
				continue
			}
			out = append(out, &yamlEdit{aux: true, kind: EditGitLabSecretsBlock, Offset: ls, End: ls, Replacement: text})
			continue
		}
		if j.node.Style&yaml.FlowStyle != 0 || len(j.node.Content) == 0 {
			bad[j.node] = "job " + j.name + " is not a block mapping"
			continue
		}
		fo := nodeOffset(content, starts, j.node.Content[0])
		ls, _ := lineOf(content, fo)
		ind := string(content[ls:fo])
		if strings.Trim(ind, " ") != "" {
			bad[j.node] = "job " + j.name + " is not written one key per line"
			continue
		}
		text, err := gitlabSecretEntries(ind+"  ", perJob[j.node])
		if err != nil {
			bad[j.node] = err.Error()
			continue
		}
		out = append(out, &yamlEdit{aux: true, kind: EditGitLabSecretsBlock, Offset: ls, End: ls, Replacement: ind + "secrets:\n" + text})
	}
	if len(incOrder) > 0 && len(bad) == 0 {
		text, err := gitlabIncludedJobsText(content, incOrder, perJob)
		if err != nil {
			return reject(err.Error())
		}
		out = append(out, &yamlEdit{aux: true, kind: EditGitLabIncludedJobs, Offset: len(content), End: len(content), Replacement: text})
	}
	var kept []*move
	for _, m := range moves {
		if i := slices.IndexFunc(m.jobs, func(j gitlabJob) bool { return bad[j.node] != "" }); i >= 0 {
			rejected[m.e.req] = bad[m.jobs[i].node]
			continue
		}
		kept = append(kept, m)
		out = append(out, m.e)
	}
	if len(kept) < len(moves) {
		// A job's block lists a variable that no longer moves: plan
		// again without it.
		var again []*editRequest
		for _, m := range kept {
			again = append(again, m.e.req)
		}
		if len(again) == 0 {
			return nil, rejected, content
		}
		edits, rej, after := gitlabConsumer{}.analyse(content, again)
		for r, why := range rej {
			rejected[r] = why
		}
		return edits, rejected, after
	}
	if len(kept) == 0 {
		return nil, rejected, content
	}
	// A variables: mapping left empty goes too.
	emptied := map[*yaml.Node]bool{}
	for _, m := range kept {
		if emptied[m.vars] {
			continue
		}
		n := 0
		for _, o := range kept {
			if o.vars == m.vars {
				n++
			}
		}
		if n*2 == len(m.vars.Content) {
			e, ok := removeKeyLine(content, starts, gitlabVarsKey(root, jobs, m.varsKey), EditGitLabDropVariables)
			if !ok {
				return reject("an emptied variables: key is not on a line of its own")
			}
			emptied[m.vars] = true
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b *yamlEdit) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return a.End - b.End
	})
	after := applyYAMLEdits(content, out)

	want := deepCopy(orig).(map[string]any)
	for _, m := range kept {
		vars := want
		if m.varsKey != "" {
			vars = want[m.varsKey].(map[string]any)
		}
		vm := vars["variables"].(map[string]any)
		delete(vm, m.name)
		if len(vm) == 0 {
			delete(vars, "variables")
		}
	}
	for _, j := range incOrder {
		if _, dup := want[j.name]; dup {
			return reject("job " + j.name + " is also a key of this file")
		}
		want[j.name] = map[string]any{"secrets": gitlabSecretsGeneric(perJob[j.node])}
	}
	for _, j := range order {
		if included[j.node] {
			continue
		}
		job := want[j.name].(map[string]any)
		sec, _ := job["secrets"].(map[string]any)
		if sec == nil {
			sec = map[string]any{}
			job["secrets"] = sec
		}
		maps.Copy(sec, gitlabSecretsGeneric(perJob[j.node]))
	}
	if err := sameGeneric(after, want); err != nil {
		return reject(err.Error())
	}
	return out, rejected, after
}

// gitlabVarsKey returns the key node of the variables: of a job ("" the
// global one).
func gitlabVarsKey(root *yaml.Node, jobs []gitlabJob, job string) *yaml.Node {
	if job == "" {
		k, _ := mapNode(root, "variables")
		return k
	}
	for _, j := range jobs {
		if j.name == job {
			k, _ := mapNode(j.node, "variables")
			return k
		}
	}
	return nil
}

// gitlabSecret is what a secrets: entry holds, decoded.
func gitlabSecret(b binding) (map[string]any, error) {
	if strings.HasPrefix(b.ref, "ref+vault://") {
		mount := vaultMountOf(b)
		if mount == "" || strings.ContainsAny(b.secret+b.key+mount, "@ #:") || strings.Contains(b.key, "/") {
			return nil, errors.New("the secret's name or key cannot be written in GitLab's vault: PATH/FIELD@MOUNT form")
		}
		return map[string]any{"vault": b.secret + "/" + b.key + "@" + mount, "file": false}, nil
	}
	if strings.ContainsAny(b.secret+b.key, " #:") {
		return nil, errors.New("the secret's name or key cannot be written in a secrets: entry")
	}
	return map[string]any{"aws_secrets_manager": map[string]any{"secret_id": b.secret, "field": b.key}, "file": false}, nil
}

func gitlabSecretsGeneric(es []gitlabEntry) map[string]any {
	out := map[string]any{}
	for _, e := range es {
		s, _ := gitlabSecret(e.b)
		out[e.name] = s
	}
	return out
}

// gitlabSecretEntries writes secrets: entries at indentation ind.
func gitlabSecretEntries(ind string, es []gitlabEntry) (string, error) {
	var b strings.Builder
	seen := map[string]bool{}
	for _, e := range es {
		if seen[e.name] {
			return "", errors.New("the job would get " + e.name + " twice")
		}
		seen[e.name] = true
		s, err := gitlabSecret(e.b)
		if err != nil {
			return "", err
		}
		if strings.ContainsAny(e.name, ": #'\"") {
			return "", errors.New("the variable's name cannot be written as a plain key")
		}
		b.WriteString(ind + e.name + ":\n")
		if v, ok := s["vault"]; ok {
			b.WriteString(ind + "  vault: " + v.(string) + "\n")
		} else {
			a := s["aws_secrets_manager"].(map[string]any)
			b.WriteString(ind + "  aws_secrets_manager:\n")
			b.WriteString(ind + "    secret_id: " + a["secret_id"].(string) + "\n")
			b.WriteString(ind + "    field: " + a["field"].(string) + "\n")
		}
		b.WriteString(ind + "  file: false\n")
	}
	return b.String(), nil
}

// removeExpandedEntry plans the removal of a variable written in the
// expanded form, NAME: {value: …, description: …} as a block mapping of
// one-line scalars: from the line of NAME to the end of the mapping's
// last line. The value's spelling is those lines.
func removeExpandedEntry(content []byte, starts []int, vars, expanded, value *yaml.Node, r *editRequest) (*yamlEdit, error) {
	errForm := errors.New("the expanded variable is not a block mapping of one-line values")
	var kn *yaml.Node
	for i := 0; i+1 < len(vars.Content); i += 2 {
		if vars.Content[i+1] == expanded {
			kn = vars.Content[i]
		}
	}
	if kn == nil || expanded.Style&yaml.FlowStyle != 0 || r.offset < 0 || r.end > len(content) || r.offset >= r.end {
		return nil, errForm
	}
	for i := 1; i < len(expanded.Content); i += 2 {
		if n := expanded.Content[i]; n.Kind != yaml.ScalarNode || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || n.Line != expanded.Content[i-1].Line {
			return nil, errForm
		}
	}
	last := expanded.Content[len(expanded.Content)-1]
	lo := nodeOffset(content, starts, last)
	ko := nodeOffset(content, starts, kn)
	if lo < 0 || ko < 0 {
		return nil, errForm
	}
	ls, _ := lineOf(content, ko)
	_, end := lineOf(content, max(lo, r.end-1))
	if strings.TrimLeft(string(content[ls:ko]), " ") != "" || r.end > end {
		return nil, errForm
	}
	w, err := planWhole(value, string(content[r.offset:r.end]), &editRequest{offset: r.offset, end: r.end, value: r.value, replace: "x"})
	if err != nil || w.Spelling.Block != "" {
		return nil, errForm
	}
	e := &yamlEdit{req: r, Offset: ls, End: end, node: value,
		Spelling: Spelling{Prefix: string(content[ls:r.offset]) + w.Spelling.Prefix, Quote: w.Spelling.Quote,
			Suffix: w.Spelling.Suffix + string(content[r.end:end])}}
	if e.Spelling.Spell(r.value) != string(content[ls:end]) {
		return nil, errSpelling
	}
	return e, nil
}

// gitlabWhyNot says why a value that is not in a variables: of the file or
// of a job is not moved.
func gitlabWhyNot(root *yaml.Node, jobs []gitlabJob, value *yaml.Node) string {
	if _, def := mapNode(root, "default"); def != nil {
		if _, vars := mapNode(def, "variables"); vars != nil && containsNode(vars, value) {
			return "GitLab does not accept variables: under default: (its CI schema rejects the file: default config " +
				"contains unknown keys), so no job reads it; move it to the top-level variables: or a job's, then remediate again"
		}
	}
	for _, j := range jobs {
		_, svcs := mapNode(j.node, "services")
		if svcs == nil || svcs.Kind != yaml.SequenceNode {
			continue
		}
		for _, svc := range svcs.Content {
			if _, vars := mapNode(svc, "variables"); vars != nil && containsNode(vars, value) {
				return "a service's variables: go to the service container (job " + j.name + "), which the runner " +
					"gives its public variables only, not the job's secrets: (gitlab-org/gitlab#558268); move it by hand"
			}
		}
	}
	return "only values of variables: (global or of a job, NAME: value) are moved"
}

// containsNode reports whether n is under root.
func containsNode(root, n *yaml.Node) bool {
	if root == n {
		return true
	}
	for _, c := range root.Content {
		if containsNode(c, n) {
			return true
		}
	}
	return false
}

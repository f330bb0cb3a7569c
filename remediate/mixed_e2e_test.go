package remediate_test

// The end-to-end proof of issue 10 on a mixed, labeled tree
// (testdata/remediate/mixed: Kubernetes, kustomize, compose, Spring, Rails,
// Ansible, Helm, CloudFormation, GitLab CI, GitHub Actions, dbt, .env,
// Terraform; LABELS.tsv lists every planted secret and the consumer that
// reads it). Scan -> plan -> apply against kumo and against the Vault dev
// server; the moved fraction per backend and per consumer is logged in
// lines bench/remediate-mixed.sh reads ("MIXED …").

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/joho/godotenv"

	"github.com/secretlint-go/secretlint/internal/testenv"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/awssm"
	"github.com/secretlint-go/secretlint/remediate/vaultkv"
)

const mixedTree = "../testdata/remediate/mixed"

// mixedCounted lists the consumers (LABELS.tsv's names) whose labeled
// secrets count toward the >= 90 % moved bar: every consumer remediate
// has. The others (Ruby code) are logged as "not yet rewritable".
var mixedCounted = []string{
	"k8s-workload", "k8s-secret", "kustomize", "compose", "spring", "spring-properties", "rails", "dotenv",
	"ansible", "gitlab-ci", "github-actions",
	"dbt-profiles", "dbt-project", "dbt-packages", "cloudformation", "vals", "terraform",
}

// mixedNotForBackend: consumers that cannot read a backend at all, left
// out of that backend's bar (CloudFormation's dynamic references read
// Secrets Manager and SSM, not Vault; the plan says so).
var mixedNotForBackend = map[string][]string{"vault": {"cloudformation"}}

// mixedBar is the moved fraction each backend must reach over the counted
// consumers' labeled secrets.
const mixedBar = 0.90

type mixedLabel struct {
	path     string
	line     int
	consumer string
	format   string
}

func readLabels(t *testing.T) []mixedLabel {
	t.Helper()
	f, err := os.Open(filepath.Join(mixedTree, "LABELS.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []mixedLabel
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		n, err := strconv.Atoi(c[1])
		if len(c) != 5 || err != nil || c[2] != "secret" {
			t.Fatalf("LABELS.tsv: bad line %q", sc.Text())
		}
		out = append(out, mixedLabel{path: c[0], line: n, consumer: c[3], format: c[4]})
	}
	if len(out) < 40 {
		t.Fatalf("LABELS.tsv lists %d secrets", len(out))
	}
	return out
}

func TestMixedEndToEndKumo(t *testing.T) {
	_, cfg := testenv.AWS(t)
	// awsRaw: the ExternalSecrets are synced from GetSecretValue's
	// SecretString, as ESO's AWS provider reads it.
	st := awsRaw{Store: awssm.NewFromConfig(cfg, awssm.Options{}), api: secretsmanager.NewFromConfig(cfg)}
	mixedEndToEnd(t, "aws", st, kumoVersions(t, cfg))
}

func TestMixedEndToEndVault(t *testing.T) {
	addr, token := testenv.Vault(t)
	st, err := vaultkv.New(t.Context(), vaultkv.Options{Address: addr, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	mixedEndToEnd(t, "vault", st, vaultVersions(st))
}

func mixedEndToEnd(t *testing.T, backend string, st remediate.Store, versions func(string) int) {
	labels := readLabels(t)
	naming, err := remediate.NewNaming("mixed-e2e", "", "")
	if err != nil {
		t.Fatal(err)
	}
	cr := runConsumerOn(t, mixedTree, st, remediate.PlanOptions{Naming: naming})

	// Moved fraction per consumer, over the labeled secrets.
	moved := map[string]bool{}
	for _, pf := range cr.plan.Files {
		for _, e := range pf.Edits {
			for _, fp := range e.Fingerprints {
				moved[fp] = true
			}
		}
	}
	type tally struct{ moved, labeled int }
	per := map[string]*tally{}
	var counted, countedMoved, countedFound int
	notFor := mixedNotForBackend[backend]
	for _, l := range labels {
		tl := per[l.consumer]
		if tl == nil {
			tl = &tally{}
			per[l.consumer] = tl
		}
		tl.labeled++
		why, ok, found := "not found by the scanner", false, false
		for _, f := range cr.findings {
			if f.File != l.path || f.Line != l.line {
				continue
			}
			found = true
			if moved[f.Fingerprint] {
				ok = true
				break
			}
			why = "found, not in the plan"
			for _, s := range cr.plan.Skipped {
				if s.Fingerprint == f.Fingerprint {
					why = s.Status + ": " + s.Reason
				}
			}
		}
		counts := slices.Contains(mixedCounted, l.consumer) && !slices.Contains(notFor, l.consumer)
		if counts {
			counted++
			if found {
				countedFound++
			}
		}
		if ok {
			tl.moved++
			if counts {
				countedMoved++
			}
			continue
		}
		t.Logf("MIXED notmoved backend=%s consumer=%s %s:%d (%s) reason=%s", backend, l.consumer, l.path, l.line, l.format, why)
	}
	for _, c := range slices.Sorted(maps.Keys(per)) {
		state := "counted"
		switch {
		case slices.Contains(notFor, c):
			state = "not-for-backend"
		case !slices.Contains(mixedCounted, c):
			state = "not-yet-rewritable"
		}
		t.Logf("MIXED consumer backend=%s consumer=%s moved=%d labeled=%d state=%s", backend, c, per[c].moved, per[c].labeled, state)
	}
	var all int
	for _, tl := range per {
		all += tl.moved
	}
	frac := float64(countedMoved) / float64(counted)
	t.Logf("MIXED total backend=%s counted_moved=%d counted=%d fraction=%.3f counted_found=%d all_moved=%d all_labeled=%d findings=%d",
		backend, countedMoved, counted, frac, countedFound, all, len(labels), len(cr.findings))
	// Findings on no labeled line: the scanner's false positives here.
	for _, f := range cr.findings {
		if !slices.ContainsFunc(labels, func(l mixedLabel) bool { return l.path == f.File && l.line == f.Line }) {
			t.Logf("MIXED unlabeled backend=%s %s:%d rule=%s", backend, f.File, f.Line, f.RuleID)
		}
	}
	if frac < mixedBar {
		t.Errorf("%s: moved %d of %d labeled secrets of the counted consumers (%.1f %%), want >= %.0f %%",
			backend, countedMoved, counted, 100*frac, 100*mixedBar)
	}

	// No value in any output: the plan (JSON and as printed, with its
	// diff), the apply report and the journal hold none of the values
	// found, moved or not; the rewritten files, env maps and new files
	// none of the values moved.
	var out bytes.Buffer
	if err := remediate.WritePlan(&out, cr.plan, remediate.ShowOptions{Root: cr.root, Diff: true}); err != nil {
		t.Fatal(err)
	}
	rep, err := json.Marshal(cr.report)
	if err != nil {
		t.Fatal(err)
	}
	journal, err := os.ReadFile(cr.report.Journal)
	if err != nil {
		t.Fatal(err)
	}
	planJSON, err := cr.plan.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string][]byte{"the printed plan": out.Bytes(), "the report": rep, "the journal": journal, "the plan": planJSON} {
		for _, f := range cr.findings {
			if v := f.Secret.Reveal(); len(v) >= 6 && bytes.Contains(text, []byte(v)) {
				t.Errorf("%s holds the value found at %s:%d", what, f.File, f.Line)
			}
		}
	}
	// An env map names no program but the one its directory runs.
	for _, ef := range cr.plan.EnvFiles {
		if !strings.HasPrefix(ef.Path, "analytics/") && strings.Contains(cr.read(t, ef.Path), "dbt") {
			t.Errorf("%s tells the user to run dbt", ef.Path)
		}
	}
	for _, nf := range cr.plan.NewFiles {
		cr.noValues(t, nf.Path, cr.read(t, nf.Path))
	}

	// Every moved value is in the store as it was in the file.
	for _, pf := range cr.plan.Files {
		for _, e := range pf.Edits {
			if e.Secret == "" {
				continue // an edit that moves no value
			}
			want, _ := e.Spelling.Unspell(cr.orig[pf.Path][e.Offset:e.EndOffset])
			en, err := st.Read(t.Context(), e.Secret)
			if err != nil || en.Values[e.Key] != want {
				t.Errorf("%s#%s does not hold the value of %s:%d (%v)", e.Secret, e.Key, pf.Path, e.Line, err)
			}
		}
	}

	// Consumer equivalence of each rewritten file. A file with a labeled
	// secret of a counted consumer must have a checker.
	countedFile := map[string]bool{}
	labelConsumer := map[string]string{} // path -> LABELS.tsv's consumer
	for _, l := range labels {
		if slices.Contains(mixedCounted, l.consumer) {
			countedFile[l.path] = true
		}
		labelConsumer[l.path] = l.consumer
	}
	proven := map[string][2]int{}
	for _, pf := range cr.plan.Files {
		// Tallied under LABELS.tsv's consumer name (k8s-workload and
		// k8s-secret are both the plan's kubernetes).
		c := cmpOr(labelConsumer[pf.Path], pf.Consumer)
		p := proven[c]
		p[1]++
		err := cr.equivalent(t, pf)
		switch {
		case errors.Is(err, errNoCheckerWritten) && countedFile[pf.Path]:
			t.Errorf("%s: %v; a counted consumer's files must be proven (add its checker to equivalent)", pf.Path, err)
		case errors.Is(err, errNoChecker):
			t.Logf("MIXED equiv backend=%s consumer=%s file=%s result=unchecked (%v)", backend, pf.Consumer, pf.Path, err)
		case err != nil:
			t.Errorf("%s (%s) is not equal in meaning to the original: %v", pf.Path, pf.Consumer, err)
			t.Logf("MIXED equiv backend=%s consumer=%s file=%s result=DIFFERS", backend, pf.Consumer, pf.Path)
		default:
			p[0]++
			t.Logf("MIXED equiv backend=%s consumer=%s file=%s result=equal", backend, pf.Consumer, pf.Path)
		}
		proven[c] = p
	}
	for _, c := range slices.Sorted(maps.Keys(proven)) {
		t.Logf("MIXED equivtotal backend=%s consumer=%s equal=%d rewritten=%d", backend, c, proven[c][0], proven[c][1])
	}

	// A rerun: a new plan is empty, and resuming the finished journal
	// writes no new version of any secret.
	before := map[string]int{}
	for _, pf := range cr.plan.Files {
		for _, e := range pf.Edits {
			if e.Secret != "" {
				before[e.Secret] = versions(e.Secret)
			}
		}
	}
	if _, err := remediate.Resume(t.Context(), cr.report.Journal, applyOpts(cr.root, st)); err != nil {
		t.Fatal(err)
	}
	for name, n := range before {
		if n == 0 {
			t.Errorf("%s has no version in the store", name)
		}
		if got := versions(name); got != n {
			t.Errorf("%s: %d versions after the rerun, %d before", name, got, n)
		}
	}
	// finish: no value in the rewritten files and env maps, a second
	// plan empty, rollback byte-exact with the created files removed.
	cr.finish(t, "")
}

var errNoChecker = errors.New("no equivalence checker for this consumer here")

// errNoCheckerWritten: no checker exists in the tests for the consumer
// (a test to write), not a tool missing on this machine (which the
// checkers report as errNoChecker, and make fatal under
// SECRETLINT_REQUIRE_…).
var errNoCheckerWritten = fmt.Errorf("%w: none is written", errNoChecker)

// equivalent checks that a rewritten file, read by its consumer with the
// env map next to it (or the store), means what the original meant. It
// calls each consumer test's own checker.
func (cr *consumerRun) equivalent(t *testing.T, pf *remediate.PlanFile) error {
	orig, rewritten := cr.orig[pf.Path], cr.read(t, pf.Path)
	env := cr.env[path.Dir(pf.Path)]
	origFile := filepath.Join(t.TempDir(), path.Base(pf.Path))
	if err := os.WriteFile(origFile, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	rewrittenFile := filepath.Join(cr.root, filepath.FromSlash(pf.Path))
	same := func(want, got map[string]string) error {
		for _, k := range slices.Sorted(maps.Keys(want)) {
			if got[k] != want[k] {
				return fmt.Errorf("%s reads another value", k)
			}
		}
		if len(got) != len(want) {
			return fmt.Errorf("%d values, want %d", len(got), len(want))
		}
		return nil
	}
	// sameYAML compares the original with a resolved YAML text, scalar
	// by scalar.
	sameYAML := func(resolved string) error {
		want, err := flattenYAML(orig)
		if err != nil {
			return err
		}
		got, err := flattenYAML(resolved)
		if err != nil {
			return err
		}
		return same(want, got)
	}
	switch pf.Consumer {
	case "compose":
		want, err := loadCompose(t, origFile, nil)
		if err != nil {
			return fmt.Errorf("the original does not load: %w", err)
		}
		got, err := loadCompose(t, rewrittenFile, env)
		if err != nil {
			return fmt.Errorf("does not load with the env map: %w", err)
		}
		if strings.ReplaceAll(want, filepath.Dir(origFile), "DIR") != strings.ReplaceAll(got, filepath.Dir(rewrittenFile), "DIR") {
			return errors.New("compose-go loads another project")
		}
		return nil
	case "spring", "spring-properties":
		load := springProps
		if pf.Consumer == "spring" {
			load = springYAMLProps
		}
		want, err := resolveAll(load(t, orig), nil)
		if err != nil {
			return fmt.Errorf("the original does not resolve: %w", err)
		}
		got, err := resolveAll(load(t, rewritten), env)
		if err != nil {
			return err
		}
		return same(want, got)
	case "rails":
		if _, err := exec.LookPath("ruby"); err != nil && os.Getenv("SECRETLINT_REQUIRE_RUBY") == "" {
			return fmt.Errorf("%w: ruby is not installed (scripts/tools.sh ruby)", errNoChecker)
		}
		ruby := findRuby(t)
		want, err := railsRender(t, ruby, origFile, nil)
		if err != nil {
			return fmt.Errorf("the original does not render: %w", err)
		}
		got, err := railsRender(t, ruby, rewrittenFile, env)
		if err != nil {
			return err
		}
		if got != want {
			return errors.New("ERB and YAML give other data")
		}
		return nil
	case "dotenv":
		want, err := godotenv.Unmarshal(orig)
		if err != nil {
			return err
		}
		got, err := remediate.ResolveDotenv(t.Context(), []byte(rewritten), "secret", cr.open)
		if err != nil {
			return err
		}
		return same(want, got)
	case "dbt-profiles", "dbt-project", "dbt-packages":
		want, err := dbtRender(orig, nil)
		if err != nil {
			return err
		}
		got, err := dbtRender(rewritten, env)
		if err != nil {
			return err
		}
		return same(want, got)
	case "cloudformation":
		var rerr error
		resolved := cfnDynamicRef.ReplaceAllStringFunc(rewritten, func(ref string) string {
			m := cfnDynamicRef.FindStringSubmatch(ref)
			e, err := cr.store.Read(t.Context(), m[1])
			v, ok := e.Values[m[2]]
			if err != nil || !ok {
				rerr = fmt.Errorf("%s does not resolve: %w", ref, err)
			}
			return v
		})
		if rerr != nil {
			return rerr
		}
		return sameYAML(resolved)
	case "vals":
		// vals eval, as helmfile runs it: each ref+… replaced by the
		// store's value (ResolveEnv reads the references as
		// `secretlint exec` and vals do).
		refs := map[string]string{}
		for i, r := range valsRefToken.FindAllString(rewritten, -1) {
			refs[fmt.Sprintf("R%d", i)] = r
		}
		vals, err := remediate.ResolveEnv(t.Context(), refs, "secret", cr.open)
		if err != nil {
			return err
		}
		i := 0
		resolved := valsRefToken.ReplaceAllStringFunc(rewritten, func(string) string {
			v := vals[fmt.Sprintf("R%d", i)]
			i++
			return v
		})
		return sameYAML(resolved)
	case "kubernetes", "kustomize":
		// kustomize renders directories: the Kubernetes part of the tree
		// is proven once (the cluster view before and after equal), and
		// each of its files counts as proven when that passes.
		return cr.k8sTreeSame(t)
	case "ansible":
		a, ok := cr.proofs["ansible"].(*ansibleRunner)
		if !ok {
			var err error
			if a, err = newAnsibleRunner(t, cr, cr.store.Kind()); err != nil {
				return err
			}
			cr.proofs["ansible"] = a
		}
		n, err := a.same(t, pf.Path, orig, rewritten)
		if err == nil && n == 0 {
			err = errors.New("ansible rendered no variable of it")
		}
		return err
	case "actions", "gitlab":
		check, view := func() error { return gitlabSchemaErrors(t, rewritten) }, ciView(gitlabView)
		if pf.Consumer == "actions" {
			check, view = func() error { return actionlintErrors(t, pf.Path, rewritten) }, actionsView
		}
		if err := check(); err != nil {
			return err
		}
		// What each job (GitLab) or step (Actions) is given, with the
		// secrets the CI system reads from the store.
		return ciSame(t.Context(), view, orig, rewritten, cr.store)
	case "terraform":
		// Terraform cannot run here (no providers): the file must parse,
		// and each TF_VAR_ variable of the env map must carry the default
		// it replaces. remediate/tfrewrite's tests evaluate the rewritten
		// expressions with HCL.
		if _, diags := hclsyntax.ParseConfig([]byte(rewritten), pf.Path, hcl.InitialPos); diags.HasErrors() {
			return fmt.Errorf("does not parse: %w", diags)
		}
		// Each moved value is read either through a TF_VAR_ variable
		// (which must carry it) or through a data/ephemeral block naming
		// its secret and key (whose stored value is checked above).
		for _, e := range pf.Edits {
			if e.Secret == "" {
				continue
			}
			viaVar := false
			for v := range env {
				name, ok := strings.CutPrefix(v, "TF_VAR_")
				if ok && (e.Key == name || strings.HasPrefix(e.Key, "variable."+name+".")) {
					want, _ := e.Spelling.Unspell(orig[e.Offset:e.EndOffset])
					if env[v] != want {
						return fmt.Errorf("%s does not carry the value it replaces", v)
					}
					viaVar = true
				}
			}
			if !viaVar && (!strings.Contains(rewritten, `["`+e.Key+`"]`) || !strings.Contains(rewritten, `"`+e.Secret+`"`)) {
				return fmt.Errorf("%s:%d: neither a TF_VAR_ variable nor a read of %s#%s", pf.Path, e.Line, e.Secret, e.Key)
			}
		}
		return nil
	}
	return fmt.Errorf("%w (%s)", errNoCheckerWritten, pf.Consumer)
}

// k8sTreeSame proves the Kubernetes part of the tree once: the smallest
// directory holding every file of the kubernetes and kustomize consumers,
// rendered before and after (kubectl kustomize), gives the cluster the
// same Secrets and workload env (k8sSame).
func (cr *consumerRun) k8sTreeSame(t *testing.T) error {
	if err, ok := cr.proofs["kubernetes"].(error); ok {
		return err
	}
	if _, ok := cr.proofs["kubernetes"]; ok {
		return nil
	}
	err := func() error {
		schema, err := esoSchemaOrMissing(t)
		if err != nil {
			return err
		}
		kubectl := kubectlPath(t)
		if kubectl == "" {
			return fmt.Errorf("%w: kubectl is not installed (apt-get install kubernetes-client)", errNoChecker)
		}
		dir := ""
		for _, pf := range cr.plan.Files {
			if pf.Consumer != "kubernetes" && pf.Consumer != "kustomize" {
				continue
			}
			d := path.Dir(pf.Path)
			if dir == "" {
				dir = d
			}
			for dir != "." && d != dir && !strings.HasPrefix(d, dir+"/") {
				dir = path.Dir(dir)
			}
		}
		pr, err := k8sSame(t, cr.origTree(t, dir), filepath.Join(cr.root, filepath.FromSlash(dir)), cr.store, cr.store.Kind(), schema, kubectl)
		t.Logf("MIXED k8s backend=%s dir=%s externalsecrets=%d secrets=%d env=%d", cr.store.Kind(), dir, pr.externalSecrets, pr.secrets, pr.env)
		if err == nil && (pr.secrets == 0 || pr.env == 0) {
			err = fmt.Errorf("%s: nothing compared (%d Secrets, %d env entries)", dir, pr.secrets, pr.env)
		}
		return err
	}()
	cr.proofs["kubernetes"] = err
	return err
}

// valsRefToken is a vals reference as remediation writes it in YAML.
var valsRefToken = regexp.MustCompile(`ref\+(?:awssecrets|vault)://[^\s"'#]+#/[A-Za-z0-9._-]+\+?`)

func (cr *consumerRun) open(context.Context, string, string) (remediate.Store, error) {
	return cr.store, nil
}

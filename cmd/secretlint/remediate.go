package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/internal/atomicfile"
	"github.com/secretlint-go/secretlint/remediate"
	"github.com/secretlint-go/secretlint/remediate/awssm"
	"github.com/secretlint-go/secretlint/remediate/vaultkv"
	"github.com/secretlint-go/secretlint/report"
	"github.com/secretlint-go/secretlint/rules"
)

// scanFunc finds the secrets remediation works on: the files under root
// (or the given paths, relative to root), with File relative to root.
type scanFunc func(ctx context.Context, root string, paths []string, cfg *rules.Config) ([]finding.Finding, error)

// storeFlags are the backend flags shared by remediate and exec.
type storeFlags struct {
	backend, region, profile, endpoint, kmsKeyID, mount string
}

func (s *storeFlags) register(fs *flag.FlagSet, withBackend bool) {
	if withBackend {
		fs.StringVar(&s.backend, "backend", "", "secret store: `aws` (Secrets Manager) or vault (KV v2)")
		fs.StringVar(&s.kmsKeyID, "kms-key-id", "", "AWS: KMS key (ID, ARN or alias) for the secrets created (default: the account's aws/secretsmanager key)")
	}
	fs.StringVar(&s.region, "region", "", "AWS: region (default: AWS_REGION or the profile's)")
	fs.StringVar(&s.profile, "profile", "", "AWS: shared config profile (default: AWS_PROFILE)")
	fs.StringVar(&s.endpoint, "endpoint", "", "AWS: Secrets Manager endpoint URL (default: AWS_ENDPOINT_URL), for emulators")
	fs.StringVar(&s.mount, "mount", "secret", "Vault: KV v2 mount (address, token and namespace come from VAULT_ADDR, VAULT_TOKEN or ~/.vault-token, VAULT_NAMESPACE)")
}

// openStore connects to a backend.
func openStore(ctx context.Context, e *env, s storeFlags, kind, where string) (remediate.Store, error) {
	switch kind {
	case "aws":
		region := s.region
		if where != "" {
			region = where
		}
		endpoint := s.endpoint
		if endpoint == "" {
			endpoint = e.getenv("AWS_ENDPOINT_URL")
		}
		return awssm.New(ctx, awssm.Options{Region: region, Profile: s.profile, Endpoint: endpoint, KMSKeyID: s.kmsKeyID})
	case "vault":
		mount := s.mount
		if where != "" {
			mount = where
		}
		return vaultkv.New(ctx, vaultkv.Options{
			Address: e.getenv("VAULT_ADDR"), Token: e.getenv("VAULT_TOKEN"), Namespace: e.getenv("VAULT_NAMESPACE"), Mount: mount,
		})
	}
	return nil, usageErrorf("unknown backend %q: use --backend aws or --backend vault", kind)
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

const remediateSynopsis = `--backend aws|vault [flags] [path ...]

Moves the secrets found under the paths (default: the whole tree) into AWS
Secrets Manager or Vault KV v2 and rewrites the files to reference them.
Without --apply it only prints the plan: every finding's destination and
reference, what is not rewritable and why, and a diff with every secret
redacted. The README describes naming, rewrites and the journal.

  secretlint remediate --backend vault .                 # dry run
  secretlint remediate --backend aws --apply --yes .     # store, verify, rewrite
  secretlint remediate --backend aws --plan-out plan.json && secretlint remediate --plan-in plan.json --apply
  secretlint remediate --resume                          # finish a stopped run
  secretlint remediate --rollback .secretlint/journal/ID.jsonl

Exit codes: 0 nothing left to do (a clean tree, or an apply that moved every
finding); 1 findings remain (a dry run with a non-empty plan, or an apply or
plan that left findings not rewritable, conflicting or changed); 2 usage,
configuration, store or file errors (a stopped apply can be resumed).`

// remediateCommand returns the remediate command using scan to find
// secrets.
func remediateCommand(scan scanFunc) func(ctx context.Context, e *env, args []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		return runRemediate(ctx, e, args, scan)
	}
}

func runRemediate(ctx context.Context, e *env, args []string, scan scanFunc) error {
	fs := newFlagSet(e, "remediate", remediateSynopsis)
	var (
		sf                                                   storeFlags
		apply, yes, overwrite, resume, noDiff, publicSalt    bool
		noRepoConfig, goEager                                bool
		only, exclude, consumers, skipConsumers              stringList
		refMode, k8sStore, k8sStoreKind, ansibleLookup       string
		root, configPath, prefix, nameTmpl, dbtTmpl, envName string
		planOut, planIn, journal, rollback                   string
	)
	sf.register(fs, true)
	fs.BoolVar(&apply, "apply", false, "carry the plan out (default: print it only)")
	fs.BoolVar(&yes, "yes", false, "do not ask for confirmation on a terminal")
	fs.BoolVar(&overwrite, "overwrite", false, "replace a stored key that holds a different value (default: report it as a conflict and leave its places alone)")
	fs.Var(&only, "only", "remediate only findings of this rule ID, path, directory or glob (repeatable)")
	fs.Var(&exclude, "exclude", "leave out findings of this rule ID, path, directory or glob (repeatable)")
	fs.StringVar(&refMode, "refs", remediate.RefsNative, "reference `form`: native (each file gets the reference its own program resolves: "+
		"compose interpolation, dbt env_var, CloudFormation dynamic references, …) or vals (ref+… in every YAML file, for trees that helmfile or vals renders)")
	fs.Var(&consumers, "consumer", "rewrite only files of this consumer (repeatable; one of "+strings.Join(remediate.ConsumerNames(), ", ")+")")
	fs.StringVar(&ansibleLookup, "ansible-aws-lookup", "aws_secret", "amazon.aws lookup `name` written into Ansible files: aws_secret "+
		"(amazon.aws 5.x, Debian 12's ansible) or secretsmanager_secret (amazon.aws >= 6)")
	fs.Var(&skipConsumers, "skip-consumer", "leave files of this consumer as they are (repeatable)")
	fs.StringVar(&k8sStore, "k8s-store", remediate.DefaultK8sStore, "`name` of the External Secrets store that the ExternalSecrets written for Kubernetes manifests and kustomize generators read from")
	fs.StringVar(&k8sStoreKind, "k8s-store-kind", "SecretStore", "`kind` of that store: SecretStore (one per namespace) or ClusterSecretStore")
	fs.StringVar(&root, "C", ".", "root `directory`: paths are relative to it, and finding paths, secret names and the journal too")
	fs.StringVar(&configPath, "config", "", "configuration file (default: .secretlint.yaml in the root)")
	fs.StringVar(&prefix, "prefix", remediate.DefaultPrefix, "first segment of every secret name")
	fs.StringVar(&nameTmpl, "name-template", remediate.DefaultNameTemplate, "Go template naming a file's secret; fields .Prefix .Path .PathNoExt .Dir .Base .Ext .Format .RuleID")
	fs.StringVar(&dbtTmpl, "dbt-name-template", remediate.DefaultDBTNameTemplate, "Go template naming a dbt target's secret; also .Profile .Target")
	fs.StringVar(&envName, "env-file", remediate.DefaultEnvFileName, "name of the env map written next to each dbt profiles.yml")
	fs.StringVar(&planOut, "plan-out", "", "write the plan (JSON, no secret values) to `file`")
	fs.StringVar(&planIn, "plan-in", "", "use the plan in `file` instead of scanning")
	fs.StringVar(&journal, "journal", "", "journal `file` (default: <root>/"+remediate.JournalDir+"/<plan-id>.jsonl)")
	fs.BoolVar(&resume, "resume", false, "finish the run recorded in --journal (default: the newest unfinished journal)")
	fs.StringVar(&rollback, "rollback", "", "restore the files changed by the run recorded in journal `file`")
	fs.BoolVar(&noDiff, "no-diff", false, "do not print the redacted diffs")
	var pf policyFlags
	pf.register(fs)
	fs.BoolVar(&noRepoConfig, "no-repo-config", false, noRepoConfigUsage)
	fs.BoolVar(&publicSalt, "allow-default-salt", false, "accept a --plan-in plan authenticated only by the public default salt, or by a salt from the repository's own configuration (anyone can forge such a plan)")
	fs.BoolVar(&goEager, "go-eager", false, "read package-level Go secrets when the program starts (secretref.MustGet) instead of at each use (secretref.Lazy)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case rollback != "" && (apply || resume || planIn != "" || planOut != ""):
		return usageErrorf("remediate: --rollback cannot be combined with --apply, --resume, --plan-in or --plan-out")
	case resume && (planIn != "" || planOut != ""):
		return usageErrorf("remediate: --resume takes the plan from the journal; drop --plan-in/--plan-out")
	case planIn != "" && fs.NArg() > 0:
		return usageErrorf("remediate: --plan-in takes no paths (the plan names its files)")
	}
	if refMode != remediate.RefsNative && refMode != remediate.RefsVals {
		return usageErrorf("remediate: --refs takes native or vals, not %q", refMode)
	}
	cfg, err := rules.LoadConfigWith(root, configPath, !noRepoConfig)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("loading the configuration: %w", err)}
	}
	opts := remediate.ApplyOptions{Root: root, Salt: cfg.Salt, Overwrite: overwrite, JournalPath: journal, Progress: e.stderr, Go: goEngine(apply, goEager)}
	if opts.Policies, err = pf.writer(root, sf.kmsKeyID); err != nil {
		return usageErrorf("remediate: %v", err)
	}
	if opts.JournalKey, err = journalKey(e); err != nil {
		return &exitError{code: ExitError, err: err}
	}

	// Rollback and resume: the plan is in the journal.
	if rollback != "" || resume {
		jp := rollback
		if resume {
			jp = journal
			if jp == "" {
				if jp, err = remediate.FindUnfinishedJournal(root, opts); err != nil {
					return &exitError{code: ExitError, err: err}
				}
			}
		}
		p, err := remediate.PlanFromJournal(jp, opts)
		if err != nil {
			return &exitError{code: ExitError, err: err}
		}
		if resume {
			// The plan comes from a file: show it and ask, as --apply does.
			header := "Resuming the run recorded in " + report.Clean(jp) + ":"
			if err := remediate.WritePlan(e.stdout, p, remediate.ShowOptions{Root: root, Header: header, Salt: cfg.Salt}); err != nil {
				return &exitError{code: ExitError, err: err}
			}
			if err := confirm(e, yes, fmt.Sprintf("\nResume: store %d secrets and rewrite %d files? [y/N] ", len(p.Secrets), len(p.Files)), "not resumed"); err != nil {
				return err
			}
		}
		if sf.backend != "" && sf.backend != p.Backend {
			return usageErrorf("remediate: the journal's plan is for --backend %s", p.Backend)
		}
		sf.backend = p.Backend
		if opts.Store, err = openStore(ctx, e, sf, p.Backend, ""); err != nil {
			return storeError(err)
		}
		var rep *remediate.Report
		if rollback != "" {
			rep, err = remediate.Rollback(ctx, jp, opts)
		} else {
			rep, err = remediate.Resume(ctx, jp, opts)
		}
		return finish(e, p, rep, err, rollback != "")
	}

	var p *remediate.Plan
	if planIn != "" {
		data, err := os.ReadFile(planIn)
		if err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("reading the plan: %w", err)}
		}
		if err := planSaltTrusted(cfg, configPath == "" && !noRepoConfig, publicSalt); err != nil {
			return err
		}
		if p, err = remediate.ReadPlan(data, cfg.Salt); err != nil {
			return &exitError{code: ExitError, err: err}
		}
		if sf.backend != "" && sf.backend != p.Backend {
			return usageErrorf("remediate: the plan is for --backend %s", p.Backend)
		}
		sf.backend = p.Backend
	} else {
		if sf.backend != "aws" && sf.backend != "vault" {
			return usageErrorf("remediate: --backend aws or --backend vault is required")
		}
		naming, err := remediate.NewNaming(prefix, nameTmpl, dbtTmpl)
		if err != nil {
			return usageErrorf("remediate: %v", err)
		}
		findings, err := scan(ctx, root, fs.Args(), cfg)
		if err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("scanning: %w", err)}
		}
		p, err = remediate.NewPlan(ctx, findings, remediate.PlanOptions{
			Root: root, Refs: remediate.RefSyntax{Backend: sf.backend, Mount: sf.mount}, Naming: naming,
			EnvFileName: envName, Salt: cfg.Salt, Only: only, Exclude: exclude, Go: opts.Go,
			RefMode: refMode, Consumers: consumers, SkipConsumers: skipConsumers, AnsibleAWSLookup: ansibleLookup,
			K8sStore: k8sStore, K8sStoreKind: k8sStoreKind,
		})
		if errors.Is(err, remediate.ErrUnknownConsumer) || errors.Is(err, remediate.ErrK8sStore) {
			return usageErrorf("remediate: %v", err)
		}
		if err != nil {
			return &exitError{code: ExitError, err: err}
		}
	}
	if planOut != "" {
		b, err := p.MarshalIndent()
		if err == nil {
			// A plan says where every secret is: 0600, like a journal.
			err = atomicfile.Write(planOut, b, 0o600)
		}
		if err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("writing the plan: %w", err)}
		}
	}
	header := "Dry run: nothing is stored or written; --apply carries this plan out."
	if apply {
		header = ""
	}
	if err := remediate.WritePlan(e.stdout, p, remediate.ShowOptions{Root: root, Diff: !noDiff, Header: header, Salt: cfg.Salt}); err != nil {
		return &exitError{code: ExitError, err: err}
	}
	if !apply {
		if p.Empty() && len(p.Skipped) == 0 {
			return nil
		}
		fmt.Fprintf(e.stdout, "\nNothing was changed. Exit status 1: findings remain.\n")
		return errFindings
	}
	if p.Empty() {
		if len(p.Skipped) > 0 {
			return errFindings
		}
		return nil
	}
	if err := confirm(e, yes, fmt.Sprintf("\nStore %d secrets and rewrite %d files? [y/N] ", len(p.Secrets), len(p.Files)), "not applied"); err != nil {
		return err
	}
	if opts.Store, err = openStore(ctx, e, sf, sf.backend, ""); err != nil {
		return storeError(err)
	}
	rep, err := remediate.Apply(ctx, p, opts)
	return finish(e, p, rep, err, false)
}

// confirm asks question on a terminal (unless yes) and fails with no
// unless the answer is yes.
func confirm(e *env, yes bool, question, no string) error {
	if yes || !isTerminal(e.stdin) {
		return nil
	}
	fmt.Fprint(e.stdout, question)
	answer, _ := bufio.NewReader(e.stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return &exitError{code: ExitError, err: errors.New(no)}
	}
	return nil
}

// planSaltTrusted refuses to authenticate a --plan-in plan with a salt
// that anyone may know: the public default, or one the repository's own
// configuration sets (the repository is what the plan edits).
func planSaltTrusted(cfg *rules.Config, repoConfig, allow bool) error {
	if allow {
		return nil
	}
	switch {
	case cfg.SaltSource == rules.SaltDefault:
		return &exitError{code: ExitError, err: errors.New("--plan-in: the plan is authenticated by the fingerprint salt, and none is set (the default salt is public, so anyone could forge a plan): " +
			"set the same secret SECRETLINT_FINGERPRINT_SALT in the job that made the plan and in this one, or pass --allow-default-salt to accept an unauthenticated plan")}
	case cfg.SaltSource == rules.SaltFile && repoConfig:
		return &exitError{code: ExitError, err: fmt.Errorf("--plan-in: the fingerprint salt comes from %s, which whoever writes the repository controls, so it cannot authenticate the plan: "+
			"set SECRETLINT_FINGERPRINT_SALT instead, or pass --allow-default-salt", report.Clean(cfg.Path))}
	}
	return nil
}

// journalKey returns this machine's journal key, kept under
// $XDG_STATE_HOME/secretlint (default ~/.local/state/secretlint), outside
// the tree; nil when neither is set (the journals are then keyed by the
// fingerprint salt only).
func journalKey(e *env) ([]byte, error) {
	dir := e.getenv("XDG_STATE_HOME")
	if dir == "" {
		if home := e.getenv("HOME"); home != "" {
			dir = filepath.Join(home, ".local", "state")
		}
	}
	if dir == "" {
		fmt.Fprintln(e.stderr, "secretlint: notice: neither XDG_STATE_HOME nor HOME is set: journals are authenticated by the fingerprint salt only")
		return nil, nil
	}
	return remediate.MachineKey(filepath.Join(dir, "secretlint"))
}

// finish prints the outcome of an apply, resume or rollback and maps it
// to an exit code.
func finish(e *env, p *remediate.Plan, rep *remediate.Report, err error, rollback bool) error {
	if rep != nil {
		printReport(e.stdout, rep)
		if !rollback {
			if werr := remediate.WriteRotationChecklist(e.stdout, p, rep); werr != nil && err == nil {
				err = werr
			}
		}
	}
	if err != nil {
		msg := err
		if rep != nil && !rollback {
			msg = fmt.Errorf("%w\nthe run stopped; after fixing the cause, finish it with: secretlint remediate --resume --journal %s", err, rep.Journal)
		}
		return &exitError{code: ExitError, err: msg}
	}
	switch {
	case rollback && !rep.Complete:
		fmt.Fprintf(e.stdout, "\nSome files could not be restored (see above); exit status 1.\n")
		return errFindings
	case rollback:
		return nil
	case !rep.Complete:
		fmt.Fprintf(e.stdout, "\nSome values were not moved (see above); after fixing the cause, run again or resume with --resume --journal %s. Exit status 1.\n", rep.Journal)
		return errFindings
	case len(p.Skipped) > 0:
		fmt.Fprintf(e.stdout, "\n%d findings are left in place (listed under \"Not rewritten\"); exit status 1.\n", len(p.Skipped))
		return errFindings
	}
	return nil
}

func printReport(w io.Writer, rep *remediate.Report) {
	fmt.Fprintf(w, "\nJournal: %s\n", report.Clean(rep.Journal))
	for _, s := range rep.Secrets {
		var parts []string
		if len(s.Written) > 0 {
			parts = append(parts, "stored "+strings.Join(s.Written, ", "))
		}
		if len(s.Present) > 0 {
			parts = append(parts, "already stored "+strings.Join(s.Present, ", "))
		}
		for k, why := range s.Skipped {
			parts = append(parts, "skipped "+k+": "+why)
		}
		fmt.Fprintf(w, "  secret %s: %s\n", report.Clean(s.Name), report.Clean(strings.Join(parts, "; ")))
	}
	for _, list := range [][]*remediate.FileReport{rep.EnvFiles, rep.Files, rep.Policies} {
		for _, f := range list {
			if f.Reason != "" {
				fmt.Fprintf(w, "  %s: %s (%s)\n", report.Clean(f.Path), f.Status, report.Clean(f.Reason))
			} else {
				fmt.Fprintf(w, "  %s: %s\n", report.Clean(f.Path), f.Status)
			}
		}
	}
}

// storeError explains a failure to connect.
func storeError(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return &exitError{code: ExitError, err: fmt.Errorf("connecting to the store: %w", err)}
}

// isTerminal reports whether r is a character device (a terminal).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

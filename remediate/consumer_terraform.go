package remediate

import (
	"path"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/remediate/tfrewrite"
)

// terraformConsumer is Terraform reading .tf, .tfvars and .tfvars.json
// files (found by scan/terraform, format "terraform"). A value becomes a
// read from the store that Terraform resolves itself: a write-only
// argument fed by an ephemeral block where the resource has one
// (password_wo, Terraform ≥ 1.11), an ephemeral block in a provider, a
// data source elsewhere (the value then lands in the state); a variable's
// default or a .tfvars value moves to the env map as TF_VAR_name. The
// analysis is remediate/tfrewrite.
type terraformConsumer struct{}

func (terraformConsumer) name() string { return "terraform" }

func (terraformConsumer) claims(f *finding.Finding, _ *planEnv) bool {
	return f.Meta["format"] == "terraform" && tfrewrite.FileKind(f.File) != ""
}

// envFile gives a .tfvars or .tfvars.json file an env map of its own
// (prod.tfvars -> prod.secretlint.env.yaml): each such file is one
// environment's values, and two of them in one directory set the same
// TF_VAR_ differently. Other files use their directory's env map.
func (terraformConsumer) envFile(file, defaultName string) string {
	base := path.Base(file)
	for _, ext := range []string{".tfvars.json", ".tfvars"} {
		if stem, ok := strings.CutSuffix(base, ext); ok && stem != "" && stem != "terraform" && !strings.HasSuffix(stem, ".auto") {
			return path.Join(path.Dir(file), stem+"."+defaultName)
		}
	}
	return path.Join(path.Dir(file), defaultName)
}

func (terraformConsumer) needs(o *planEnv) string {
	store := "the hashicorp/aws provider with credentials allowed secretsmanager:GetSecretValue on the secrets"
	if o.backend == "vault" {
		store = "the hashicorp/vault provider (>= 4.7 for ephemeral vault_kv_secret_v2) with VAULT_ADDR and a token that can read the secrets"
	}
	return "Terraform reads the values itself through the data and ephemeral blocks the rewrite adds: it needs " + store +
		"; write-only arguments (password_wo …) need Terraform >= 1.11 and a provider that has them, ephemeral blocks Terraform >= 1.10; " +
		"values read through a data source are stored in the Terraform state; variables moved to the env map (TF_VAR_…) need " +
		"`secretlint exec -- terraform apply`; a .tfvars file's values go to an env map named after it " +
		"(`secretlint exec --env-file envs/prod.secretlint.env.yaml -- terraform apply` instead of -var-file=envs/prod.tfvars for them)"
}

func (terraformConsumer) prepare(f *finding.Finding, _ *planEnv) (string, string, string) {
	kind, reason := tfrewrite.Classify(f.File, f.Meta)
	if reason != "" {
		return "", StatusNotRewritable, reason
	}
	return kind, "", ""
}

func (terraformConsumer) envVar(f *finding.Finding, kind string, _ binding) string {
	if !tfrewrite.EnvKind(kind) || f.Meta["tf.name"] == "" {
		return ""
	}
	return "TF_VAR_" + f.Meta["tf.name"]
}

// tfStore recovers the store of a binding from its vals reference
// (AWSRef, VaultRef).
func tfStore(b binding) tfrewrite.Store {
	if rest, ok := strings.CutPrefix(b.ref, "ref+vault://"); ok {
		mount := strings.TrimSuffix(rest, "/"+b.secret+"#/"+b.key)
		return tfrewrite.Store{Backend: "vault", Mount: mount}
	}
	return tfrewrite.Store{Backend: "aws"}
}

func (terraformConsumer) shape(kind string, b binding) editRequest {
	r := editRequest{dest: b}
	switch {
	case tfrewrite.EnvKind(kind):
		r.replace = b.envVar // the line goes; the variable names the edit
	case b.secret != "":
		mode := "data"
		if kind != tfrewrite.KindData {
			mode = "ephemeral"
		}
		r.replace = tfrewrite.Ref(mode, b.secret, b.key, tfStore(b))
	}
	return r
}

func (terraformConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	treqs := make([]tfrewrite.Request, len(reqs))
	var st tfrewrite.Store
	for i, r := range reqs {
		treqs[i] = tfrewrite.Request{Offset: r.offset, End: r.end, Value: r.value, Kind: r.kind, Secret: r.dest.secret, Key: r.dest.key}
		if r.dest.ref != "" {
			st = tfStore(r.dest)
		}
	}
	edits, rejected, after := tfrewrite.Analyse(content, treqs, st)
	out := make([]*yamlEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, &yamlEdit{req: reqs[e.Req], Offset: e.Offset, End: e.End, Replacement: e.Replacement,
			Spelling: Spelling{Prefix: e.Prefix, Quote: e.Quote, Suffix: e.Suffix}})
	}
	rej := map[*editRequest]string{}
	for i, reason := range rejected {
		rej[reqs[i]] = reason
	}
	return out, rej, after
}

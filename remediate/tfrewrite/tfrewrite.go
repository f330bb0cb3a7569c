// Package tfrewrite rewrites Terraform files so that a secret found by
// scan/terraform is read from AWS Secrets Manager or Vault KV v2 instead
// of being written in the file. It edits through hclwrite, so the rest of
// the file keeps its formatting, and re-parses the result with hclsyntax.
//
// The forms, by where the literal is:
//
//   - An argument of a managed resource that has a write-only twin
//     (aws_db_instance.password → password_wo + password_wo_version,
//     Terraform ≥ 1.11 and a provider that has it): the argument is
//     renamed, fed by an ephemeral "aws_secretsmanager_secret_version" or
//     ephemeral "vault_kv_secret_v2" block, and the value never enters
//     the state or the plan.
//   - An argument of a provider block: fed by the same ephemeral block
//     (providers accept ephemeral values), never in state.
//   - Any other resource, data, module, output or locals argument: a data
//     source (data "aws_secretsmanager_secret_version" with
//     jsondecode(…)["KEY"], or data "vault_kv_secret_v2" with
//     .data["KEY"]). The value is then stored in the Terraform state: the
//     outcome says so.
//   - A variable's default: the default is removed (sensitive = true is
//     added) and the variable is supplied from the environment as
//     TF_VAR_name (secretlint exec -- terraform apply).
//   - A value of a .tfvars file: the assignment is removed and supplied as
//     TF_VAR_name. .tfvars.json files are not rewritten.
//
// A literal inside an object, a function call or a heredoc (the finding
// has no tf.whole) is not rewritten: the outcome gives the reason.
package tfrewrite

import (
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Store says where the secrets live.
type Store struct {
	// Backend is "aws" (Secrets Manager, a JSON object per secret) or
	// "vault" (KV v2).
	Backend string
	// Mount is the Vault KV v2 mount (default "secret").
	Mount string
}

// Site is one finding to rewrite.
type Site struct {
	// Offset and EndOffset are the finding's value span (the literal as
	// written, quotes included).
	Offset, EndOffset int
	// Meta is the finding's metadata (tf.* keys of scan/terraform).
	Meta map[string]string
	// Secret and Key locate the value in the store.
	Secret, Key string
}

// Forms of a rewrite.
const (
	FormWriteOnly = "write-only" // password_wo fed by an ephemeral block
	FormEphemeral = "ephemeral"  // a provider argument fed by an ephemeral block
	FormData      = "data"       // a data source: the value lands in state
	FormEnv       = "env"        // TF_VAR_name from the env map
)

// Outcome is what happened to one site.
type Outcome struct {
	// Form is one of the Form constants; "" when the site is skipped.
	Form string
	// Reason says why a site is skipped.
	Reason string
	// EnvVar is the TF_VAR_ variable to put in the env map (FormEnv).
	EnvVar string
	// InState is true when the value will be stored in the Terraform
	// state (FormData).
	InState bool
	// Note is a sentence for the plan: the requirement or the caveat.
	Note string
}

// writeOnly maps resource type and argument to its write-only twin and
// the version argument that triggers an update (AWS provider ≥ 6.0).
var writeOnly = map[string]map[string][2]string{
	"aws_db_instance":                   {"password": {"password_wo", "password_wo_version"}},
	"aws_rds_cluster":                   {"master_password": {"master_password_wo", "master_password_wo_version"}},
	"aws_docdb_cluster":                 {"master_password": {"master_password_wo", "master_password_wo_version"}},
	"aws_redshift_cluster":              {"master_password": {"master_password_wo", "master_password_wo_version"}},
	"aws_secretsmanager_secret_version": {"secret_string": {"secret_string_wo", "secret_string_wo_version"}},
	"aws_ssm_parameter":                 {"value": {"value_wo", "value_wo_version"}},
}

// WriteOnly returns the write-only argument and its version argument for
// an argument of a resource type, if the type has one.
func WriteOnly(resourceType, attr string) (wo, version string, ok bool) {
	p, ok := writeOnly[resourceType][attr]
	return p[0], p[1], ok
}

// Rewrite rewrites the sites of one Terraform file (name is its slash
// path, for the file kind and the block labels). It returns the new
// content and one outcome per site. The result is re-parsed; an error
// means nothing should be written.
func Rewrite(name string, src []byte, sites []Site, st Store) ([]byte, []Outcome, error) {
	kind := fileKind(name)
	outs := make([]Outcome, len(sites))
	if kind == "tfvars.json" {
		for i := range outs {
			outs[i].Reason = "a .tfvars.json file is not rewritten: remove the value and set TF_VAR_" + sites[i].Meta["tf.name"] + " from the env map by hand"
		}
		return src, outs, nil
	}
	if kind == "" {
		return nil, nil, fmt.Errorf("%s: not a Terraform file", name)
	}
	syn, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: %s", name, diags.Error())
	}
	wf, diags := hclwrite.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: %s", name, diags.Error())
	}
	body := syn.Body.(*hclsyntax.Body)
	r := &rewriter{st: st, file: wf, stem: stem(name), added: map[string]bool{}}
	for i, s := range sites {
		outs[i] = r.site(kind, body, s)
	}
	out := wf.Bytes()
	if _, diags := hclsyntax.ParseConfig(out, name, hcl.InitialPos); diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s: the rewritten file does not parse: %s", name, diags.Error())
	}
	return out, outs, nil
}

func fileKind(name string) string {
	base := strings.ToLower(path.Base(name))
	switch {
	case strings.HasSuffix(base, ".tfvars.json"):
		return "tfvars.json"
	case strings.HasSuffix(base, ".tfvars"):
		return "tfvars"
	case strings.HasSuffix(base, ".tf"):
		return "tf"
	}
	return ""
}

// stem is the file's base name without extensions, as a label part.
func stem(name string) string {
	base := path.Base(name)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return label(base)
}

// label sanitises s into a Terraform identifier part.
func label(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		default:
			b.WriteByte('_')
		}
	}
	return strings.Trim(b.String(), "_")
}

type rewriter struct {
	st    Store
	file  *hclwrite.File
	stem  string
	added map[string]bool // blocks appended, by "data|ephemeral label"
}

func (r *rewriter) site(kind string, body *hclsyntax.Body, s Site) Outcome {
	m := s.Meta
	if m["format"] != "terraform" {
		return Outcome{Reason: "not a Terraform finding"}
	}
	if m["tf.whole"] != "true" {
		return Outcome{Reason: "the value is a part of a larger expression (an object, a function call, a heredoc or a template): move it by hand"}
	}
	if kind == "tfvars" {
		return r.tfvars(body, s)
	}
	idx, blk := findBlock(body, s)
	if blk == nil {
		return Outcome{Reason: "the block of the finding was not found in the file"}
	}
	wb := r.file.Body().Blocks()[idx]
	attr := m["tf.attribute"]
	if m["tf.path"] != attr {
		return Outcome{Reason: "the value is in a nested block (" + m["tf.path"] + "): move it by hand"}
	}
	if wb.Body().GetAttribute(attr) == nil {
		return Outcome{Reason: "the argument " + attr + " was not found"}
	}
	switch blk.Type {
	case "variable":
		if attr != "default" || len(blk.Labels) != 1 {
			return Outcome{Reason: "only a variable's default is rewritten"}
		}
		wb.Body().RemoveAttribute("default")
		if wb.Body().GetAttribute("sensitive") == nil {
			wb.Body().SetAttributeValue("sensitive", cty.True)
		}
		v := "TF_VAR_" + blk.Labels[0]
		return Outcome{Form: FormEnv, EnvVar: v,
			Note: "the default is removed; run Terraform through `secretlint exec -- terraform apply`, which sets " + v + " from the env map"}
	case "resource":
		if wo, ver, ok := WriteOnly(m["tf.resource_type"], attr); ok {
			wb.Body().RenameAttribute(attr, wo)
			wb.Body().SetAttributeRaw(wo, r.ref("ephemeral", s))
			if wb.Body().GetAttribute(ver) == nil {
				wb.Body().SetAttributeValue(ver, cty.NumberIntVal(1))
			}
			return Outcome{Form: FormWriteOnly,
				Note: fmt.Sprintf("%s becomes the write-only %s fed by an ephemeral block: the value stays out of state and plan; needs Terraform >= 1.11 and a provider with %s; increment %s to push a new value", attr, wo, wo, ver)}
		}
	case "provider":
		wb.Body().SetAttributeRaw(attr, r.ref("ephemeral", s))
		return Outcome{Form: FormEphemeral,
			Note: "the provider reads the value from an ephemeral block: the value stays out of state; needs Terraform >= 1.10"}
	case "data", "module", "output", "locals", "ephemeral":
	default:
		return Outcome{Reason: "a " + blk.Type + " block is not rewritten"}
	}
	wb.Body().SetAttributeRaw(attr, r.ref("data", s))
	return Outcome{Form: FormData, InState: true,
		Note: "read through a data source: Terraform stores the value in its state (protect the state backend); the argument has no write-only form"}
}

// tfvars removes a variable assignment from a .tfvars file.
func (r *rewriter) tfvars(body *hclsyntax.Body, s Site) Outcome {
	name := s.Meta["tf.name"]
	a := body.Attributes[name]
	if a == nil || s.Meta["tf.path"] != name || a.Expr.Range().Start.Byte > s.Offset || a.Expr.Range().End.Byte < s.EndOffset {
		return Outcome{Reason: "the value is inside " + name + " (an object or a list): move it by hand"}
	}
	r.file.Body().RemoveAttribute(name)
	v := "TF_VAR_" + name
	return Outcome{Form: FormEnv, EnvVar: v,
		Note: "the assignment is removed; `secretlint exec -- terraform apply` sets " + v + " from the env map (a value for " + name + " in another .tfvars file or -var would still win)"}
}

// findBlock returns the index and the block among the top-level blocks
// that holds the site.
func findBlock(body *hclsyntax.Body, s Site) (int, *hclsyntax.Block) {
	for i, b := range body.Blocks {
		r := b.Range()
		if b.Type != s.Meta["tf.block"] || r.Start.Byte > s.Offset || r.End.Byte < s.EndOffset {
			continue
		}
		if strings.Join(b.Labels, ",") != s.Meta["tf.labels"] {
			continue
		}
		return i, b
	}
	return -1, nil
}

// ref returns the expression reading the site's key through a data or
// ephemeral block, appending the block when it is not there yet.
func (r *rewriter) ref(mode string, s Site) hclwrite.Tokens {
	typ := "aws_secretsmanager_secret_version"
	if r.st.Backend == "vault" {
		typ = "vault_kv_secret_v2"
	}
	lbl := "secretlint_" + r.stem + "_" + label(s.Secret)
	if !r.added[mode+"|"+lbl] && r.file.Body().FirstMatchingBlock(mode, []string{typ, lbl}) == nil {
		r.added[mode+"|"+lbl] = true
		r.file.Body().AppendNewline()
		b := r.file.Body().AppendNewBlock(mode, []string{typ, lbl})
		if r.st.Backend == "vault" {
			mount := r.st.Mount
			if mount == "" {
				mount = "secret"
			}
			b.Body().SetAttributeValue("mount", cty.StringVal(mount))
			b.Body().SetAttributeValue("name", cty.StringVal(s.Secret))
		} else {
			b.Body().SetAttributeValue("secret_id", cty.StringVal(s.Secret))
		}
	}
	if r.st.Backend == "vault" {
		return hclwrite.TokensForTraversal(hcl.Traversal{
			hcl.TraverseRoot{Name: mode}, hcl.TraverseAttr{Name: typ}, hcl.TraverseAttr{Name: lbl},
			hcl.TraverseAttr{Name: "data"}, hcl.TraverseIndex{Key: cty.StringVal(s.Key)},
		})
	}
	call := hclwrite.TokensForFunctionCall("jsondecode", hclwrite.TokensForTraversal(hcl.Traversal{
		hcl.TraverseRoot{Name: mode}, hcl.TraverseAttr{Name: typ}, hcl.TraverseAttr{Name: lbl},
		hcl.TraverseAttr{Name: "secret_string"},
	}))
	call = append(call, &hclwrite.Token{Type: hclsyntax.TokenOBrack, Bytes: []byte("[")})
	call = append(call, hclwrite.TokensForValue(cty.StringVal(s.Key))...)
	return append(call, &hclwrite.Token{Type: hclsyntax.TokenCBrack, Bytes: []byte("]")})
}

package remediate

import (
	"errors"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// Edit kinds of the Ansible consumer.
const (
	// EditAnsibleAWS replaces a value with an amazon.aws.aws_secret
	// lookup (amazon.aws 5.x, Debian 12's ansible 7.7.0).
	EditAnsibleAWS = "ansible-aws-secret"
	// EditAnsibleAWSNew is the same lookup under its newer name,
	// amazon.aws.secretsmanager_secret (amazon.aws >= 6).
	EditAnsibleAWSNew = "ansible-secretsmanager-secret"
	// EditAnsibleVault replaces a value with a
	// community.hashi_vault.vault_kv2_get lookup.
	EditAnsibleVault = "ansible-vault-kv2"
)

// AnsibleLookups are the names --ansible-aws-lookup takes.
var AnsibleLookups = []string{"aws_secret", "secretsmanager_secret"}

// ansibleConsumer is Ansible: every variable it reads is a Jinja template,
// so a value becomes a lookup that the controller runs when the variable
// is used:
//
//	"{{ lookup('amazon.aws.aws_secret', 'NAME.KEY', nested=true) }}"
//	"{{ (lookup('amazon.aws.aws_secret', 'NAME') | from_json)['KEY'] }}"
//	"{{ lookup('community.hashi_vault.vault_kv2_get', 'NAME', engine_mount_point='MOUNT').secret['KEY'] }}"
//
// amazon.aws 5.5.1's nested=true splits its term at every dot (the
// secret's name is the first part), so it is written only where neither
// the name nor the key holds a dot; otherwise the JSON is decoded with
// from_json. vault_kv2_get returns {raw, data, secret, metadata}; secret
// is the KV version's data. Values encrypted with ansible-vault (!vault)
// are left as they are.
type ansibleConsumer struct{}

func (ansibleConsumer) name() string { return "ansible" }

func (ansibleConsumer) claims(f *finding.Finding, o *planEnv) bool {
	// With --refs vals the user says vals renders the tree's YAML.
	return o.refs != RefsVals && (isYAMLFile(f) && f.Meta["format"] == "ansible" || isAnsibleINI(f))
}

func (ansibleConsumer) needs(o *planEnv) string {
	if o.backend == "vault" {
		return "the Ansible controller needs the community.hashi_vault collection with python3-hvac, and VAULT_ADDR and " +
			"VAULT_TOKEN (or ANSIBLE_HASHI_VAULT_ADDR and another auth method of the collection) with read access to the secret"
	}
	return "the Ansible controller needs the amazon.aws collection with boto3, and AWS credentials and a region " +
		"(AWS_PROFILE or AWS_ACCESS_KEY_ID…, AWS_REGION) allowed secretsmanager:GetSecretValue on the secret; " +
		"amazon.aws >= 6 names the lookup secretsmanager_secret (--ansible-aws-lookup secretsmanager_secret)"
}

func (ansibleConsumer) prepare(f *finding.Finding, o *planEnv) (string, string, string) {
	v := f.Secret.Reveal()
	if strings.Contains(v, "{{") || strings.Contains(v, "{%") {
		return "", StatusNotRewritable, "the value holds a Jinja template; Ansible renders it before use, so move it by hand"
	}
	kind := EditAnsibleAWS
	switch {
	case o.backend == "vault":
		kind = EditAnsibleVault
	case o.ansibleLookup == "secretsmanager_secret":
		kind = EditAnsibleAWSNew
	}
	if isAnsibleINI(f) {
		for k, base := range ansibleINIKinds {
			if base == kind {
				return k, "", ""
			}
		}
	}
	return kind, "", ""
}

func (ansibleConsumer) envVar(*finding.Finding, string, binding) string { return "" }

func (ansibleConsumer) shape(kind string, b binding) editRequest {
	return editRequest{replace: ansibleLookup(kind, b), quote: `"`}
}

// ansibleLookup writes the Jinja expression that reads b.
func ansibleLookup(kind string, b binding) string {
	if base, ok := ansibleINIKinds[kind]; ok {
		kind = base
	}
	if b.secret == "" || b.key == "" || strings.ContainsAny(b.secret+b.key, `'"\{}`) {
		return ""
	}
	switch kind {
	case EditAnsibleVault:
		mount := vaultMountOf(b)
		if mount == "" {
			return ""
		}
		return "{{ lookup('community.hashi_vault.vault_kv2_get', '" + b.secret + "', engine_mount_point='" + mount +
			"').secret['" + b.key + "'] }}"
	case EditAnsibleAWS, EditAnsibleAWSNew:
		plugin := "amazon.aws.aws_secret"
		if kind == EditAnsibleAWSNew {
			plugin = "amazon.aws.secretsmanager_secret"
		}
		if !strings.Contains(b.secret+b.key, ".") {
			return "{{ lookup('" + plugin + "', '" + b.secret + "." + b.key + "', nested=true) }}"
		}
		return "{{ (lookup('" + plugin + "', '" + b.secret + "') | from_json)['" + b.key + "'] }}"
	}
	return ""
}

// vaultMountOf returns the KV mount of a Vault reference
// (ref+vault://MOUNT/NAME#/KEY), or "".
func vaultMountOf(b binding) string {
	rest, ok := strings.CutPrefix(b.ref, "ref+vault://")
	if !ok {
		return ""
	}
	p, _, _ := strings.Cut(rest, "#")
	mount, ok := strings.CutSuffix(p, "/"+b.secret)
	if !ok || mount == "" {
		return ""
	}
	return mount
}

// analyse replaces whole scalars, as for every YAML consumer, and leaves
// values encrypted with ansible-vault alone.
func (ansibleConsumer) analyse(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	if len(reqs) > 0 && ansibleINIKinds[reqs[0].kind] != "" {
		return analyseINI(content, reqs)
	}
	docs, err := parseYAML(content)
	if err != nil {
		return analyseYAML(content, reqs)
	}
	rejected := map[*editRequest]string{}
	var keep []*editRequest
	vaulted := map[int]bool{}
	for _, si := range scalars(content, docs) {
		if si.node.Tag == "!vault" {
			vaulted[si.offset] = true
		}
	}
	for _, r := range reqs {
		if vaulted[r.offset] {
			rejected[r] = errAnsibleVaulted.Error()
			continue
		}
		keep = append(keep, r)
	}
	edits, rej, after := analyseYAML(content, keep)
	for r, why := range rej {
		rejected[r] = why
	}
	return edits, rejected, after
}

var errAnsibleVaulted = errors.New("the value is encrypted with ansible-vault (!vault); it is kept as it is")

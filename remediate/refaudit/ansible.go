package refaudit

import (
	"regexp"
	"strings"
)

func init() { Register(ansibleFinder{}) }

// ansibleFinder finds the Ansible lookups remediate writes, in any file
// (vars, tasks, templates):
//
//   - lookup('amazon.aws.aws_secret', 'NAME.KEY', nested=true) and the
//     same with amazon.aws.secretsmanager_secret: nested=true splits the
//     term at dots, the first part is the secret's name (amazon.aws
//     5.5.1 plugins/lookup/aws_secret.py);
//   - (lookup('amazon.aws.aws_secret', 'NAME') | from_json)['KEY'], and
//     a lookup without a key (the whole secret);
//   - lookup('community.hashi_vault.vault_kv2_get', 'NAME'
//     [, engine_mount_point='MOUNT']).secret['KEY'] (or .secret.KEY); the
//     mount defaults to "secret" as in the collection.
type ansibleFinder struct{}

func (ansibleFinder) Name() string { return "ansible" }

var (
	ansibleAWSRE = regexp.MustCompile(`lookup\(\s*['"](?:amazon\.aws\.)?(?:aws_secret|secretsmanager_secret)['"]\s*,\s*['"]([^'"]+)['"]\s*` +
		`(,\s*nested\s*=\s*(?:true|True)\s*)?\)(?:\s*\|\s*from_json\s*\)\s*\[\s*['"]([^'"]+)['"]\s*\])?`)
	ansibleVaultRE = regexp.MustCompile(`lookup\(\s*['"]community\.hashi_vault\.vault_kv2_get['"]\s*,\s*['"]([^'"]+)['"]\s*` +
		`(?:,\s*engine_mount_point\s*=\s*['"]([^'"]+)['"]\s*)?\)(?:\.secret(?:\[\s*['"]([^'"]+)['"]\s*\]|\.([A-Za-z_][A-Za-z0-9_]*)))?`)
)

func (ansibleFinder) Find(_ *Tree, f *File) []Reference {
	if !strings.Contains(string(f.Content), "lookup(") {
		return nil
	}
	var out []Reference
	add := func(r Reference, m []int) {
		r.Form, r.File, r.Offset, r.End, r.Text = "ansible", f.Path, m[0], m[1], string(f.Content[m[0]:m[1]])
		r.Line, r.Column = f.Pos(m[0])
		out = append(out, r)
	}
	group := func(m []int, i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return string(f.Content[m[2*i]:m[2*i+1]])
	}
	for _, m := range ansibleAWSRE.FindAllSubmatchIndex(f.Content, -1) {
		r := Reference{Backend: "aws", Name: group(m, 1), Key: group(m, 3)}
		if group(m, 2) != "" {
			name, key, ok := strings.Cut(r.Name, ".")
			if !ok {
				continue
			}
			r.Name = name
			r.Key, _, _ = strings.Cut(key, ".")
		}
		add(r, m)
	}
	for _, m := range ansibleVaultRE.FindAllSubmatchIndex(f.Content, -1) {
		mount := group(m, 2)
		if mount == "" {
			mount = "secret"
		}
		add(Reference{Backend: "vault", Name: group(m, 1), Mount: mount, Key: group(m, 3) + group(m, 4)}, m)
	}
	return out
}

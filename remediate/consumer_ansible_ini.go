package remediate

import (
	"errors"
	"regexp"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/scan/ansible"
)

// Edit kinds of the Ansible consumer in an INI inventory: the same
// lookups, written as INI values.
const (
	EditAnsibleINIAWS    = "ansible-inventory-aws-secret"
	EditAnsibleINIAWSNew = "ansible-inventory-secretsmanager-secret"
	EditAnsibleINIVault  = "ansible-inventory-vault-kv2"
)

// ansibleINIKinds maps an INI inventory kind to the lookup it writes.
var ansibleINIKinds = map[string]string{
	EditAnsibleINIAWS:    EditAnsibleAWS,
	EditAnsibleINIAWSNew: EditAnsibleAWSNew,
	EditAnsibleINIVault:  EditAnsibleVault,
}

// isAnsibleINI reports whether a finding is in an INI inventory (package
// scan/ansible names its findings format ansible, kind inventory).
func isAnsibleINI(f *finding.Finding) bool {
	return !isYAMLFile(f) && f.Meta["format"] == "ansible" && f.Meta["ansible.kind"] == "inventory"
}

// An INI inventory value is read by ansible's ini plugin (Ansible 7.7.0,
// plugins/inventory/ini.py): a host line is split with shlex (posix:
// quotes removed) and each key=value word's value goes through
// ast.literal_eval; a [group:vars] line is split at its first =, both
// sides stripped, and the value goes through ast.literal_eval. A value
// literal_eval cannot read stays the text it is. The lookup is written
// "{{ … }}" in both places: shlex removes the double quotes on a host
// line (literal_eval then fails on the Jinja braces and keeps the text),
// and literal_eval reads the double-quoted Python string in a vars line.
// The lookup holds no double quote, backslash or $, which both would
// read specially.

// iniValue is one key=value of an INI inventory, as the ini plugin reads
// it: where its raw text is and the text it decodes to.
type iniValue struct {
	section, host, key string
	start, end         int // the raw value
	raw, value         string
	ok                 bool // the decoded value is known (a plain word or a quoted string)
}

// rePyLiteral matches unquoted text ast.literal_eval reads as something
// other than itself: a number, True/False/None, a container.
var rePyLiteral = regexp.MustCompile(`^(?:[-+]?[0-9][0-9_.eExXoObBjJ+-]*|[-+]?\.[0-9].*|True|False|None|[\[\(].*|\{(?:[^{].*)?)$`)

// iniDecode decodes a raw value as the ini plugin would once the host
// line's shlex has run (hostLine) or as a vars line's literal_eval.
func iniDecode(raw string, hostLine bool) (string, bool) {
	if raw == "" {
		return "", false
	}
	if len(raw) >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[len(raw)-1] == raw[0] {
		in := raw[1 : len(raw)-1]
		if strings.ContainsAny(in, raw[:1]+`\`) {
			return "", false
		}
		// After shlex the host-line value is in, unquoted; literal_eval
		// then reads it as below. A vars line's quoted string is in.
		if hostLine && rePyLiteral.MatchString(in) {
			return "", false
		}
		return in, true
	}
	// Python reads what precedes a # (a comment to it): 12#x is 12.
	head := raw
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		head = strings.TrimSpace(raw[:i])
	}
	if strings.ContainsAny(raw, `"'\`) || head == "" || rePyLiteral.MatchString(head) {
		return "", false
	}
	return raw, true
}

// iniValues lists the key=value entries of an INI inventory (the words
// of host lines and the lines of [group:vars], split as the scanner and
// ansible's ini plugin split them) with their decoded values.
func iniValues(content []byte) []iniValue {
	var out []iniValue
	for _, e := range ansible.Entries(content) {
		raw := string(content[e.Start:e.End])
		section := e.Group
		if e.Host == "" {
			section += ":vars"
		}
		v, ok := iniDecode(raw, e.Host != "")
		out = append(out, iniValue{section: section, host: e.Host, key: e.Key, start: e.Start, end: e.End, raw: raw, value: v, ok: ok})
	}
	return out
}

// analyseINI replaces whole values of an INI inventory with the lookup in
// double quotes; the rewritten file must read back with the same entries,
// the moved ones as their lookups.
func analyseINI(content []byte, reqs []*editRequest) ([]*yamlEdit, map[*editRequest]string, []byte) {
	rejected := map[*editRequest]string{}
	before := iniValues(content)
	edits := planEach(reqs, rejected, func(r *editRequest) (*yamlEdit, error) {
		for _, v := range before {
			if r.offset < v.start || r.end > v.end {
				continue
			}
			if !v.ok || v.value != r.value || r.offset != v.start || r.end != v.end {
				return nil, errors.New("only a whole inventory value, plain or in quotes with nothing to decode, is moved")
			}
			if r.replace == "" || strings.ContainsAny(r.replace, "\"\\$\n") {
				return nil, errors.New("the lookup cannot be written as an INI inventory value")
			}
			sp := Spelling{}
			if v.raw != v.value {
				sp = Spelling{Prefix: v.raw[:1], Suffix: v.raw[:1]}
			}
			if sp.Spell(r.value) != string(content[v.start:v.end]) {
				return nil, errSpelling
			}
			return &yamlEdit{req: r, Offset: v.start, End: v.end, Replacement: `"` + r.replace + `"`, Spelling: sp}, nil
		}
		return nil, errors.New("the value is not a key=value of a host line or of a [group:vars] section")
	})
	if len(edits) == 0 {
		return nil, rejected, content
	}
	after := applyYAMLEdits(content, edits)
	now := iniValues(after)
	bad := len(now) != len(before)
	for i := 0; !bad && i < len(before); i++ {
		b, n := before[i], now[i]
		want := b.value
		for _, e := range edits {
			if e.Offset == b.start {
				want = e.req.replace
			}
		}
		bad = n.section != b.section || n.host != b.host || n.key != b.key || n.ok != b.ok || n.value != want && b.ok ||
			!b.ok && n.raw != b.raw
	}
	if bad {
		for _, e := range edits {
			rejected[e.req] = "the rewritten inventory would not read back as the same variables"
		}
		return nil, rejected, content
	}
	return edits, rejected, after
}

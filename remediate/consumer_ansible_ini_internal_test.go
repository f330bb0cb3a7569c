package remediate

import (
	"strings"
	"testing"
)

// TestAnalyseINI places lookups in INI inventory values only where the
// ini plugin reads the original as that exact text and the lookup back
// as the lookup.
func TestAnalyseINI(t *testing.T) {
	const lookup = "{{ lookup('community.hashi_vault.vault_kv2_get', 'n', engine_mount_point='secret').secret['k'] }}"
	for _, tc := range []struct {
		name, content, value, want string // want "" = rejected
	}{
		{"host plain", "[web]\nweb1 ansible_password=Tq7mVx2Lp # note\n", "Tq7mVx2Lp",
			"[web]\nweb1 ansible_password=\"" + lookup + "\" # note\n"},
		{"host double quoted", "web1 a=1 ansible_password=\"Kd8 =NfW3\"\n", "Kd8 =NfW3",
			"web1 a=1 ansible_password=\"" + lookup + "\"\n"},
		{"vars single quoted, blanks", "[db:vars]\nansible_ssh_pass = 'Wm5!Rj8Z' \n", "Wm5!Rj8Z",
			"[db:vars]\nansible_ssh_pass = \"" + lookup + "\" \n"},
		{"vars plain", "[db:vars]\npass=Wm5!Rj8Z\n", "Wm5!Rj8Z", "[db:vars]\npass=\"" + lookup + "\"\n"},
		// literal_eval reads these as an int, a list: not the text.
		{"number", "[db:vars]\npin=12345678\n", "12345678", ""},
		{"list", "web1 pass=[1,2]\n", "[1,2]", ""},
		// An escape would decode differently.
		{"backslash", "[db:vars]\npass=\"ab\\\\cd\"\n", "ab\\\\cd", ""},
		// shlex ends a host line's word at #: ansible reads Tq7.
		{"host comment", "web1 ansible_password=Tq7#mVx2Lp\n", "Tq7#mVx2Lp", ""},
		// A vars line keeps # (literal_eval fails on the text), unless
		// what precedes it is a literal: 12#x is 12.
		{"vars hash", "[db:vars]\npass=Wm5#Rj8Z\n", "Wm5#Rj8Z", "[db:vars]\npass=\"" + lookup + "\"\n"},
		{"vars number comment", "[db:vars]\npass=12#Rj8Z\n", "12#Rj8Z", ""},
		// Part of a value.
		{"partial", "web1 url=https://u:Tq7mVx2Lp@h\n", "Tq7mVx2Lp", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.Index(tc.content, tc.value)
			end := i + len(tc.value)
			if q := tc.content[i-1]; (q == '"' || q == '\'') && tc.content[end] == q {
				i, end = i-1, end+1 // the finding's span holds the quotes
			}
			r := &editRequest{offset: i, end: end, value: tc.value, kind: EditAnsibleINIVault, replace: lookup}
			edits, rejected, after := analyseINI([]byte(tc.content), []*editRequest{r})
			if tc.want == "" {
				if len(edits) != 0 || rejected[r] == "" || string(after) != tc.content {
					t.Errorf("accepted (%d edits, after %q)", len(edits), after)
				}
				return
			}
			if len(edits) != 1 || rejected[r] != "" {
				t.Fatalf("rejected: %s", rejected[r])
			}
			if string(after) != tc.want {
				t.Errorf("after\n%q\nwant\n%q", after, tc.want)
			}
			if got := edits[0].Spelling.Spell(tc.value); got != tc.content[edits[0].Offset:edits[0].End] {
				t.Errorf("spelling %q does not spell %q", got, tc.content[edits[0].Offset:edits[0].End])
			}
		})
	}
}

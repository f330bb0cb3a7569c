package ansible

import (
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/internal/fakesecret"
)

var fake = fakesecret.Password

func TestScanINI(t *testing.T) {
	p1, p2, p3 := fake(16), fake(16), fake(16)
	src := "# prod\nweb1 ansible_host=10.0.0.5 ansible_user=deploy ansible_password=" + p1 + "\n" +
		"web2 ansible_host=10.0.0.6 ansible_become_pass=\"" + p2 + "\"  # comment\n" +
		// shlex ends the word at #: ansible reads "ab" and no more.
		"web3 ansible_password=ab#" + fake(16) + " ansible_become_pass=" + fake(16) + "\n\n" +
		"[db]\ndb1 ansible_host=10.0.1.5 ansible_password=\"{{ vault_db1_password }}\"\n\n" +
		"[db:vars]\nansible_ssh_pass = " + p3 + "\npostgres_port=5432\n\n[prod:children]\ndb\n"
	fs, ok := ScanINI([]byte(src), Options{})
	if !ok {
		t.Fatal("not taken for an inventory")
	}
	want := []struct {
		kp, secret, written string
		meta                map[string]string
	}{
		{"ungrouped.hosts.web1.ansible_password", p1, p1, map[string]string{"ansible.group": "ungrouped", "ansible.host": "web1", "ansible.var": "ansible_password", MetaSection: "hosts"}},
		{"ungrouped.hosts.web2.ansible_become_pass", p2, `"` + p2 + `"`, map[string]string{"ansible.host": "web2"}},
		{"db.vars.ansible_ssh_pass", p3, p3, map[string]string{"ansible.group": "db", "ansible.var": "ansible_ssh_pass", MetaSection: "vars"}},
	}
	if len(fs) != len(want) {
		t.Fatalf("%d findings, want %d: %+v", len(fs), len(want), fs)
	}
	lines := strings.Split(src, "\n")
	for i, w := range want {
		f := fs[i]
		if f.KeyPath != w.kp || f.Secret.Reveal() != w.secret || src[f.Offset:f.EndOffset] != w.written {
			t.Errorf("finding %d: %s, written %q; want %s", i, f.KeyPath, src[f.Offset:f.EndOffset], w.kp)
		}
		if got := lines[f.Line-1][f.Column-1 : f.EndColumn-1]; got != w.secret {
			t.Errorf("finding %d: secret span reads %q", i, got)
		}
		if f.Meta["format"] != "ansible" || f.Meta["ansible.kind"] != "inventory" {
			t.Errorf("finding %d: meta %v", i, f.Meta)
		}
		for k, v := range w.meta {
			if f.Meta[k] != v {
				t.Errorf("finding %d: Meta[%s] = %q, want %q", i, k, f.Meta[k], v)
			}
		}
	}
	if _, ok := ScanINI([]byte("127.0.0.1 localhost\n::1 localhost\n"), Options{}); ok {
		t.Error("/etc/hosts taken for an inventory")
	}
}

func TestIsINIInventory(t *testing.T) {
	for p, want := range map[string]bool{
		"hosts": true, "inventory.ini": true, "inventories/prod/hosts": true, "inventory/staging": true,
		"inventories/prod/group_vars/all.yml": false, "src/hosts.go": false, "config.ini": false,
	} {
		if got := IsINIInventory(p); got != want {
			t.Errorf("IsINIInventory(%s) = %v", p, got)
		}
	}
}

// FuzzScanINI: any text yields findings whose spans lie inside it.
func FuzzScanINI(f *testing.F) {
	f.Add("[web]\nweb1 ansible_password=\"Kq8Lm2Xv7Rz4Wn9P\" x='a b'\n[web:vars]\nansible_ssh_pass = Pz7Kx2Wm9Lq4Rn8V\n")
	f.Add("w ansible_become_pass=\"unterminated\n[x:vars]\n=\nk=\n")
	f.Fuzz(func(t *testing.T, src string) {
		fs, _ := ScanINI([]byte(src), Options{})
		for _, fd := range fs {
			if fd.Offset < 0 || fd.EndOffset > len(src) || fd.Offset >= fd.EndOffset || fd.Line < 1 {
				t.Fatalf("finding %+v outside %d bytes", fd, len(src))
			}
		}
	})
}

// Package ansible finds secrets in Ansible inventories written in INI
// form (the YAML vars files, YAML inventories and playbooks are YAML,
// scanned by package yamlscan with format "ansible").
//
// An INI inventory has host lines (web1 ansible_host=10.0.0.1
// ansible_password=…), [group], [group:vars] and [group:children]
// sections. Every key=value pair is judged under its key, as Ansible
// splits host lines (shell-like words, quotes removed). A value encrypted
// with ansible-vault cannot be written inline in INI, so every literal is
// plain text.
package ansible

import (
	"path"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	"github.com/secretlint-go/secretlint/scan/internal/textpos"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

// IsINIInventory reports whether a path names an INI inventory: a file
// named hosts or inventory (with no extension or .ini), or a file with no
// extension or .ini under an inventory/ or inventories/ directory.
func IsINIInventory(p string) bool {
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	if ext != "" && ext != ".ini" {
		return false
	}
	stem := strings.TrimSuffix(base, ext)
	if stem == "hosts" || stem == "inventory" {
		return true
	}
	q := "/" + strings.ToLower(p)
	if strings.Contains(q, "/group_vars/") || strings.Contains(q, "/host_vars/") {
		return false // vars files are YAML, with or without an extension
	}
	return strings.Contains(q, "/inventory/") || strings.Contains(q, "/inventories/")
}

// Options configures a scan.
type Options struct {
	Config *rules.Config
}

// Meta keys beyond those of yamlscan.IaCMeta.
const (
	// MetaSection is "hosts" for a host line's variable, "vars" for a
	// [group:vars] entry.
	MetaSection = "ansible.section"
)

// ScanINI scans an INI inventory. ok is false when the text has no
// inventory shape (no [section] header and no ansible_ variable): the
// caller scans it as it would any text.
func ScanINI(src []byte, opts Options) (fs []finding.Finding, ok bool) {
	text := string(src)
	if !strings.Contains(text, "ansible_") && !hasSection(text) {
		return nil, false
	}
	j := judge.New(opts.Config)
	ix := textpos.New(src)
	for _, e := range Entries(src) {
		f, hit := judgePair(j, ix, text, e.Key, e.Start, e.End)
		if !hit {
			continue
		}
		if e.Host == "" {
			f.KeyPath = yamlscan.JoinKey(yamlscan.JoinKey(e.Group, "vars"), e.Key)
			f.Meta = meta(e.Group, "", e.Key, "vars")
		} else {
			f.KeyPath = yamlscan.JoinKey(yamlscan.JoinKey(yamlscan.JoinKey(e.Group, "hosts"), e.Host), e.Key)
			f.Meta = meta(e.Group, e.Host, e.Key, "hosts")
		}
		fs = append(fs, f)
	}
	return fs, true
}

// Entry is one key=value of an INI inventory, where ansible's ini plugin
// finds it: a word of a host line (Host set) or a line of a [group:vars]
// section. [Start, End) is the value as written, quotes included: the
// plugin removes a host line's quotes with shlex, and reads a vars
// line's value (stripped) with ast.literal_eval.
type Entry struct {
	Group, Host, Key string
	Start, End       int
}

// Entries lists the key=value entries of an INI inventory in file order.
func Entries(src []byte) []Entry {
	text := string(src)
	var out []Entry
	group, kind := "ungrouped", "hosts"
	off := 0
	for off <= len(text) {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := strings.TrimRight(text[off:end], "\r")
		trim := strings.TrimSpace(line)
		lead := off + len(line) - len(strings.TrimLeft(line, " \t"))
		switch {
		case trim == "" || trim[0] == '#' || trim[0] == ';':
		case trim[0] == '[' && strings.HasSuffix(trim, "]"):
			name := trim[1 : len(trim)-1]
			group, kind = name, "hosts"
			if g, k, found := strings.Cut(name, ":"); found {
				group, kind = g, k
			}
		case kind == "vars":
			// key=value, the rest of the line is the value.
			k, _, found := strings.Cut(trim, "=")
			if !found {
				break
			}
			eq := strings.IndexByte(text[lead:end], '=') + lead
			vs := eq + 1
			for vs < end && (text[vs] == ' ' || text[vs] == '\t') {
				vs++
			}
			ve := max(off+len(strings.TrimRight(line, " \t")), vs)
			out = append(out, Entry{Group: group, Key: strings.TrimSpace(k), Start: vs, End: ve})
		case kind == "hosts":
			words := splitWords(text, lead, off+len(line))
			if len(words) < 2 {
				break
			}
			host := text[words[0][0]:words[0][1]]
			for _, w := range words[1:] {
				word := text[w[0]:w[1]]
				eq := strings.IndexByte(word, '=')
				if eq <= 0 {
					continue
				}
				out = append(out, Entry{Group: group, Host: host, Key: word[:eq], Start: w[0] + eq + 1, End: w[1]})
			}
		}
		if end >= len(text) {
			break
		}
		off = end + 1
	}
	return out
}

func hasSection(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			return true
		}
	}
	return false
}

func meta(group, host, key, section string) map[string]string {
	m := map[string]string{"format": yamlscan.FormatAnsible, "ansible.kind": "inventory", "ansible.group": group,
		"ansible.var": key, MetaSection: section}
	if host != "" {
		m["ansible.host"] = host
	}
	return m
}

// judgePair judges the value written at [vs, ve) (quotes included) under
// key.
func judgePair(j *judge.Judge, ix *textpos.Index, text, key string, vs, ve int) (finding.Finding, bool) {
	if vs >= ve {
		return finding.Finding{}, false
	}
	raw := text[vs:ve]
	val, is := raw, vs
	if len(raw) >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[len(raw)-1] == raw[0] {
		val, is = raw[1:len(raw)-1], vs+1
	}
	d, ok := j.Assignment(key, val)
	if !ok {
		return finding.Finding{}, false
	}
	s, e := d.Span(val)
	line, col := ix.Position(is + s)
	eline, ecol := ix.Position(is + e)
	return finding.Finding{
		RuleID: d.RuleID, Message: d.Message("variable", key), Severity: d.Severity,
		Line: line, Column: col, EndLine: eline, EndColumn: ecol,
		Offset: vs, EndOffset: ve, Secret: finding.NewSecret(val[s:e]),
	}, true
}

// splitWords splits text[start:end] into shell-like words (blanks
// separate, quotes group), returning each word's span with its quotes; a
// # outside quotes ends the line, as in shlex with comments.
func splitWords(text string, start, end int) [][2]int {
	var out [][2]int
	i := start
	for i < end {
		for i < end && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		if i >= end || text[i] == '#' {
			break
		}
		ws := i
		var q byte
	word:
		for ; i < end; i++ {
			c := text[i]
			switch {
			case q != 0 && c == q:
				q = 0
			case q == 0 && (c == '"' || c == '\''):
				q = c
			case q == 0 && (c == ' ' || c == '\t'):
				break word
			case q == 0 && c == '#':
				// shlex with comments (ansible's ini plugin): a # outside
				// quotes ends the word and the line, even inside a word.
				if i > ws {
					out = append(out, [2]int{ws, i})
				}
				return out
			}
		}
		out = append(out, [2]int{ws, i})
	}
	return out
}

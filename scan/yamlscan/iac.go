package yamlscan

import (
	"path"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// This file recognises the CI and configuration-management formats whose
// remediation moves a value into the tool's own secret lookup (GitLab CI,
// GitHub Actions, Ansible) and describes where a finding sits in them, in
// Meta keys that a rewriter reads:
//
// GitLab CI (format "gitlab-ci"):
//
//	gitlab.scope     global | job | default
//	gitlab.job       the job's name (scope job)
//	gitlab.variable  the variable's name under variables:
//	gitlab.section   variables | service-variables | other (a literal elsewhere)
//	gitlab.service   the index of the service in services: (service-variables)
//
// GitHub Actions (format "actions"):
//
//	actions.scope    workflow | job | step | action (an action.yml's runs:)
//	actions.section  env | with | service-env | other
//	actions.service  the service container's name (service-env)
//	actions.job      the job's id (scopes job and step)
//	actions.step     the step's index in steps: (scope step)
//	actions.key      the env variable or input name
//
// Ansible (format "ansible"):
//
//	ansible.kind     group_vars | host_vars | vars | defaults | inventory | playbook
//	ansible.group    the group of group_vars/GROUP(.yml|/…) or of an inventory
//	ansible.host     the host of host_vars/HOST(.yml|/…) or of an inventory
//	ansible.role     the role of roles/ROLE/(vars|defaults)/…
//	ansible.var      the top-level variable (vars files) holding the value

// Formats described by IaCMeta.
const (
	FormatGitLabCI = "gitlab-ci"
	FormatActions  = "actions"
	FormatAnsible  = "ansible"
)

var (
	reGitLabCIName = regexp.MustCompile(`^\.gitlab-ci(?:[.-][\w.-]+)?\.ya?ml$`)
	reAnsibleVars  = regexp.MustCompile(`/(?:group_vars|host_vars|vars|defaults|inventory|inventories)/`)
)

// gitlabKeywords are the top-level keys of a GitLab CI file that are not
// jobs.
var gitlabKeywords = map[string]bool{
	"stages": true, "variables": true, "include": true, "default": true, "workflow": true,
	"image": true, "services": true, "before_script": true, "after_script": true, "cache": true,
	"spec": true,
}

// isGitLabCI reports whether a document is GitLab CI configuration: a
// .gitlab-ci.yml, a file under .gitlab/ci/, or a document whose top-level
// entries are GitLab keywords and jobs (a mapping with script, trigger
// or extends), at least one of them a job.
func isGitLabCI(p string, root *yaml.Node) bool {
	base := strings.ToLower(path.Base(p))
	if reGitLabCIName.MatchString(base) || strings.Contains("/"+p, "/.gitlab/ci/") {
		return true
	}
	if root == nil || root.Kind != yaml.MappingNode || len(root.Content) == 0 {
		return false
	}
	jobs := 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if gitlabKeywords[k.Value] {
			continue
		}
		if v.Kind != yaml.MappingNode {
			return false
		}
		if mapGet(v, "script") == nil && mapGet(v, "trigger") == nil && mapGet(v, "extends") == nil && mapGet(v, "run") == nil {
			return false
		}
		if mapGet(v, "stage") == nil && mapGet(v, "script") == nil && mapGet(v, "extends") == nil {
			return false
		}
		jobs++
	}
	return jobs > 0
}

// isAnsibleFile reports whether a document is Ansible: a vars file by its
// directory (group_vars, host_vars, vars, defaults, inventories) or a
// YAML inventory (all: with hosts, children or vars).
func isAnsibleFile(p string, root *yaml.Node) bool {
	if reAnsibleVars.MatchString("/" + p) {
		return true
	}
	all := mapGet(root, "all")
	return all != nil && all.Kind == yaml.MappingNode &&
		(mapGet(all, "hosts") != nil || mapGet(all, "children") != nil || mapGet(all, "vars") != nil)
}

// SplitKeyPath splits a key path written by JoinKey and JoinIndex into
// its segments: a.b["c.d"][0][NAME] → a, b, c.d, 0, NAME.
func SplitKeyPath(kp string) []string {
	var out []string
	for i := 0; i < len(kp); {
		switch kp[i] {
		case '.':
			i++
		case '[':
			if i+1 < len(kp) && kp[i+1] == '"' {
				if q, err := strconv.QuotedPrefix(kp[i+1:]); err == nil {
					s, _ := strconv.Unquote(q)
					out = append(out, s)
					i += 1 + len(q)
					if i < len(kp) && kp[i] == ']' {
						i++
					}
					continue
				}
			}
			j := strings.IndexByte(kp[i:], ']')
			if j < 0 {
				out = append(out, kp[i+1:])
				return out
			}
			out = append(out, kp[i+1:i+j])
			i += j + 1
		default:
			j := strings.IndexAny(kp[i:], ".[")
			if j < 0 {
				out = append(out, kp[i:])
				return out
			}
			out = append(out, kp[i:i+j])
			i += j
		}
	}
	return out
}

// IaCMeta adds to meta what a rewriter of format needs to know about the
// value at key path kp of the file at path p (see the keys above); other
// formats are left alone.
func IaCMeta(meta map[string]string, format, p, kp string) {
	segs := SplitKeyPath(kp)
	switch format {
	case FormatGitLabCI:
		gitlabMeta(meta, segs)
	case FormatActions:
		actionsMeta(meta, p, segs)
	case FormatAnsible:
		ansibleMeta(meta, p, segs)
	}
}

func gitlabMeta(meta map[string]string, segs []string) {
	if len(segs) == 0 {
		return
	}
	rest := segs[1:]
	switch segs[0] {
	case "variables":
		meta["gitlab.scope"] = "global"
		rest = segs
	case "default":
		meta["gitlab.scope"] = "default"
	default:
		if gitlabKeywords[segs[0]] {
			meta["gitlab.scope"] = "global"
			rest = segs
		} else {
			meta["gitlab.scope"] = "job"
			meta["gitlab.job"] = segs[0]
		}
	}
	switch {
	case len(rest) >= 2 && rest[0] == "variables":
		meta["gitlab.section"] = "variables"
		meta["gitlab.variable"] = rest[1]
	case len(rest) >= 4 && rest[0] == "services" && rest[2] == "variables":
		meta["gitlab.section"] = "service-variables"
		meta["gitlab.service"] = rest[1]
		meta["gitlab.variable"] = rest[3]
	default:
		meta["gitlab.section"] = "other"
	}
}

func actionsMeta(meta map[string]string, p string, segs []string) {
	section := func(rest []string) {
		if len(rest) >= 2 && (rest[0] == "env" || rest[0] == "with") {
			meta["actions.section"] = rest[0]
			meta["actions.key"] = rest[1]
			return
		}
		meta["actions.section"] = "other"
	}
	switch {
	case len(segs) >= 1 && segs[0] == "runs":
		meta["actions.scope"] = "action"
		if len(segs) >= 3 && segs[1] == "steps" {
			meta["actions.step"] = segs[2]
			section(segs[3:])
			return
		}
		section(segs[1:])
	case len(segs) >= 2 && segs[0] == "jobs":
		meta["actions.job"] = segs[1]
		if len(segs) >= 4 && segs[2] == "steps" {
			meta["actions.scope"] = "step"
			meta["actions.step"] = segs[3]
			section(segs[4:])
			return
		}
		meta["actions.scope"] = "job"
		if len(segs) >= 6 && segs[2] == "services" && segs[4] == "env" {
			meta["actions.section"] = "service-env"
			meta["actions.service"] = segs[3]
			meta["actions.key"] = segs[5]
			return
		}
		section(segs[2:])
	default:
		meta["actions.scope"] = "workflow"
		section(segs)
	}
}

func ansibleMeta(meta map[string]string, p string, segs []string) {
	dirs := strings.Split(path.Dir("/"+p), "/")
	stem := func(s string) string { return strings.TrimSuffix(strings.TrimSuffix(s, ".yml"), ".yaml") }
	kind := "playbook"
	for i := len(dirs) - 1; i >= 0; i-- {
		d := dirs[i]
		switch d {
		case "group_vars", "host_vars":
			kind = d
			owner := stem(path.Base(p)) // group_vars/web.yml
			if i+1 < len(dirs) {
				owner = dirs[i+1] // group_vars/web/vault.yml
			}
			if d == "group_vars" {
				meta["ansible.group"] = owner
			} else {
				meta["ansible.host"] = owner
			}
		case "vars", "defaults":
			kind = d
			if i >= 2 && dirs[i-2] == "roles" {
				meta["ansible.role"] = dirs[i-1]
			}
		case "inventory", "inventories":
			kind = "inventory"
		default:
			continue
		}
		break
	}
	if kind == "playbook" && len(segs) > 0 && segs[0] == "all" {
		kind = "inventory"
	}
	meta["ansible.kind"] = kind
	switch kind {
	case "inventory":
		inventoryMeta(meta, segs)
	case "playbook":
		// - hosts: …  vars: {NAME: …}: the play's variable.
		if len(segs) >= 3 && segs[1] == "vars" {
			meta["ansible.var"] = segs[2]
		}
	default:
		if len(segs) > 0 {
			meta["ansible.var"] = segs[0]
		}
	}
}

// inventoryMeta reads a YAML inventory path: all.children.G.hosts.H.V,
// G.vars.V …
func inventoryMeta(meta map[string]string, segs []string) {
	group := ""
	for i := 0; i < len(segs); i++ {
		switch segs[i] {
		case "children":
			if i+1 < len(segs) {
				group = segs[i+1]
				i++
			}
		case "hosts":
			if i+1 < len(segs) {
				meta["ansible.host"] = segs[i+1]
				if i+2 < len(segs) {
					meta["ansible.var"] = segs[i+2]
				}
				if group == "" && i > 0 {
					group = segs[i-1]
				}
				i = len(segs)
			}
		case "vars":
			if i+1 < len(segs) {
				meta["ansible.var"] = segs[i+1]
				if group == "" && i > 0 {
					group = segs[i-1]
				}
				i = len(segs)
			}
		default:
			if i == 0 {
				group = segs[0]
			}
		}
	}
	if group != "" {
		meta["ansible.group"] = group
	}
}

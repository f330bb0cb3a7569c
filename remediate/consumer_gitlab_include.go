package remediate

import (
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// EditGitLabIncludedJobs is the aux edit of the GitLab CI consumer that
// appends, at the end of the pipeline's .gitlab-ci.yml, an entry with
// only secrets: for each job of an included local file that reads a
// moved global variable. GitLab deep-merges a job key of the including
// file into the same-named job of an included file (hashes merge, the
// including file wins), so the included job gets the secrets: too.
const EditGitLabIncludedJobs = "gitlab-included-jobs"

// gitlabIncluded is a local file the main file includes, parsed.
type gitlabIncluded struct {
	path string
	root *yaml.Node
}

// gitlabIncludeMax caps the size of an included file read.
const gitlabIncludeMax = 1 << 20

// gitlabIncludes reads the local files an include: names (a string, a
// list of strings or of {local: PATH} mappings) from the tree. It says
// why not when an entry is anything else (remote, project, template,
// component, rules:, inputs:, a wildcard), whose jobs cannot be seen, or
// when a file cannot be read safely (a symbolic link on its path, not a
// regular file, not a single YAML mapping, includes of its own).
//
// A local path is relative to the project's root: the directory of the
// pipeline's .gitlab-ci.yml (file, in the tree).
func gitlabIncludes(tree, file string, inc *yaml.Node) ([]gitlabIncluded, string) {
	if tree == "" {
		return nil, "the tree the file is in is not known"
	}
	var paths []string
	entry := func(n *yaml.Node) string {
		switch {
		case n.Kind == yaml.ScalarNode:
			paths = append(paths, n.Value)
		case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "local" && n.Content[1].Kind == yaml.ScalarNode:
			paths = append(paths, n.Content[1].Value)
		default:
			return "an include: entry is not a plain local file (remote, project, template, component, rules: or inputs:), whose jobs cannot be seen from here"
		}
		return ""
	}
	switch inc.Kind {
	case yaml.SequenceNode:
		for _, n := range inc.Content {
			if why := entry(n); why != "" {
				return nil, why
			}
		}
	default:
		if why := entry(inc); why != "" {
			return nil, why
		}
	}
	root, err := os.OpenRoot(tree)
	if err != nil {
		return nil, "cannot open the tree: " + errorsWithoutPath(err)
	}
	defer root.Close()
	var out []gitlabIncluded
	for _, p := range paths {
		if strings.Contains(p, "://") || strings.ContainsAny(p, "*?[$") {
			return nil, "include: " + quotePath(p) + " is not a plain local file path (remote, a wildcard or a variable)"
		}
		rel := path.Clean(strings.TrimPrefix(p, "/"))
		if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") {
			return nil, "include: " + quotePath(p) + " leaves the project"
		}
		rel = path.Join(path.Dir(file), rel)
		content, err := gitlabReadIncluded(root, rel)
		if err != nil {
			return nil, "the included file " + quotePath(rel) + " cannot be read: " + err.Error()
		}
		docs, err := parseYAML(content)
		if err != nil || len(docs) != 1 || len(docs[0].Content) != 1 || docs[0].Content[0].Kind != yaml.MappingNode {
			return nil, "the included file " + quotePath(rel) + " is not a single YAML mapping"
		}
		r := docs[0].Content[0]
		if k, _ := mapNode(r, "include"); k != nil {
			return nil, "the included file " + quotePath(rel) + " includes files of its own (nested includes are not followed)"
		}
		out = append(out, gitlabIncluded{rel, r})
	}
	return out, ""
}

// gitlabReadIncluded reads a file of the tree that no symbolic link
// leads to.
func gitlabReadIncluded(root *os.Root, rel string) ([]byte, error) {
	info, err := checkNoLink(root, rel)
	if err != nil {
		return nil, err
	}
	if info == nil {
		return nil, errors.New("it does not exist")
	}
	f, err := root.Open(filepath.FromSlash(rel))
	if err != nil {
		return nil, errors.New(errorsWithoutPath(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || !os.SameFile(st, info) {
		return nil, errors.New("it is not the regular file checked")
	}
	b, err := io.ReadAll(io.LimitReader(f, gitlabIncludeMax+1))
	if err != nil {
		return nil, errors.New(errorsWithoutPath(err))
	}
	if len(b) > gitlabIncludeMax {
		return nil, errors.New("it is larger than 1 MiB")
	}
	return b, nil
}

// gitlabPlainJobName matches a job name written as a plain YAML key.
var gitlabPlainJobName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_./-]*$`)

// gitlabIncludedReaders lists the jobs of the included files that read
// the main file's global variable name, or says why the variable is not
// moved: an included file sets it globally too, or an included job's
// name is also a key of the main file or of another included file (the
// merge would not be the simple one checked here).
func gitlabIncludedReaders(mainRoot *yaml.Node, incs []gitlabIncluded, name string) ([]gitlabJob, string) {
	var out []gitlabJob
	seen := map[string]string{}
	for _, inc := range incs {
		if _, vars := mapNode(inc.root, "variables"); vars != nil {
			if k, _ := mapNode(vars, name); k != nil {
				return nil, "the included file " + quotePath(inc.path) + " sets the global variable too; move it by hand"
			}
		}
		for _, j := range gitlabJobs(inc.root) {
			if k, _ := mapNode(mainRoot, j.name); k != nil {
				return nil, "job " + j.name + " of " + quotePath(inc.path) + " is also a key of this file; move the variable by hand"
			}
			if other, dup := seen[j.name]; dup {
				return nil, "job " + j.name + " is defined in " + quotePath(other) + " and " + quotePath(inc.path) + "; move the variable by hand"
			}
			seen[j.name] = inc.path
			if strings.HasPrefix(j.name, ".") || !inheritsGlobal(j.node, name) || gitlabOwnSecret(j.node, name) {
				continue
			}
			if !gitlabPlainJobName.MatchString(j.name) || slices.Contains(gitlabKeywords, j.name) {
				return nil, "job " + j.name + " of " + quotePath(inc.path) + " cannot be written as a plain key; move the variable by hand"
			}
			out = append(out, j)
		}
	}
	return out, ""
}

// gitlabOwnSecret reports whether a job's own secrets: names name: a
// job-level definition, which the global variable does not reach (a job
// whose variable of that name an earlier run, or this run before the
// main file, moved there). An entry for it in the main file would
// override its secret, the including file winning the merge.
func gitlabOwnSecret(job *yaml.Node, name string) bool {
	_, sec := mapNode(job, "secrets")
	k, _ := mapNode(sec, name)
	return k != nil
}

// gitlabIncludedJobsText writes, for each included job, an entry with
// only its secrets:, to append at the end of content.
func gitlabIncludedJobsText(content []byte, jobs []gitlabJob, perJob map[*yaml.Node][]gitlabEntry) (string, error) {
	var b strings.Builder
	if len(content) > 0 && content[len(content)-1] != '\n' {
		b.WriteString("\n")
	}
	if len(content) > 0 {
		b.WriteString("\n")
	}
	for _, j := range jobs {
		text, err := gitlabSecretEntries("    ", perJob[j.node])
		if err != nil {
			return "", err
		}
		b.WriteString(j.name + ":\n  secrets:\n" + text)
	}
	return b.String(), nil
}

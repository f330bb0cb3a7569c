package remediate

import (
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// valsConsumer is vals and helmfile: they resolve ref+awssecrets:// and
// ref+vault:// references when they render a file (helmfile's values,
// `vals eval`, `vals exec`). It is the consumer of Helm values files, and
// of every YAML file with --refs vals (the user says vals renders them).
type valsConsumer struct{ yamlSyntax }

func (valsConsumer) name() string { return "vals" }

func (valsConsumer) claims(f *finding.Finding, o *planEnv) bool {
	if !isYAMLFile(f) || f.Encoding == "base64" || f.RuleID == "kubernetes-secret-data" || f.Meta["format"] == "actions" {
		return false
	}
	if o.refs == RefsVals {
		return true
	}
	return f.Meta["format"] == "helm" && !strings.Contains("/"+f.File, "/templates/")
}

func (valsConsumer) needs(*planEnv) string {
	return "the file is rendered by helmfile, `vals eval -f FILE` or `vals exec` before its program reads it; " +
		"a program that reads it directly would get the reference text"
}

func (valsConsumer) prepare(*finding.Finding, *planEnv) (string, string, string) {
	return EditValsRef, "", ""
}

func (valsConsumer) envVar(*finding.Finding, string, binding) string { return "" }

// shape writes the reference, or inside a larger value (a password in a
// URL) the embedded form that vals closes with +.
func (valsConsumer) shape(_ string, b binding) editRequest {
	return editRequest{replace: b.ref, inner: true, innerReplace: b.ref + "+"}
}

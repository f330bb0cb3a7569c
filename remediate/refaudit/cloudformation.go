package refaudit

import (
	"regexp"
	"strings"
)

func init() { Register(cfnFinder{}) }

// cfnFinder finds CloudFormation dynamic references to Secrets Manager:
// {{resolve:secretsmanager:SECRET-ID:SecretString:JSON-KEY:VERSION-STAGE:VERSION-ID}},
// where everything after the secret id is optional and the id is a name
// or a full ARN (AWS CloudFormation User Guide, "Get values stored in
// other services using dynamic references").
type cfnFinder struct{}

func (cfnFinder) Name() string { return "cloudformation" }

var cfnRE = regexp.MustCompile(`\{\{resolve:secretsmanager:([^{}\s]+)\}\}`)

func (cfnFinder) Find(t *Tree, f *File) []Reference {
	var out []Reference
	for _, m := range cfnRE.FindAllSubmatchIndex(f.Content, -1) {
		body := string(f.Content[m[2]:m[3]])
		var name, rest string
		if strings.HasPrefix(body, "arn:") {
			// arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX
			parts := strings.SplitN(body, ":", 8)
			if len(parts) < 7 {
				continue
			}
			name = arnName(parts[6])
			if len(parts) == 8 {
				rest = parts[7]
			}
		} else {
			name, rest, _ = strings.Cut(body, ":")
		}
		r := Reference{Form: "cloudformation", Backend: "aws", Name: name, Text: string(f.Content[m[0]:m[1]]), File: f.Path, Offset: m[0], End: m[1]}
		if fields := strings.Split(rest, ":"); len(fields) >= 2 && fields[0] == "SecretString" {
			r.Key = fields[1]
		}
		r.Line, r.Column = f.Pos(m[0])
		out = append(out, r)
	}
	return out
}

// arnName strips the six-character random suffix AWS appends to a
// secret's name in its ARN.
func arnName(s string) string {
	if i := strings.LastIndexByte(s, '-'); i > 0 && len(s)-i == 7 {
		return s[:i]
	}
	return s
}

package scan

import (
	"fmt"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/scan/internal/textpos"
	"github.com/secretlint-go/secretlint/scan/terraform"
	"github.com/secretlint-go/secretlint/scan/yamlscan"
)

// scanTerraform runs the Terraform scanner on a .tf, .tfvars or
// .tfvars.json file; its literal strings go to *scalars, where the
// provider rules' matches are placed. The line scanner runs only inside
// heredocs and other multi-line literals (user_data scripts): elsewhere
// the syntax tree decides, so password = var.db_password is no finding.
// A file that does not parse is scanned line by line, with a notice.
func (s *fileScanner) scanTerraform(p string, content []byte, kind string, wantScalars bool, note func(finding.Notice), scalars *[]yamlscan.Scalar) []finding.Finding {
	mode := textConfig
	if kind == terraform.VarsJSON {
		mode = textCode
	}
	res, err := terraform.Scan(content, kind, terraform.Options{Config: s.cfg, Path: p, Scalars: wantScalars})
	if err != nil {
		note(finding.Notice{Line: terraform.ErrLine(err), Kind: "terraform-fallback",
			Message: fmt.Sprintf("not valid Terraform syntax (%v): scanned line by line as text", err)})
		return scanText(content, mode, s.j, s.nf, "", nil)
	}
	*scalars = res.Scalars
	out := res.Findings
	if len(res.Texts) == 0 {
		return out
	}
	ix := textpos.New(content)
	for _, f := range scanText(content, textConfig, s.j, s.nf, terraform.Format, nil) {
		off := ix.LineStart(f.Line) + f.Column - 1
		for _, t := range res.Texts {
			if t.ValStart <= off && off < t.ValEnd {
				out = append(out, s.inTerraformText(f, res.Scalars, t))
				break
			}
		}
	}
	return out
}

// inTerraformText gives a line-scanner finding inside a heredoc the block
// path and metadata of the heredoc's argument.
func (s *fileScanner) inTerraformText(f finding.Finding, scalars []yamlscan.Scalar, t yamlscan.Span) finding.Finding {
	for _, sc := range scalars {
		if sc.Span == t {
			f.KeyPath = sc.KeyPath
			meta := make(map[string]string, len(sc.Meta)+1)
			for k, v := range sc.Meta {
				meta[k] = v
			}
			terraform.Partial(meta) // a line of the heredoc
			f.Meta = meta
			break
		}
	}
	return f
}

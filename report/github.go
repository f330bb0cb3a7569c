package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
)

// githubAnnotationLimit is how many annotations of one kind (error,
// warning, notice) GitHub shows per step; the rest stay in the log only.
const githubAnnotationLimit = 10

// writeGitHub writes GitHub Actions workflow commands, one annotation per
// finding and notice, most severe first so that the annotations GitHub
// keeps are the ones that matter. Values never appear, whatever
// ShowSecrets says: Actions logs of public repositories are public.
func writeGitHub(w io.Writer, p *prepared) error {
	bw := bufio.NewWriter(w)
	order := make([]int, len(p.findings))
	for i := range order {
		order[i] = i
	}
	// Stable: within a severity the findings keep the file order.
	slices.SortStableFunc(order, func(a, b int) int { return int(p.findings[b].Severity - p.findings[a].Severity) })
	emitted := map[string]int{}
	for _, i := range order {
		f := &p.findings[i]
		cmd := githubCommand(f.Severity)
		emitted[cmd]++
		props := []string{
			"file=" + escapeProperty(f.File),
		}
		if f.Line > 0 {
			props = append(props, "line="+strconv.Itoa(f.Line))
			if f.Column > 0 {
				props = append(props, "col="+strconv.Itoa(f.Column))
			}
			if f.EndLine >= f.Line {
				props = append(props, "endLine="+strconv.Itoa(f.EndLine))
				if f.EndColumn > 0 {
					props = append(props, "endColumn="+strconv.Itoa(f.EndColumn))
				}
			}
		}
		props = append(props, "title="+escapeProperty(fmt.Sprintf("secretlint %s (%s)", f.RuleID, f.Severity)))
		msg := message(f)
		if f.KeyPath != "" {
			msg += " [key " + f.KeyPath + "]"
		}
		if f.Commit != "" {
			msg += " [commit " + shortCommit(f.Commit) + ": exposed in history, rotate it]"
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(msg))
	}
	for _, n := range p.notices {
		cmd := "warning"
		if n.Error {
			cmd = "error"
		}
		emitted[cmd]++
		var props []string
		if n.File != "" {
			props = append(props, "file="+escapeProperty(n.File))
			if n.Line > 0 {
				props = append(props, "line="+strconv.Itoa(n.Line))
				if n.Column > 0 {
					props = append(props, "col="+strconv.Itoa(n.Column))
				}
			}
		}
		props = append(props, "title="+escapeProperty("secretlint "+n.Kind))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(n.Message))
	}
	for _, s := range p.Sources {
		fmt.Fprintf(bw, "::notice title=%s::%s\n", escapeProperty("secretlint configuration"), escapeData(s.String()))
	}
	// Plain lines: a summary, and a pointer to the full report when GitHub
	// will drop annotations.
	for _, cmd := range []string{"error", "warning", "notice"} {
		if n := emitted[cmd]; n > githubAnnotationLimit {
			fmt.Fprintf(bw, "secretlint: %d %s annotations; GitHub shows %d per step, the log above lists them all (upload the sarif format to code scanning to see every finding)\n",
				n, cmd, githubAnnotationLimit)
		}
	}
	bw.WriteString(escapeData(p.summaryLine()) + "\n")
	return bw.Flush()
}

// githubCommand maps a severity onto a workflow command.
func githubCommand(s finding.Severity) string {
	switch {
	case s >= finding.SeverityHigh:
		return "error"
	case s >= finding.SeverityLow:
		return "warning"
	}
	return "notice"
}

// escapeData escapes workflow command data as the Actions toolkit does:
// %, CR and LF, so that a message stays on its line.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property: the data escapes
// plus : and , which end a property.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

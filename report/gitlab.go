package report

import (
	"cmp"
	"crypto/sha1"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/secretlint-go/secretlint/finding"
)

// GitLab's secret-detection report ("Report format for GitLab Secret
// Detection", security-report-schemas 15.0.7): the artifact of a job with
// `artifacts: reports: secret_detection`.

const (
	gitlabSchemaVersion = "15.0.7"
	gitlabSchemaURL     = "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v" +
		gitlabSchemaVersion + "/dist/secret-detection-report-format.json"
	// gitlabNoCommit is the commit GitLab's own analyzer reports for a
	// working-tree scan; the schema requires location.commit.sha.
	gitlabNoCommit = "0000000"
	gitlabTime     = "2006-01-02T15:04:05"
	// Schema limits.
	gitlabMaxName     = 255
	gitlabMaxSolution = 7000
)

type gitlabReport struct {
	Version         string                `json:"version"`
	Schema          string                `json:"schema"`
	Scan            gitlabScan            `json:"scan"`
	Vulnerabilities []gitlabVulnerability `json:"vulnerabilities"`
}

type gitlabScan struct {
	Analyzer  gitlabTool      `json:"analyzer"`
	Scanner   gitlabTool      `json:"scanner"`
	Type      string          `json:"type"`
	StartTime string          `json:"start_time"`
	EndTime   string          `json:"end_time"`
	Status    string          `json:"status"`
	Messages  []gitlabMessage `json:"messages,omitempty"`
}

type gitlabTool struct {
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	URL     string       `json:"url"`
	Version string       `json:"version"`
	Vendor  gitlabVendor `json:"vendor"`
}

type gitlabVendor struct {
	Name string `json:"name"`
}

type gitlabMessage struct {
	Level string `json:"level"`
	Value string `json:"value"`
}

type gitlabVulnerability struct {
	ID          string                  `json:"id"`
	Category    string                  `json:"category"`
	Name        string                  `json:"name"`
	Description string                  `json:"description"`
	Severity    string                  `json:"severity"`
	Solution    string                  `json:"solution,omitempty"`
	Identifiers []gitlabIdentifier      `json:"identifiers"`
	Location    gitlabLocation          `json:"location"`
	Details     map[string]gitlabDetail `json:"details,omitempty"`
	// raw_source_code_extract is deliberately absent: GitLab treats it as
	// the token itself (it hashes it to check whether the token is still
	// active), and this report never carries a value.
}

type gitlabIdentifier struct {
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

type gitlabLocation struct {
	File      string       `json:"file"`
	StartLine int          `json:"start_line,omitempty"`
	EndLine   int          `json:"end_line,omitempty"`
	Commit    gitlabCommit `json:"commit"`
}

type gitlabCommit struct {
	SHA    string `json:"sha"`
	Author string `json:"author,omitempty"`
	Date   string `json:"date,omitempty"`
}

type gitlabDetail struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// gitlabSeverity maps a severity onto GitLab's capitalised names.
func gitlabSeverity(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical:
		return "Critical"
	case finding.SeverityHigh:
		return "High"
	case finding.SeverityMedium:
		return "Medium"
	case finding.SeverityLow:
		return "Low"
	case finding.SeverityInfo:
		return "Info"
	}
	return "Unknown"
}

func writeGitLab(w io.Writer, p *prepared) error {
	start := p.Stats.Start
	if start.IsZero() {
		start = time.Now()
	}
	tool := gitlabTool{ID: toolName, Name: toolName, URL: informationURI, Version: p.toolVersion(), Vendor: gitlabVendor{Name: toolName}}
	out := gitlabReport{
		Version: gitlabSchemaVersion,
		Schema:  gitlabSchemaURL,
		Scan: gitlabScan{
			Analyzer:  tool,
			Scanner:   tool,
			Type:      "secret_detection",
			StartTime: start.UTC().Format(gitlabTime),
			EndTime:   start.Add(p.Stats.Duration).UTC().Format(gitlabTime),
			// "failure" is for a scan that did not complete; a file that
			// could not be read is reported as a warn message instead,
			// and the findings are still ingested.
			Status: "success",
		},
		Vulnerabilities: make([]gitlabVulnerability, 0, len(p.findings)),
	}
	for _, n := range p.notices {
		level := "info"
		if n.Error {
			level = "warn"
		}
		out.Scan.Messages = append(out.Scan.Messages, gitlabMessage{
			Level: level,
			Value: fmt.Sprintf("%s: %s (%s)", noticePlace(n), n.Message, n.Kind),
		})
	}
	for _, s := range p.Sources {
		out.Scan.Messages = append(out.Scan.Messages, gitlabMessage{Level: "info", Value: "configuration applied: " + s.String()})
	}
	for i := range p.findings {
		f := &p.findings[i]
		r := p.rules[f.RuleID]
		name := displayTitle(r.Title)
		if name == "" {
			name = f.RuleID
		}
		desc := sentence(message(f))
		if d := cmp.Or(f.Description, r.Description); d != "" && d != message(f) {
			desc += "\n\n" + d
		}
		if f.Commit != "" {
			desc += "\n\nThe value was added in commit " + f.Commit + ": it is exposed in the repository's history, so rotate it even if the file is clean now."
		}
		v := gitlabVulnerability{
			ID:          gitlabID(f),
			Category:    "secret_detection",
			Name:        truncateRunes(name, gitlabMaxName),
			Description: desc,
			Severity:    gitlabSeverity(f.Severity),
			Solution:    truncateRunes(r.Help, gitlabMaxSolution),
			Identifiers: []gitlabIdentifier{
				{Type: "secretlint_rule_id", Name: "secretlint rule ID " + f.RuleID, Value: f.RuleID},
				{Type: "cwe", Name: "CWE-798", Value: "798", URL: "https://cwe.mitre.org/data/definitions/798.html"},
			},
			Location: gitlabLocation{
				File:   f.File,
				Commit: gitlabCommit{SHA: gitlabNoCommit},
			},
		}
		if f.Line > 0 {
			v.Location.StartLine = f.Line
			v.Location.EndLine = max(f.EndLine, f.Line)
		}
		if f.Commit != "" {
			v.Location.Commit = gitlabCommit{SHA: f.Commit, Author: f.Author, Date: f.Date}
		}
		v.Details = map[string]gitlabDetail{}
		if f.KeyPath != "" {
			v.Details["key_path"] = gitlabDetail{Name: "Key path", Type: "text", Value: f.KeyPath}
		}
		if f.Fingerprint != "" {
			v.Details["fingerprint"] = gitlabDetail{Name: "Fingerprint", Type: "text", Value: f.Fingerprint}
		}
		out.Vulnerabilities = append(out.Vulnerabilities, v)
	}
	return encodeJSON(w, out)
}

// gitlabID is a stable name-based UUID (version 5, SHA-1) of the finding's
// identity and place, so the same finding keeps its ID across runs while
// two places of the same value get two IDs.
func gitlabID(f *finding.Finding) string {
	h := sha1.New()
	// A fixed namespace for secretlint finding IDs.
	h.Write([]byte("secretlint/gitlab-id/v1\x00"))
	// A hash never returns a write error.
	_, _ = fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%d\x00%s\x00%s", f.RuleID, f.File, f.Fingerprint, f.Line, f.Column, f.Commit, f.KeyPath)
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// truncateRunes cuts s to at most n runes, marking the cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

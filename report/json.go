package report

import (
	_ "embed"
	"encoding/json"
	"io"

	"github.com/secretlint-go/secretlint/finding"
)

// JSONSchemaVersion is the version of the json format, written as its
// top-level "version". Fields may be added within a version (the embedded
// schema is updated in the same release); renaming, removing or retyping a
// field bumps it.
const JSONSchemaVersion = "1"

//go:embed schema/report.schema.json
var jsonSchema []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the json format.
func JSONSchema() []byte { return append([]byte(nil), jsonSchema...) }

// The json format. Field order here is the order in the output.
type jsonReport struct {
	Version  string        `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	Notices  []jsonNotice  `json:"notices"`
	// Configuration: see Report.Sources.
	Configuration []Source    `json:"configuration,omitempty"`
	Summary       jsonSummary `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Module  string `json:"module"`
}

type jsonFinding struct {
	RuleID      string   `json:"rule_id"`
	Description string   `json:"description"`
	Message     string   `json:"message"`
	Severity    string   `json:"severity"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Column      int      `json:"column"`
	EndLine     int      `json:"end_line"`
	EndColumn   int      `json:"end_column"`
	KeyPath     string   `json:"key_path,omitempty"`
	Fingerprint string   `json:"fingerprint"`
	Redacted    string   `json:"redacted"`
	Secret      *string  `json:"secret,omitempty"`
	Encoding    string   `json:"encoding,omitempty"`
	Commit      string   `json:"commit,omitempty"`
	Author      string   `json:"author,omitempty"`
	Email       string   `json:"email,omitempty"`
	Date        string   `json:"date,omitempty"`
	Tags        []string `json:"tags"`
}

type jsonNotice struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Kind    string `json:"kind"`
	Level   string `json:"level"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Findings          int            `json:"findings"`
	FilesWithFindings int            `json:"files_with_findings"`
	BySeverity        map[string]int `json:"by_severity"`
	Notices           int            `json:"notices"`
	Errors            int            `json:"errors"`
	FilesScanned      *int           `json:"files_scanned,omitempty"`
	BytesScanned      *int64         `json:"bytes_scanned,omitempty"`
	DurationMS        *int64         `json:"duration_ms,omitempty"`
	StartTime         string         `json:"start_time,omitempty"`
}

func writeJSON(w io.Writer, p *prepared) error {
	out := jsonReport{
		Version:  JSONSchemaVersion,
		Tool:     jsonTool{Name: toolName, Version: p.toolVersion(), Module: modulePath},
		Findings: make([]jsonFinding, 0, len(p.findings)),
		Notices:  make([]jsonNotice, 0, len(p.notices)),
	}
	for i := range p.findings {
		f := &p.findings[i]
		jf := jsonFinding{
			RuleID:      f.RuleID,
			Description: f.Description,
			Message:     message(f),
			Severity:    f.Severity.String(),
			File:        f.File,
			Line:        f.Line,
			Column:      f.Column,
			EndLine:     f.EndLine,
			EndColumn:   f.EndColumn,
			KeyPath:     f.KeyPath,
			Fingerprint: f.Fingerprint,
			Redacted:    f.Preview(),
			Encoding:    f.Encoding,
			Commit:      f.Commit,
			Author:      f.Author,
			Email:       f.Email,
			Date:        f.Date,
			Tags:        append([]string{}, f.Tags...),
		}
		if p.opts.ShowSecrets {
			v := f.Secret.Reveal()
			jf.Secret = &v
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, n := range p.notices {
		out.Notices = append(out.Notices, jsonNotice{
			File: n.File, Line: n.Line, Column: n.Column, Kind: n.Kind, Level: noticeLevel(n), Message: n.Message,
		})
	}
	out.Configuration = p.Sources
	c := p.counts()
	out.Summary = jsonSummary{
		Findings:          c.findings,
		FilesWithFindings: c.files,
		BySeverity:        map[string]int{},
		Notices:           len(p.notices),
		Errors:            c.errors,
	}
	for _, s := range severities {
		out.Summary.BySeverity[s.String()] = c.bySeverity[s]
	}
	if s := p.Stats; s.Files > 0 || s.Bytes > 0 || s.Duration > 0 {
		files, bytes, ms := s.Files, s.Bytes, s.Duration.Milliseconds()
		out.Summary.FilesScanned, out.Summary.BytesScanned, out.Summary.DurationMS = &files, &bytes, &ms
	}
	if !p.Stats.Start.IsZero() {
		out.Summary.StartTime = p.Stats.Start.UTC().Format("2006-01-02T15:04:05Z")
	}
	return encodeJSON(w, out)
}

func noticeLevel(n finding.Notice) string {
	if n.Error {
		return "error"
	}
	return "warning"
}

// encodeJSON writes v indented, without HTML escaping, ending in a newline.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

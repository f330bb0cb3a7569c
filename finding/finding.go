// Package finding defines the one result type that flows from every
// detector (Go analyzers, file scanners, history scans) to every consumer
// (reports, baselines, remediation).
//
// A Finding carries the secret value only inside a Secret, which redacts
// itself whenever it is formatted or serialised. Fingerprints are salted
// hashes, so a report, baseline or plan never holds plaintext.
package finding

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
)

// Finding is one detected secret.
type Finding struct {
	// RuleID is the kebab-case rule identifier (also the analyzer
	// Diagnostic.Category and the SARIF ruleId).
	RuleID string `json:"rule_id"`
	// Description is the rule's one-line description.
	Description string `json:"description"`
	// Message is the specific message for this finding; it never contains
	// the value.
	Message string `json:"message,omitempty"`
	// Severity is the rule's severity after configuration overrides.
	Severity Severity `json:"severity"`

	// File is the slash-separated path relative to the scan root (or as
	// given by the user for paths outside it).
	File string `json:"file"`
	// Line and Column (1-based; Column counts bytes) locate the first byte
	// of the secret value; EndLine and EndColumn locate the byte just after
	// it (exclusive end, as in SARIF).
	Line      int `json:"line"`
	Column    int `json:"column"`
	EndLine   int `json:"end_line"`
	EndColumn int `json:"end_column"`
	// Offset and EndOffset are the byte span of the value as written in the
	// file (for a quoted YAML scalar or a Go string literal, the whole token
	// including quotes). Remediation edits exactly this span.
	Offset    int `json:"offset"`
	EndOffset int `json:"end_offset"`
	// KeyPath is the structural location for YAML/JSON findings, e.g.
	// spec.template.spec.containers[0].env[DB_PASSWORD].value, or the
	// identifier path for Go findings.
	KeyPath string `json:"key_path,omitempty"`

	// Secret is the detected value; it redacts itself when printed.
	Secret Secret `json:"-"`
	// Fingerprint is the salted hash of rule, path and value (see
	// Fingerprint); stable when lines move, different when the value changes.
	Fingerprint string `json:"fingerprint"`
	// Encoding says how the value is stored at the span when it is not the
	// literal text, e.g. "base64" for a Kubernetes Secret data entry.
	Encoding string `json:"encoding,omitempty"`

	// Commit, Author, Email and Date are set for findings from git history.
	Commit string `json:"commit,omitempty"`
	Author string `json:"author,omitempty"`
	Email  string `json:"email,omitempty"`
	Date   string `json:"date,omitempty"`

	// Tags carry qualifiers such as "test-file", "example" or
	// "history:exposed".
	Tags []string `json:"tags,omitempty"`
	// Meta carries structured context for remediation and reports, e.g.
	// "dbt.profile", "dbt.target", "dbt.field", "dbt.adapter", "format".
	Meta map[string]string `json:"meta,omitempty"`
}

// Preview returns the redacted preview of the secret.
func (f *Finding) Preview() string { return f.Secret.String() }

// HasTag reports whether the finding carries tag.
func (f *Finding) HasTag(tag string) bool { return slices.Contains(f.Tags, tag) }

// DefaultSalt is the fingerprint salt used when the configuration names
// none. Set your own (SECRETLINT_FINGERPRINT_SALT or fingerprint-salt in
// .secretlint.yaml) before publishing reports of low-entropy passwords: with
// a known salt a short password can be guessed from its fingerprint.
const DefaultSalt = "secretlint/v1"

// Fingerprint returns the salted fingerprint of a finding: an HMAC-SHA256
// keyed by salt over the rule, the slash path and the value, hex-encoded and
// truncated to 128 bits. It holds no line number, so it survives lines
// moving, and changes when the value changes.
func Fingerprint(salt, ruleID, path string, value Secret) string {
	if salt == "" {
		salt = DefaultSalt
	}
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte(ruleID))
	m.Write([]byte{0})
	m.Write([]byte(path))
	m.Write([]byte{0})
	m.Write([]byte(value.v))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// ValueHash returns a salted hash of the value alone, used to recognise the
// same secret written in several places without keeping it.
func ValueHash(salt string, value Secret) string {
	if salt == "" {
		salt = DefaultSalt
	}
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte("value\x00"))
	m.Write([]byte(value.v))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Compare orders findings deterministically: by file, position, rule, then
// fingerprint.
func Compare(a, b *Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Commit, b.Commit),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndColumn, b.EndColumn),
		cmp.Compare(a.Fingerprint, b.Fingerprint),
	)
}

// Sort sorts findings in place with Compare.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int { return Compare(&a, &b) })
}

// Notice is a problem met while scanning that is not a finding: a file too
// large, unreadable or not valid YAML (scanned as text instead), a bad
// suppression directive. Notices appear in every report format and make the
// run's exit code say so.
type Notice struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
	// Error is true when the file (or part of it) could not be scanned at
	// all; false for warnings such as a fallback to line scanning.
	Error bool `json:"error"`
}

// SaltCheck identifies a salt without revealing it: an HMAC of purpose
// keyed by the salt (DefaultSalt when empty), 8 bytes in hex. Baselines
// and plans store it so that a run with another salt is refused.
func SaltCheck(salt, purpose string) string {
	if salt == "" {
		salt = DefaultSalt
	}
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte(purpose))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

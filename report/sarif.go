package report

import (
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
)

// SARIF 2.1.0 as GitHub code scanning ingests it. Only the properties we
// write are modelled; field order is output order.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// srcRoot is the uriBaseId of every artifact location.
	srcRoot = "%SRCROOT%"
	// fingerprintKey names our partial fingerprint: the salted hash of
	// rule, path and value, which survives lines moving.
	fingerprintKey = "secretlint/v1"
	cweTag         = "external/cwe/cwe-798"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                    `json:"results"`
	ColumnKind         string                           `json:"columnKind"`
	Properties         map[string]any                   `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string         `json:"name"`
	FullName        string         `json:"fullName"`
	Version         string         `json:"version"`
	SemanticVersion string         `json:"semanticVersion,omitempty"`
	InformationURI  string         `json:"informationUri"`
	Rules           []sarifRule    `json:"rules"`
	Notifications   []sarifRule    `json:"notifications,omitempty"`
	Properties      map[string]any `json:"properties,omitempty"`
}

type sarifRule struct {
	ID                   string               `json:"id"`
	Name                 string               `json:"name,omitempty"`
	ShortDescription     *sarifMultiformat    `json:"shortDescription,omitempty"`
	FullDescription      *sarifMultiformat    `json:"fullDescription,omitempty"`
	Help                 *sarifMultiformat    `json:"help,omitempty"`
	HelpURI              string               `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifConfiguration  `json:"defaultConfiguration,omitempty"`
	Properties           *sarifRuleProperties `json:"properties,omitempty"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision,omitempty"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	StartTimeUTC               string              `json:"startTimeUtc,omitempty"`
	EndTimeUTC                 string              `json:"endTimeUtc,omitempty"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string          `json:"level"`
	Message    sarifMessage    `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Descriptor *sarifReference `json:"descriptor,omitempty"`
}

type sarifReference struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// sarifLevel maps a severity onto a SARIF level.
func sarifLevel(s finding.Severity) string {
	switch {
	case s >= finding.SeverityHigh:
		return "error"
	case s == finding.SeverityMedium:
		return "warning"
	}
	return "note"
}

// securitySeverity is the CVSS-like score GitHub reads from a rule's
// properties to rank alerts: over 9 critical, 7 to 8.9 high, 4 to 6.9
// medium, under 4 low.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical:
		return "9.5"
	case finding.SeverityHigh:
		return "8.0"
	case finding.SeverityMedium:
		return "5.5"
	case finding.SeverityLow:
		return "3.0"
	}
	return "1.0"
}

// writeSARIF writes SARIF 2.1.0 for GitHub code scanning. It never writes
// a value or a snippet: messages are scrubbed, and ShowSecrets is ignored.
func writeSARIF(w io.Writer, p *prepared) error {
	driver := sarifDriver{
		Name:           toolName,
		FullName:       toolName + " " + p.toolVersion() + " (" + modulePath + ")",
		Version:        numericVersion(p.toolVersion()),
		InformationURI: informationURI,
		Rules:          make([]sarifRule, 0, len(p.ruleIDs)),
		Properties:     map[string]any{"gitleaks": rules.GitleaksVersion},
	}
	if v := strings.TrimPrefix(p.opts.ToolVersion, "v"); semverRE.MatchString(v) {
		driver.SemanticVersion = v
	}
	index := map[string]int{}
	for i, id := range p.ruleIDs {
		index[id] = i
		driver.Rules = append(driver.Rules, sarifRuleFor(id, p.rules[id]))
	}

	results := make([]sarifResult, 0, len(p.findings))
	for i := range p.findings {
		f := &p.findings[i]
		res := sarifResult{
			RuleID:    f.RuleID,
			RuleIndex: index[f.RuleID],
			Level:     sarifLevel(f.Severity),
			Message:   sarifMessage{Text: sarifText(f)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical(f.File, f.Line, f.Column, f.EndLine, f.EndColumn)}},
		}
		if f.Fingerprint != "" {
			res.PartialFingerprints = map[string]string{fingerprintKey: f.Fingerprint}
		}
		props := map[string]any{"severity": f.Severity.String()}
		if len(f.Tags) > 0 {
			props["tags"] = dedupe(f.Tags)
		}
		if f.KeyPath != "" {
			props["keyPath"] = f.KeyPath
		}
		if f.Commit != "" {
			props["commit"] = f.Commit
		}
		if f.Date != "" {
			props["commitDate"] = f.Date
		}
		res.Properties = props
		results = append(results, res)
	}

	inv := sarifInvocation{ExecutionSuccessful: !p.hasError()}
	if s := p.Stats; !s.Start.IsZero() {
		inv.StartTimeUTC = s.Start.UTC().Format("2006-01-02T15:04:05.000Z")
		inv.EndTimeUTC = s.Start.Add(s.Duration).UTC().Format("2006-01-02T15:04:05.000Z")
	}
	kinds := map[string]int{}
	for _, n := range p.notices {
		if _, ok := kinds[n.Kind]; !ok {
			kinds[n.Kind] = len(driver.Notifications)
			driver.Notifications = append(driver.Notifications, sarifNotificationRule(n.Kind))
		}
		sn := sarifNotification{
			Level:      noticeLevel(n),
			Message:    sarifMessage{Text: sentence(n.Message)},
			Descriptor: &sarifReference{ID: n.Kind, Index: kinds[n.Kind]},
		}
		if n.File != "" {
			sn.Locations = []sarifLocation{{PhysicalLocation: sarifPhysical(n.File, n.Line, n.Column, 0, 0)}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sn)
	}

	run := sarifRun{
		Tool:        sarifTool{Driver: driver},
		Invocations: []sarifInvocation{inv},
		Results:     results,
		// Columns count bytes. SARIF has no byte column kind; for ASCII
		// lines, which are the rule for secrets, bytes and UTF-16 code
		// units agree, and the line is always exact.
		ColumnKind: "utf16CodeUnits",
	}
	if len(p.Sources) > 0 {
		run.Properties = map[string]any{"secretlint/configuration": p.Sources}
	}
	if root := rootURI(p.Root); root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{srcRoot: {URI: root}}
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

func sarifRuleFor(id string, r *rules.Rule) sarifRule {
	title := r.Title
	if title == "" {
		title = strings.ReplaceAll(id, "-", " ")
	}
	desc := r.Description
	if desc == "" {
		desc = title
	}
	help := r.Help
	if help == "" {
		help = desc
	}
	tags := []string{"security", "secret", cweTag}
	if r.Source != "" {
		tags = append(tags, r.Source)
	}
	return sarifRule{
		ID:                   id,
		Name:                 pascal(id),
		ShortDescription:     &sarifMultiformat{Text: sentence(displayTitle(title))},
		FullDescription:      &sarifMultiformat{Text: sentence(desc)},
		Help:                 &sarifMultiformat{Text: help, Markdown: help},
		DefaultConfiguration: &sarifConfiguration{Level: sarifLevel(r.Severity)},
		Properties: &sarifRuleProperties{
			Tags:             tags,
			Precision:        "high",
			SecuritySeverity: securitySeverity(r.Severity),
		},
	}
}

// sarifNotificationRule describes a notice kind in driver.notifications.
func sarifNotificationRule(kind string) sarifRule {
	text := "A file, or part of it, was not scanned as usual (" + kind + ")."
	return sarifRule{
		ID:               kind,
		Name:             pascal(kind),
		ShortDescription: &sarifMultiformat{Text: text},
		FullDescription:  &sarifMultiformat{Text: text + " Errors mean the scan is incomplete; warnings mean the file was scanned another way, e.g. as plain text."},
		Help:             &sarifMultiformat{Text: "See the notification's message for the file and the reason."},
	}
}

// sarifText is a result's message: the finding's message as a sentence,
// plus the key path and commit when known.
func sarifText(f *finding.Finding) string {
	s := sentence(message(f))
	if f.KeyPath != "" {
		s += " Key: " + f.KeyPath + "."
	}
	if f.Commit != "" {
		s += " Added in commit " + shortCommit(f.Commit) + "; rotate it even if the file is clean now."
	}
	return s
}

func sarifPhysical(file string, line, col, endLine, endCol int) sarifPhysicalLocation {
	pl := sarifPhysicalLocation{ArtifactLocation: artifactLocation(file)}
	if line > 0 {
		reg := &sarifRegion{StartLine: line}
		if col > 0 {
			reg.StartColumn = col
		}
		if endLine >= line {
			reg.EndLine = endLine
			if endCol > 0 && (endLine > line || endCol > col) {
				reg.EndColumn = endCol
			}
		}
		pl.Region = reg
	}
	return pl
}

// artifactLocation is a relative, percent-encoded URI under %SRCROOT%, or
// a file URI for an absolute path.
func artifactLocation(file string) sarifArtifactLocation {
	slash := filepath.ToSlash(file)
	if filepath.IsAbs(file) || strings.HasPrefix(slash, "/") {
		return sarifArtifactLocation{URI: fileURI(slash, false)}
	}
	u := (&url.URL{Path: slash}).EscapedPath()
	// A colon in the first segment would read as a URI scheme.
	if first, _, _ := strings.Cut(u, "/"); strings.Contains(first, ":") {
		u = "./" + u
	}
	return sarifArtifactLocation{URI: u, URIBaseID: srcRoot}
}

// rootURI is the file URI of an absolute scan root, with the trailing
// slash SARIF requires; "" for a relative or empty root.
func rootURI(root string) string {
	if root == "" || !filepath.IsAbs(root) && !strings.HasPrefix(root, "/") {
		return ""
	}
	return fileURI(filepath.ToSlash(root), true)
}

func fileURI(slash string, dir bool) string {
	if !strings.HasPrefix(slash, "/") {
		slash = "/" + slash // C:/x -> /C:/x
	}
	if dir && !strings.HasSuffix(slash, "/") {
		slash += "/"
	}
	return (&url.URL{Scheme: "file", Path: slash}).String()
}

// sentence ends s with a period, as SARIF messages should.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// numericVersion drops a Go version's "v", since SARIF consumers compare
// versions that start with a digit: v1.2.3 -> 1.2.3; devel stays devel.
func numericVersion(v string) string {
	if rest := strings.TrimPrefix(v, "v"); rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return rest
	}
	return v
}

// acronyms are written in capitals in titles.
var acronyms = map[string]string{
	"api": "API", "aws": "AWS", "gcp": "GCP", "jwt": "JWT", "url": "URL", "urls": "URLs", "pat": "PAT",
	"ssh": "SSH", "pgp": "PGP", "gpg": "GPG", "rsa": "RSA", "sql": "SQL", "id": "ID", "npm": "npm",
	"oauth": "OAuth", "dbt": "dbt", "iam": "IAM", "sas": "SAS", "sdk": "SDK", "pem": "PEM",
}

// displayTitle turns a rule title ("aws access token") into a heading
// ("AWS access token").
func displayTitle(title string) string {
	words := strings.Fields(title)
	for i, w := range words {
		if a, ok := acronyms[strings.ToLower(w)]; ok {
			words[i] = a
		} else if i == 0 {
			words[i] = upperFirst(w)
		}
	}
	return strings.Join(words, " ")
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// pascal turns a kebab-case ID into the Pascal-case friendly name SARIF
// recommends: aws-access-token -> AwsAccessToken.
func pascal(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func dedupe(tags []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range tags {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// semverRE matches a Semantic Versioning 2.0 version (semver.org's
// suggested expression).
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

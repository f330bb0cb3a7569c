package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
)

// JUnit XML in the subset that GitLab's test report parser, Jenkins and
// most CI servers read: one testsuite; one testcase per file with findings
// or notices, holding exactly one <failure> (findings) or <error> (a file
// that could not be scanned) whose text lists every finding of the file,
// one per line; and a final "scan" testcase that passes, so a clean scan
// still shows one passing test. One failure per testcase because GitLab
// reads a testcase's failure as a single value.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitSuite struct {
	Name      string `xml:"name,attr"`
	Tests     int    `xml:"tests,attr"`
	Failures  int    `xml:"failures,attr"`
	Errors    int    `xml:"errors,attr"`
	Skipped   int    `xml:"skipped,attr"`
	Time      string `xml:"time,attr"`
	Timestamp string `xml:"timestamp,attr,omitempty"`
	// Properties name the configuration that applied (Report.Sources).
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	SystemOut string        `xml:"system-out,omitempty"`
	SystemErr string        `xml:"system-err,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, p *prepared) error {
	type fileCase struct {
		findings []string
		rules    []string
		errors   []string
		warnings []string
	}
	cases := map[string]*fileCase{}
	var files []string
	get := func(file string) *fileCase {
		if c, ok := cases[file]; ok {
			return c
		}
		c := &fileCase{}
		cases[file] = c
		files = append(files, file)
		return c
	}
	for i := range p.findings {
		f := &p.findings[i]
		c := get(f.File)
		line := fmt.Sprintf("%s:%d:%d: %s (%s) [%s]", f.File, f.Line, f.Column, message(f), f.RuleID, f.Severity)
		if f.KeyPath != "" {
			line += " key " + f.KeyPath
		}
		if f.Commit != "" {
			line += " commit " + shortCommit(f.Commit)
		}
		c.findings = append(c.findings, line)
		if !slices.Contains(c.rules, f.RuleID) {
			c.rules = append(c.rules, f.RuleID)
		}
	}
	for _, n := range p.notices {
		c := get(n.File)
		line := fmt.Sprintf("%s: %s (%s)", noticePlace(n), n.Message, n.Kind)
		if n.Error {
			c.errors = append(c.errors, line)
		} else {
			c.warnings = append(c.warnings, line)
		}
	}
	// files are in first-seen order: findings by file, then notices by
	// file; sort them all for one deterministic order.
	slices.Sort(files)

	suite := junitSuite{Name: toolName, Time: seconds(p)}
	if len(p.Sources) > 0 {
		suite.Properties = &junitProperties{}
		for _, s := range p.Sources {
			suite.Properties.Property = append(suite.Properties.Property, junitProperty{Name: "secretlint.configuration", Value: s.String()})
		}
	}
	if !p.Stats.Start.IsZero() {
		suite.Timestamp = p.Stats.Start.UTC().Format("2006-01-02T15:04:05")
	}
	for _, file := range files {
		c := cases[file]
		name := file
		if name == "" {
			name = "(scan)"
		}
		tc := junitCase{Classname: toolName, Name: name, File: file, Time: "0"}
		switch {
		case len(c.findings) > 0:
			tc.Failure = &junitProblem{
				Message: fmt.Sprintf("%s in %s", plural(len(c.findings), "secret", "secrets"), name),
				Type:    strings.Join(c.rules, " "),
				Text:    strings.Join(c.findings, "\n"),
			}
			suite.Failures++
			if len(c.errors) > 0 {
				tc.SystemErr = strings.Join(c.errors, "\n")
			}
		case len(c.errors) > 0:
			tc.Error = &junitProblem{
				Message: "not scanned completely: " + name,
				Type:    "scan-error",
				Text:    strings.Join(c.errors, "\n"),
			}
			suite.Errors++
		}
		if len(c.warnings) > 0 {
			tc.SystemOut = strings.Join(c.warnings, "\n")
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Cases = append(suite.Cases, junitCase{Classname: toolName, Name: "scan", Time: seconds(p), SystemOut: p.summaryLine()})
	suite.Tests = len(suite.Cases)
	out := junitSuites{
		Name: toolName, Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Time: suite.Time,
		Suites: []junitSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(p *prepared) string {
	return fmt.Sprintf("%.3f", p.Stats.Duration.Seconds())
}

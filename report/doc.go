// Package report writes scan results in the formats people and CI systems
// read: text, json, sarif, github, gitlab and junit.
//
//	err := report.Write(os.Stdout, "sarif", &report.Report{Findings: fs, Notices: ns, Root: root},
//		report.Options{ToolVersion: version})
//
// Every format is deterministic: findings are sorted with [finding.Sort]
// and notices by file and position, so the same report gives the same
// bytes whatever order the scanners finished in. Write never modifies the
// report.
//
// # Secret values
//
// Values appear only in the text and json formats, and only with
// [Options.ShowSecrets]. The sarif, github, gitlab and junit formats never
// contain a value, whatever the options: they are uploaded to code
// scanning, printed into CI logs (public for public repositories) and
// stored as artifacts. As a second line of defence, every value of at
// least six bytes is replaced by its redacted preview wherever it appears
// in free text (messages, key paths, notices), so a detector that breaks
// its promise not to quote a value still cannot leak it through a report.
//
// # text
//
// For people. Findings are grouped by file, one line each in the form
//
//	path:line:col: message (rule-id) [severity]
//
// followed by indented details: the redacted preview (the value, quoted,
// with ShowSecrets), the key path, the encoding, and for history findings
// the commit, author and date. Notices follow under "notices:", then one
// summary line. Colour (ANSI) only with [Options.Color]; control
// characters, invalid UTF-8 and bidirectional overrides in paths, keys and
// messages are escaped, so a hostile file name cannot drive the terminal.
//
// # json
//
// For programs. A top-level object with "version" (the schema version,
// [JSONSchemaVersion], "1"), "tool" (name, version, module), "findings"
// (rule_id, description, message, severity, file, line, column, end_line,
// end_column, key_path, fingerprint, redacted, secret with ShowSecrets
// only, encoding, commit, author, email, date, tags), "notices" (file,
// line, column, kind, level, message) and "summary" (counts by severity,
// notices, errors, and files_scanned, bytes_scanned, duration_ms and
// start_time when the scan's [Stats] are known). Positions are 1-based,
// columns count bytes and the end is exclusive. The JSON Schema (draft
// 2020-12) is embedded and returned by [JSONSchema]; within version 1
// fields may be added (with the schema), never renamed, removed or
// retyped.
//
// # sarif
//
// SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif)
// and other SARIF viewers. One run; tool.driver names secretlint with its
// version, semantic version and information URI, and lists one
// reportingDescriptor per rule that has a result, sorted by ID, with a
// Pascal-case name, short and full descriptions, help as text and
// markdown, a default level and properties: tags (security, secret,
// external/cwe/cwe-798 and the rule's source) and security-severity, which
// GitHub uses to rank alerts (critical 9.5, high 8.0, medium 5.5, low 3.0,
// info 1.0). Levels: critical and high are error, medium warning, low and
// info note. Each result has ruleId, ruleIndex, level, a message, one
// location relative to %SRCROOT% (percent-encoded; originalUriBaseIds
// gives the root when it is absolute) whose region starts at the line and
// column where the value starts, and partialFingerprints["secretlint/v1"],
// the finding's salted fingerprint, which stays the same when lines move
// and changes when the value changes. There is no snippet. Notices become
// invocations[0].toolExecutionNotifications, described in
// driver.notifications; executionSuccessful is false when any notice is
// an error. Columns are byte columns: SARIF has no byte column kind, so
// the run declares utf16CodeUnits, which is exact for ASCII lines; on a
// line with multi-byte characters before the value the column is a little
// to the right, the line is always exact.
//
// # github
//
// GitHub Actions workflow commands, one annotation per finding:
//
//	::error file=path,line=L,col=C,endLine=L2,endColumn=C2,title=secretlint rule-id (severity)::message
//
// critical and high are error, medium and low warning, info notice; notices
// are error or warning. Properties escape %, CR, LF, ":" and ","; data
// escapes %, CR and LF, so no message can start a workflow command of its
// own. Annotations come most severe first because GitHub shows only ten of
// each kind per step; past that a plain line says so. The last line is the
// summary.
//
// # gitlab
//
// GitLab's secret-detection report (security-report-schemas 15.0.7), for
// `artifacts: reports: secret_detection`. scan names secretlint as analyzer
// and scanner, with type secret_detection, start and end time (from
// [Stats.Start] and Duration; the time of writing when Start is zero) and
// status success; notices become scan.messages (errors warn, warnings
// info). Each vulnerability has a stable name-based UUID, category
// secret_detection, a name, a description, severity (Critical, High,
// Medium, Low, Info), the rule's help as solution, identifiers (primary:
// type secretlint_rule_id, then CWE-798), location (file, start_line,
// end_line and commit; commit.sha is the finding's commit, or 0000000 for
// a working-tree scan, as GitLab's own analyzer writes) and details (key
// path and fingerprint). raw_source_code_extract is never written: GitLab
// treats it as the token itself.
//
// # junit
//
// JUnit XML for GitLab's test report (artifacts: reports: junit), Jenkins
// and other CI servers: one testsuite; one testcase per file with findings
// or notices, holding a single failure that lists every finding of the
// file (GitLab reads one failure per testcase), or an error when the file
// could not be scanned; warnings go to system-out. A last testcase, "scan",
// passes and carries the summary, so a clean scan is one passing test.
package report

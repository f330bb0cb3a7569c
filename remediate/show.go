package remediate

import (
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/secretlint-go/secretlint/report"
	"github.com/secretlint-go/secretlint/rules"
)

// Redacted stands for a secret in every diff this package prints.
const Redacted = "<redacted>"

// ShowOptions configures WritePlan.
type ShowOptions struct {
	// Root is the directory the plan's paths are relative to.
	Root string
	// Diff adds a unified diff of each file, with every secret redacted.
	Diff bool
	// Header is the first line ("" for none).
	Header string
	// Salt is the fingerprint salt the plan was made with (its file
	// hashes are keyed by it).
	Salt string
}

// WritePlan prints a plan for people: the secrets to store, each finding's
// destination and reference, the findings that are not rewritten and why,
// and (with Diff) a unified diff of every file in which each secret, on
// both sides, reads <redacted>.
func WritePlan(w io.Writer, p *Plan, o ShowOptions) error {
	bw := &errWriter{w: w}
	if o.Header != "" {
		bw.printf("%s\n", o.Header)
	}
	backend := map[string]string{"aws": "AWS Secrets Manager", "vault": "Vault KV v2"}[p.Backend]
	bw.printf("Plan %s (%s)\n", p.ID, cmp.Or(backend, p.Backend))
	if p.Empty() && len(p.Skipped) == 0 {
		bw.printf("\nNothing to remediate.\n")
	}
	if len(p.Secrets) > 0 {
		n := 0
		for _, s := range p.Secrets {
			n += len(s.Keys)
		}
		bw.printf("\nSecrets to store (%d values in %d secrets):\n", n, len(p.Secrets))
		for _, s := range p.Secrets {
			bw.printf("  %s\n", s.Name)
			for _, k := range s.Keys {
				bw.printf("    %-28s from %s\n", k.Key, report.Clean(strings.Join(k.Places, ", ")))
				bw.printf("    %-28s   as %s\n", "", k.Ref)
			}
		}
	}
	if len(p.Files) > 0 {
		bw.printf("\nRewrites:\n")
		for _, pf := range p.Files {
			for _, e := range pf.Edits {
				loc := fmt.Sprintf("%s:%d:%d", report.Clean(pf.Path), e.Line, e.Column)
				switch {
				case e.Aux && e.Kind != EditGoCode:
					bw.printf("  %s  %s: text the references need\n", loc, e.Kind)
					continue
				}
				switch e.Kind {
				case EditDBTEnvVar, EditDBTProjectVar, EditDBTGitCredential:
					bw.printf("  %s  %s -> %s#%s via %s\n", loc, e.RuleID, e.Secret, e.Key, dbtEnvVar(e.EnvVar))
				case EditComposeVar, EditComposeDefault:
					bw.printf("  %s  %s -> %s#%s via ${%s} (compose)\n", loc, e.RuleID, e.Secret, e.Key, e.EnvVar)
				case EditGoCode:
					if pf.GoMod {
						bw.printf("  %s  require the Go runtime modules\n", loc)
					}
				case EditGo:
					bw.printf("  %s  %s -> %s#%s, read at run time with secretref (Go)\n", loc, e.RuleID, e.Secret, e.Key)
				case EditK8sSecretKeyRef, EditK8sDependentVar, EditK8sExternalSecret, EditKustomizeLiteral:
					bw.printf("  %s  %s -> %s#%s via %s\n", loc, e.RuleID, e.Secret, e.Key, k8sVia(e))
				case EditDBTDropDefault:
					bw.printf("  %s  %s -> %s#%s: drop the env_var default; %s comes from the env map\n", loc, e.RuleID, e.Secret, e.Key, e.EnvVar)
				case EditGitLabSecret, EditGitLabSecretIncluded:
					bw.printf("  %s  %s -> %s#%s: the variable goes; its jobs read it through secrets:\n", loc, e.RuleID, e.Secret, e.Key)
				default:
					if e.Replacement == "" {
						// A workflow- or job-level env line that moves
						// into the steps (actions).
						bw.printf("  %s  %s -> %s#%s: the line goes; the steps that read it get it from the store\n", loc, e.RuleID, e.Secret, e.Key)
						continue
					}
					bw.printf("  %s  %s -> %s#%s as %s\n", loc, e.RuleID, e.Secret, e.Key, strings.Trim(e.Replacement, "'\"\n "))
				}
			}
		}
	}
	if len(p.Files) > 0 {
		bw.printf("\nWhat each rewritten file needs to keep working:\n")
		for _, pf := range p.Files {
			if pf.Consumer == "" {
				continue
			}
			bw.printf("  %s (%s): %s\n", pf.Path, pf.Consumer, pf.Needs)
		}
	}
	for _, nf := range p.NewFiles {
		bw.printf("\nNew file %s (%s; references only, removed by --rollback)\n", nf.Path, nf.Consumer)
	}
	for _, ef := range p.EnvFiles {
		verb := "extend"
		if ef.Before == "" {
			verb = "create"
		}
		bw.printf("\nEnv map %s (%s; references only, read by `secretlint exec`):\n", report.Clean(ef.Path), verb)
		for _, en := range ef.Entries {
			bw.printf("  %s: %s\n", en.Var, en.Ref)
		}
	}
	if len(p.Skipped) > 0 {
		bw.printf("\nNot rewritten (%d):\n", len(p.Skipped))
		for _, s := range p.Skipped {
			label := "not rewritable"
			if s.Status == StatusNotYetRewritable {
				label = "not yet rewritable"
			}
			bw.printf("  %s:%d:%d  %s  %s: %s\n", report.Clean(s.File), s.Line, s.Column, report.Clean(s.RuleID), label, report.Clean(s.Reason))
		}
	}
	if p.Excluded > 0 {
		bw.printf("\n%d findings left out by --only/--exclude.\n", p.Excluded)
	}
	if o.Diff {
		for _, pf := range p.Files {
			d, err := redactedDiff(p, pf, o)
			if err != nil {
				bw.printf("\n%s: %v\n", report.Clean(pf.Path), err)
				continue
			}
			bw.printf("\n%s", d)
		}
		for _, nf := range p.NewFiles {
			bw.printf("\n%s", udiff.Unified("/dev/null", "b/"+nf.Path, "", nf.Content))
		}
		for _, ef := range p.EnvFiles {
			before, _ := os.ReadFile(filepath.Join(o.Root, filepath.FromSlash(ef.Path)))
			if sha(before) != ef.Before && (ef.Before != "" || len(before) > 0) {
				bw.printf("\n%s: changed since the plan was made\n", report.Clean(ef.Path))
				continue
			}
			after := append(slices.Clone(before), envAppendText(before, ef.Before == "", ef.Entries)...)
			from := "a/" + report.Clean(ef.Path)
			if ef.Before == "" {
				from = "/dev/null"
			}
			bw.printf("\n%s", udiff.Unified(from, "b/"+report.Clean(ef.Path), string(before), string(after)))
		}
	}
	return bw.err
}

type span struct{ off, end int }

// redactedDiff renders the unified diff of one planned file with every
// finding's span, and every other occurrence of a planned value, shown as
// Redacted.
func redactedDiff(p *Plan, pf *PlanFile, o ShowOptions) (string, error) {
	root, err := openTree(o.Root)
	if err != nil {
		return "", err
	}
	defer func() { _ = root.Close() }() // a directory handle
	// Read as apply reads: through the root, never through a link.
	content, _, exists, err := readIn(root, pf.Path)
	if err == nil && !exists {
		err = fs.ErrNotExist
	}
	if err != nil {
		return "", fmt.Errorf("cannot read the file: %s", errorsWithoutPath(err))
	}
	if fileHash(o.Salt, content) != pf.Before {
		return "", fmt.Errorf("changed since the plan was made (apply will leave it as it is)")
	}
	type piece struct {
		span
		repl string // "" for a redaction only
		edit bool
		aux  bool
		sp   Spelling
	}
	var pieces []piece
	var values []string
	for _, e := range pf.Edits {
		pieces = append(pieces, piece{span{e.Offset, e.EndOffset}, e.Replacement, true, e.Aux, e.Spelling})
		if e.Aux {
			continue
		}
		if v, ok := e.Spelling.Unspell(string(content[e.Offset:e.EndOffset])); ok {
			values = append(values, v)
		}
	}
	for _, s := range p.Skipped {
		if s.File == pf.Path && s.Offset >= 0 && s.EndOffset <= len(content) && s.Offset < s.EndOffset {
			pieces = append(pieces, piece{span: span{s.Offset, s.EndOffset}})
			values = append(values, string(content[s.Offset:s.EndOffset]))
		}
	}
	slices.SortFunc(pieces, func(a, b piece) int { return cmp.Or(a.off-b.off, b.end-a.end) })
	var before, after strings.Builder
	last := 0
	for _, pc := range pieces {
		if pc.off < last {
			continue // inside a span already handled
		}
		before.Write(content[last:pc.off])
		after.Write(content[last:pc.off])
		// Only the value is redacted: quotes, commas, block headers and
		// the line breaks after a block stay visible.
		tail := trailingSpace(string(content[pc.off:pc.end]))
		switch {
		case pc.aux:
			before.WriteString(pc.sp.Spell(""))
			after.WriteString(pc.repl)
		case pc.edit && pc.sp.Block != "":
			before.WriteString(pc.sp.Prefix + pc.sp.Block + "\n" + pc.sp.Indent + Redacted + tail)
			after.WriteString(pc.repl)
		case pc.edit:
			before.WriteString(pc.sp.Spell(Redacted))
			after.WriteString(pc.repl)
		default:
			before.WriteString(Redacted + tail)
			after.WriteString(Redacted + tail)
		}
		last = pc.end
	}
	before.Write(content[last:])
	after.Write(content[last:])
	b, a := scrub(before.String(), values), scrub(after.String(), values)
	return udiff.Unified("a/"+report.Clean(pf.Path), "b/"+report.Clean(pf.Path), redactGenerated(b), redactGenerated(a)), nil
}

// redactGenerated hides, in the lines a diff shows for context, every
// word that reads as generated (rules.Randomness): a secret the scan did
// not report (under a custom tag, a name it does not know) is not printed
// either. References and ordinary text stay readable.
func redactGenerated(s string) string {
	var b strings.Builder
	for _, w := range splitKeep(s) {
		if len(w) >= 10 && !strings.HasPrefix(w, "//") && !strings.HasPrefix(w, "ref+") && rules.Randomness(w) >= 8 && rules.Classify(w).Kind == rules.KindLiteral {
			b.WriteString(Redacted)
			continue
		}
		b.WriteString(w)
	}
	return b.String()
}

// splitKeep splits s into words and the separators between them, keeping
// both, so that joining the parts gives s back.
func splitKeep(s string) []string {
	sep := func(c byte) bool {
		switch c {
		case ' ', '\t', '\n', '\r', '"', '\'', ':', '=', ',', '[', ']', '{', '}', '(', ')', '`', '<', '>':
			return true
		}
		return false
	}
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if sep(s[i]) {
			if start < i {
				out = append(out, s[start:i])
			}
			out = append(out, s[i:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// scrub replaces every occurrence of each value (of 4 bytes or more) in s
// with Redacted, longest first.
func scrub(s string, values []string) string {
	slices.SortFunc(values, func(a, b string) int { return len(b) - len(a) })
	for _, v := range values {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, Redacted)
		}
		for ln := range strings.SplitSeq(v, "\n") {
			if ln = strings.TrimSpace(ln); len(ln) >= 8 {
				s = strings.ReplaceAll(s, ln, Redacted)
			}
		}
	}
	return s
}

// WriteRotationChecklist prints what to do about each secret that was
// moved: it was in the repository, so it is in its history and in every
// clone, and must be rotated.
func WriteRotationChecklist(w io.Writer, p *Plan, rep *Report) error {
	bw := &errWriter{w: w}
	moved := map[string][]string{}
	for _, sr := range rep.Secrets {
		moved[sr.Name] = append(moved[sr.Name], sr.Written...)
		moved[sr.Name] = append(moved[sr.Name], sr.Present...)
	}
	if len(moved) == 0 {
		return nil
	}
	bw.printf("\nRotation checklist: each value below was committed to the repository. Moving it does not\n")
	bw.printf("remove it from git history, forks, clones, CI logs or caches: treat it as leaked and rotate it.\n")
	for _, s := range p.Secrets {
		keys := moved[s.Name]
		slices.Sort(keys)
		for _, k := range s.Keys {
			if !slices.Contains(keys, k.Key) {
				continue
			}
			bw.printf("  [ ] %s#%s (was at %s)\n", s.Name, k.Key, report.Clean(strings.Join(k.Places, ", ")))
		}
	}
	bw.printf(`
For each one:
  1. Issue a new credential at its provider (or database), store it in the same secret and key
     (a new version: the references in the files keep working), and deploy.
  2. Revoke the old credential once nothing uses it; check the provider's access logs for use
     since it was committed.
  3. Database users (dbt targets, DSNs): rotate without downtime with two credentials. Create a
     second user (or a second password/key: Snowflake RSA_PUBLIC_KEY_2, PostgreSQL a second role
     with the same grants), store it, deploy, confirm every job uses it, then drop the old one.
  4. Purging history (git filter-repo) only limits further spread; it does not replace rotation.
`)
	return bw.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

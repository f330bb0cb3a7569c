package rules

import (
	"fmt"
	"index/suffixarray"
	"math"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/zricethezav/gitleaks/v8/config"
)

// Match is one hit of a provider rule in a piece of text.
type Match struct {
	RuleID string
	// Secret is the extracted secret (the rule's secret group, else the
	// whole match); Start and End are its byte span in the content.
	Secret     string
	Start, End int
	// MatchStart and MatchEnd span the whole regex match.
	MatchStart, MatchEnd int
	Entropy              float64
}

// Detector runs a gitleaks rule set over text. It is built once per
// configuration and is safe for concurrent use.
//
// It reproduces gitleaks' detection semantics (keywords, secret groups,
// entropy thresholds, rule and global allowlists, path rules,
// "gitleaks:allow") but not its search strategy: instead of running every
// rule whose keyword occurs anywhere in a file over the whole file, it runs
// the rule only over the lines around each keyword occurrence. The window
// for each rule is derived from its regex syntax (see windowPlan) so that
// every match gitleaks would find lies inside a window; rules for which no
// window is provable run over the whole content, as in gitleaks. A
// differential test against gitleaks' own detect.Detector guards this.
// On top of gitleaks' rules, where aws-access-token ran, it reports AWS
// key pairs (awskeys.go): secret access keys next to a key id, and the ids
// outside gitleaks' base32 alphabet that have one.
type Detector struct {
	cfg      config.Config
	rules    []*detRule
	keywords *keywordMatcher
	// keywordWords are the keywords keywords matches, by index.
	keywordWords []string
	// sessionKw marks the keywords that are AWS session token markers.
	sessionKw []bool    // by keyword index
	kwRules   [][]int32 // keyword index -> rules using it
	always    []int32   // rules without keywords
	// allowRegex keeps, per allowlist, its use count and the branches
	// of its regexes (allowregex.go): *config.Allowlist -> *allowEntry.
	allowRegex sync.Map
	// paths accelerates the global path allowlists (see pathFilter).
	paths []pathFilter
	// states pools the per-call hit state (*hitState).
	states sync.Pool
}

type detRule struct {
	rule     config.Rule
	keywords []string // lower case, unique
	plan     windowPlan
	template *keyedTemplate
	// needs are literals every match contains besides a keyword, checked
	// before a rule that searches to the end of the file (ruleLiterals).
	needs []*KeywordSet
	// winNeeds are literals every match contains besides a keyword, for a
	// rule searched in windows around its hits: a window without one of
	// them holds no match (lob-api-key's "lob" near test_).
	winNeeds []*KeywordSet
	// near are literals every match holds within its first nearAfter
	// lines, which start at most nearBefore lines above a keyword hit:
	// a rule whose window runs to the end of the file runs only when a
	// hit has them close by (prefixLiterals).
	near                  []*KeywordSet
	nearBefore, nearAfter int
	// starts runs a rule without a window from where its matches can
	// start (planStarts).
	starts *startSearch
	// pathLits holds literals one of which every path the rule's path
	// regex matches contains (requiredLiterals): most paths fail it in
	// one pass instead of a regex run per triggered rule and file.
	pathLits *KeywordSet

	// lazy holds the parts of a skeleton rule still to be built (see
	// lazy.go); once builds them, or the plan of an eager rule.
	lazy    *lazyRule
	once    sync.Once
	initErr error
}

// init builds the rule's regex, allowlists, window plan and template the
// first time the rule is needed. Safe for concurrent use.
func (r *detRule) init() error {
	r.once.Do(func() {
		if l := r.lazy; l != nil {
			if l.regex != "" {
				re, err := compileGL(l.regex)
				if err != nil {
					r.initErr = fmt.Errorf("%s: invalid regex: %w", r.rule.RuleID, err)
					return
				}
				r.rule.Regex = re
			}
			for _, ta := range l.allowlists {
				a, err := buildAllowlist(ta)
				if err != nil {
					r.initErr = fmt.Errorf("%s: [[rules.allowlists]] %w", r.rule.RuleID, err)
					return
				}
				r.rule.Allowlists = append(r.rule.Allowlists, a)
			}
		}
		if r.rule.Regex != nil {
			r.plan = planWindow(r.rule.Regex.String(), r.keywords)
			if r.plan.safe && r.plan.reachAfter != unbounded {
				r.template = planTemplate(r.rule.Regex.String(), r.keywords)
			}
			if r.plan.safe && r.plan.reachAfter == unbounded && r.plan.linesAfter == unbounded {
				lits, nl := prefixLiterals(r.rule.Regex.String())
				for _, l := range lits {
					if !slices.Contains(r.keywords, l) {
						r.near = append(r.near, NewKeywordSet([]string{l}))
					}
				}
				r.nearBefore, r.nearAfter = r.plan.linesBefore, nl
			}
			if r.plan.safe && r.template == nil && (r.plan.reachAfter != unbounded || r.plan.linesAfter != unbounded) {
				for _, l := range ruleLiterals(r.rule.Regex.String()) {
					if !slices.Contains(r.keywords, l) {
						r.winNeeds = append(r.winNeeds, NewKeywordSet([]string{l}))
					}
				}
			}
			if !r.plan.safe || r.plan.reachAfter == unbounded && r.plan.linesAfter == unbounded {
				r.starts = planStarts(r.rule.Regex.String())
				for _, l := range ruleLiterals(r.rule.Regex.String()) {
					if !slices.Contains(r.keywords, l) {
						r.needs = append(r.needs, NewKeywordSet([]string{l}))
					}
				}
			}
		}
	})
	return r.initErr
}

// NewDetector builds a detector for a gitleaks configuration. Each rule's
// window plan is computed the first time the rule is needed.
func NewDetector(cfg config.Config) *Detector { return newDetector(cfg) }

func newDetector(cfg config.Config) *Detector {
	d := &Detector{cfg: cfg}
	for _, a := range cfg.Allowlists {
		d.paths = append(d.paths, newPathFilter(a))
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range cfg.Rules {
			if !yield(id) {
				return
			}
		}
	})
	kwIndex := map[string]int32{}
	var kws []string
	for _, id := range ids {
		r := cfg.Rules[id]
		ri := int32(len(d.rules))
		dr := &detRule{rule: r}
		if r.Path != nil {
			if re, err := syntax.Parse(r.Path.String(), syntax.Perl); err == nil {
				if lits, ok := requiredLiterals(re); ok && !slices.Contains(lits, "") {
					dr.pathLits = NewKeywordSet(lits)
				}
			}
		}
		lowered := make([]string, 0, len(r.Keywords))
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			if k == "" || slices.Contains(lowered, k) {
				continue
			}
			lowered = append(lowered, k)
			ki, ok := kwIndex[k]
			if !ok {
				ki = int32(len(kws))
				kwIndex[k] = ki
				kws = append(kws, k)
				d.kwRules = append(d.kwRules, nil)
			}
			d.kwRules[ki] = append(d.kwRules[ki], ri)
		}
		dr.keywords = lowered
		if len(lowered) == 0 {
			d.always = append(d.always, ri)
		}
		d.rules = append(d.rules, dr)
	}
	// The AWS session token markers (awskeys.go) ride the same pass: a
	// file without one is not searched for tokens.
	var session []int32
	for _, m := range awsSessionMarkers {
		k := strings.ToLower(m)
		ki, ok := kwIndex[k]
		if !ok {
			ki = int32(len(kws))
			kwIndex[k] = ki
			kws = append(kws, k)
			d.kwRules = append(d.kwRules, nil)
		}
		session = append(session, ki)
	}
	d.sessionKw = make([]bool, len(kws))
	for _, ki := range session {
		d.sessionKw[ki] = true
	}
	d.keywords = newKeywordMatcher(kws)
	d.keywordWords = kws
	return d
}

// Config returns the gitleaks configuration the detector runs.
func (d *Detector) Config() *config.Config { return &d.cfg }

// RuleIDs returns the ids of the rules, sorted.
func (d *Detector) RuleIDs() []string {
	out := make([]string, len(d.rules))
	for i, r := range d.rules {
		out[i] = r.rule.RuleID
	}
	return out
}

// PathAllowed reports whether a global allowlist exempts the whole file at
// path (slash-separated), as gitleaks skips go.sum, vendored modules, lock
// files and images.
func (d *Detector) PathAllowed(path string) bool {
	for i, a := range d.cfg.Allowlists {
		if a.MatchCondition == config.AllowlistMatchAnd {
			if len(a.Paths) == 0 || len(a.Commits) > 0 || len(a.Regexes) > 0 || len(a.StopWords) > 0 {
				continue
			}
		}
		if d.paths[i].allowed(path) {
			return true
		}
	}
	return false
}

// hitState collects keyword hits per rule for one Detect call. It is
// pooled: a scan of many files reuses the per-rule slices.
type hitState struct {
	hits      [][]int // rule index -> hit start offsets (ascending)
	triggered []bool
	order     []int32
	kw        []kwHit
	scratch   [3][]kwHit
}

func (d *Detector) getHitState() *hitState {
	if hs, ok := d.states.Get().(*hitState); ok {
		return hs
	}
	return &hitState{hits: make([][]int, len(d.rules)), triggered: make([]bool, len(d.rules))}
}

func (d *Detector) putHitState(hs *hitState) {
	for _, ri := range hs.order {
		hs.hits[ri] = hs.hits[ri][:0]
		hs.triggered[ri] = false
	}
	hs.order = hs.order[:0]
	hs.kw = hs.kw[:0]
	d.states.Put(hs)
}

// Detect returns the matches of every rule in content, which came from the
// file at path (slash-separated; may be empty). Matches are ordered by
// position.
func (d *Detector) Detect(path, content string) []Match {
	if path != "" && d.PathAllowed(path) {
		return nil
	}
	return d.DetectChecked(path, content)
}

// DetectChecked is Detect for a path the caller has already checked with
// PathAllowed (a walker that skips allowlisted files before reading
// them): it does not run the global path allowlists again.
func (d *Detector) DetectChecked(path, content string) []Match {
	hs := d.getHitState()
	defer d.putHitState(hs)
	hs.kw = d.keywords.findAll(content, hs.kw, &hs.scratch)
	return d.detect(path, content, hs, hs.kw)
}

// detect runs the rules triggered by the keyword hits kw (detector
// keyword indices, in order of end position) and those without keywords.
func (d *Detector) detect(path, content string, hs *hitState, kw []kwHit) []Match {
	triggered, order := hs.triggered, hs.order
	session := false
	for _, h := range kw {
		session = session || d.sessionKw[h.kw]
		for _, ri := range d.kwRules[h.kw] {
			if !triggered[ri] {
				triggered[ri] = true
				order = append(order, ri)
			}
			hs.hits[ri] = append(hs.hits[ri], h.start)
		}
	}
	for _, ri := range d.always {
		if !triggered[ri] {
			triggered[ri] = true
			order = append(order, ri)
		}
	}
	hs.order = order
	slices.Sort(order)
	st := &detectState{content: content, path: path}
	var out []Match
	aws := false // aws-access-token ran: look for key pairs
	for _, ri := range order {
		r := d.rules[ri]
		if r.init() != nil {
			continue // a lazily built rule that does not compile (tested never to happen for the built-in set)
		}
		if !d.ruleAppliesToPath(r, path) {
			continue
		}
		if r.rule.Regex == nil {
			// Path-only rule (pkcs12-file): the file itself is the finding.
			if r.rule.Path != nil && path != "" && (r.pathLits == nil || !isASCII(path) || r.pathLits.Contains(path)) && r.rule.Path.MatchString(path) {
				out = append(out, Match{RuleID: r.rule.RuleID, Secret: "", Start: 0, End: 0})
			}
			continue
		}
		if !r.mayMatch(content) {
			continue
		}
		if st.lines == nil {
			st.lines = newLineIndex(content)
		}
		out = append(out, d.detectRule(r, st, hs.hits[ri])...)
		aws = aws || r.rule.RuleID == awsIDRuleID
	}
	if aws {
		out = append(out, detectAWSPairs(content, out)...) // awskeys.go
	}
	if session && mayHoldSessionToken(content) {
		out = append(out, detectAWSSessions(content)...) // awskeys.go
	}
	out = dropShadowedGeneric(out, st.lines)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].RuleID < out[j].RuleID
	})
	return out
}

// mayMatch reports whether content holds every literal the rule's matches
// need (ignoring ASCII case; a content with a non-ASCII character that
// (?i) folds onto an ASCII letter always may).
func (r *detRule) mayMatch(content string) bool {
	for _, n := range r.needs {
		if !n.Contains(content) {
			return hasFoldRunes(content)
		}
	}
	return true
}

// holdsNeeds reports whether s holds every literal of winNeeds (ignoring
// ASCII case; a text with a non-ASCII character that (?i) folds onto an
// ASCII letter always may).
func (r *detRule) holdsNeeds(s string) bool {
	for _, n := range r.winNeeds {
		if !n.Contains(s) {
			return hasFoldRunes(s)
		}
	}
	return true
}

// nearHit reports whether some keyword hit has every literal of r.near
// within the lines a match around it starts with (or the check would cost
// more than the regex budget, or content holds a non-ASCII case fold).
func (r *detRule) nearHit(content string, lines *lineIndex, hits []int) bool {
	budget, spent := regexBudget(len(content)), 0
	lastA, lastB := -1, -1
	for _, h := range hits {
		l := lines.lineOf(h)
		a, b := lines.start(max(0, l-r.nearBefore)), lines.end(l+r.nearAfter)
		if a == lastA && b == lastB {
			continue
		}
		lastA, lastB = a, b
		if spent += b - a; spent > budget {
			return true
		}
		all := true
		for _, n := range r.near {
			if !n.Contains(content[a:b]) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return hasFoldRunes(content)
}

// dropShadowedGeneric removes a generic-rule match when a provider rule
// matched a secret containing it on the same line, as gitleaks does. The
// matches are grouped by line, so the work is bounded by the matches of each
// line, and a line with many of both is answered through a suffix array of
// its provider secrets instead of pair by pair (see shadowedOnLine).
func dropShadowedGeneric(ms []Match, lines *lineIndex) []Match {
	if lines == nil || len(ms) < 2 {
		return ms
	}
	type lineSet struct{ generic, provider []int }
	byLine := map[int]*lineSet{}
	anyGeneric := false
	for i, m := range ms {
		l := lines.lineOf(m.MatchStart)
		ls := byLine[l]
		if ls == nil {
			ls = &lineSet{}
			byLine[l] = ls
		}
		if isGenericRule(m.RuleID) {
			ls.generic = append(ls.generic, i)
			anyGeneric = true
		} else {
			ls.provider = append(ls.provider, i)
		}
	}
	if !anyGeneric {
		return ms
	}
	drop := make([]bool, len(ms))
	for _, ls := range byLine {
		if len(ls.generic) > 0 && len(ls.provider) > 0 {
			shadowedOnLine(ms, ls.generic, ls.provider, drop)
		}
	}
	out := make([]Match, 0, len(ms))
	for i, m := range ms {
		if !drop[i] {
			out = append(out, m)
		}
	}
	return out
}

func isGenericRule(id string) bool { return strings.Contains(strings.ToLower(id), "generic") }

// pairLimit is how many (generic, provider) pairs of one line are compared
// one by one before a suffix array answers instead.
const pairLimit = 1024

// shadowedOnLine marks in drop the generic matches (indices gen) whose
// secret occurs in the secret of a provider match (indices prov) of the
// same line. A provider match never shadows a match of its own rule id,
// which cannot happen here: generic and provider ids are disjoint.
func shadowedOnLine(ms []Match, gen, prov []int, drop []bool) {
	if len(gen)*len(prov) <= pairLimit {
		for _, g := range gen {
			for _, p := range prov {
				if strings.Contains(ms[p].Secret, ms[g].Secret) {
					drop[g] = true
					break
				}
			}
		}
		return
	}
	// The provider secrets joined by newlines: a secret without a newline
	// occurs in the joined text exactly when it occurs in one of them.
	seen := map[string]bool{}
	var b strings.Builder
	for _, p := range prov {
		if s := ms[p].Secret; !seen[s] {
			seen[s] = true
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	joined := b.String()
	idx := suffixarray.New([]byte(joined))
	answer := map[string]bool{}
	for _, g := range gen {
		s := ms[g].Secret
		found, ok := answer[s]
		if !ok {
			switch {
			case s == "":
				found = true // every string contains the empty one
			case strings.Contains(s, "\n"):
				for _, p := range prov {
					if strings.Contains(ms[p].Secret, s) {
						found = true
						break
					}
				}
			default:
				found = len(idx.Lookup([]byte(s), 1)) > 0
			}
			answer[s] = found
		}
		drop[g] = found
	}
}

func (d *Detector) ruleAppliesToPath(r *detRule, path string) bool {
	if r.rule.Path != nil && r.rule.Regex != nil &&
		(r.pathLits != nil && isASCII(path) && !r.pathLits.Contains(path) || !r.rule.Path.MatchString(path)) {
		return false
	}
	if path == "" {
		return true
	}
	for _, a := range r.rule.Allowlists {
		if a.MatchCondition == config.AllowlistMatchAnd && (len(a.Regexes) > 0 || len(a.StopWords) > 0 || len(a.Commits) > 0) {
			continue
		}
		if a.PathAllowed(path) {
			return false
		}
	}
	return true
}

// windows returns the byte ranges of content a rule must search: one per
// keyword hit, whole lines, identical ranges once. They are not merged:
// small windows keep Go's regexp on its fast bounded backtracker, where one
// merged window would send it to the slow NFA.
func (r *detRule) windows(content string, lines *lineIndex, hits []int) [][2]int {
	if !r.plan.safe || len(hits) == 0 {
		return [][2]int{{0, len(content)}}
	}
	var ws [][2]int
	for _, h := range hits {
		line := lines.lineOf(h)
		start := lines.start(max(0, line-r.plan.linesBefore))
		var end int
		switch {
		case r.plan.reachAfter != unbounded:
			end = lines.end(lines.lineOf(min(len(content)-1, h+r.plan.reachAfter)))
		case r.plan.linesAfter == unbounded:
			end = len(content)
		default:
			end = lines.end(line + r.plan.linesAfter)
		}
		if n := len(ws); n > 0 {
			last := &ws[n-1]
			if start == last[0] && end <= last[1] {
				continue
			}
			if start >= last[0] && end <= last[1] {
				continue // inside the previous window
			}
			if last[1] == len(content) && end == len(content) {
				continue // both run to the end: the earlier one covers it
			}
		}
		ws = append(ws, [2]int{start, end})
	}
	return ws
}

// detectState is what one Detect call shares between its rules: the
// content, its line index, and answers that depend on a line only.
type detectState struct {
	path    string
	content string
	lines   *lineIndex
	// allowMarks are the offsets of "gitleaks:allow" in content, found
	// on first use (nil: not yet; empty: none).
	allowMarks []int
	// lineAllowed memoises line-target allowlist regexes per line span:
	// many matches on one long line would otherwise each run them over
	// the whole line.
	lineAllowed map[lineAllowKey]bool
}

type lineAllowKey struct {
	a    *config.Allowlist
	s, e int
}

const allowMarker = "gitleaks:allow"

// hasAllowMarker reports whether content[s:e] contains "gitleaks:allow".
func (st *detectState) hasAllowMarker(s, e int) bool {
	if st.allowMarks == nil {
		st.allowMarks = append([]int{}, occurrences(st.content, allowMarker)...)
	}
	i, _ := slices.BinarySearch(st.allowMarks, s)
	return i < len(st.allowMarks) && st.allowMarks[i]+len(allowMarker) <= e
}

// The regex work of one rule on one file is bounded by regexBudget bytes
// of input handed to the regex engine (whose own cost is linear in its
// input): keyword hits that each reach far (a keyword repeated along one
// long line, windows of many lines around every hit) stop being searched
// one by one once they exceed it, and the rule runs once over the whole
// content instead, as gitleaks runs it. Either way the result is the same;
// only the cost is bounded, linear in the file size whatever the rules.
const (
	budgetPerByte = 16
	budgetSlack   = 256 << 10
)

func regexBudget(n int) int { return budgetPerByte*n + budgetSlack }

// regexInput counts the bytes handed to the regex engine (tests read it to
// check the bound).
var regexInput atomic.Int64

func (d *Detector) detectRule(r *detRule, st *detectState, hits []int) []Match {
	content, lines := st.content, st.lines
	budget := regexBudget(len(content))
	var ws [][2]int
	if r.template != nil && len(hits) > 0 {
		hits = sortedUnique(hits)
		end := func(h int) int {
			return lines.end(lines.lineOf(min(len(content)-1, h+r.plan.reachAfter)))
		}
		if locs, ok := r.template.find(content, hits, end, budget); ok {
			return d.buildMatches(r, st, locs)
		}
		ws = [][2]int{{0, len(content)}}
	} else {
		if len(r.near) > 0 && len(hits) > 0 && !r.nearHit(content, lines, hits) {
			return nil
		}
		if r.starts != nil {
			if locs, ok := r.starts.find(content, budget); ok {
				return d.buildMatches(r, st, locs)
			}
			ws = [][2]int{{0, len(content)}}
		} else {
			ws = r.windows(content, lines, hits)
			if len(r.winNeeds) > 0 {
				ws = slices.DeleteFunc(ws, func(w [2]int) bool { return !r.holdsNeeds(content[w[0]:w[1]]) })
				if len(ws) == 0 {
					return nil
				}
			}
			total := 0
			for _, w := range ws {
				total += w[1] - w[0]
			}
			if total > budget {
				ws = [][2]int{{0, len(content)}}
			}
		}
	}
	var cands [][]int
	for _, w := range ws {
		regexInput.Add(int64(w[1] - w[0]))
		for _, loc := range r.rule.Regex.FindAllStringSubmatchIndex(content[w[0]:w[1]], -1) {
			for i := range loc {
				if loc[i] >= 0 {
					loc[i] += w[0]
				}
			}
			cands = append(cands, loc)
		}
	}
	if len(ws) > 1 {
		// Windows overlap where a match may span lines: resolve as one
		// left-to-right search over the content would, keeping the longest
		// of the matches starting at the same place (the one found with the
		// most context).
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i][0] != cands[j][0] {
				return cands[i][0] < cands[j][0]
			}
			return cands[i][1] > cands[j][1]
		})
	}
	var out []Match
	lastEnd := -1
	for _, loc := range cands {
		if loc[0] < lastEnd || (loc[0] == lastEnd && loc[1] == loc[0]) {
			continue
		}
		lastEnd = loc[1]
		if m, ok := d.buildMatch(r, st, loc); ok {
			out = append(out, m)
		}
	}
	return out
}

// buildMatches applies buildMatch to each match location, in order.
func (d *Detector) buildMatches(r *detRule, st *detectState, locs [][]int) []Match {
	var out []Match
	for _, loc := range locs {
		if m, ok := d.buildMatch(r, st, loc); ok {
			out = append(out, m)
		}
	}
	return out
}

func sortedUnique(hits []int) []int {
	if !slices.IsSorted(hits) {
		slices.Sort(hits)
	}
	return slices.Compact(hits)
}

// buildMatch applies gitleaks' per-match logic: trailing-newline trim,
// secret group, entropy, gitleaks:allow, global then rule allowlists.
func (d *Detector) buildMatch(r *detRule, st *detectState, loc []int) (Match, bool) {
	const base = 0
	content, lines := st.content, st.lines
	ms, me := loc[0]+base, loc[1]+base
	raw := content[ms:me]
	trimmed := strings.Trim(raw, "\n")
	// gitleaks trims newlines on both ends and keeps the start offset.
	lead := len(raw) - len(strings.TrimLeft(raw, "\n"))
	match := Match{RuleID: r.rule.RuleID, MatchStart: ms, MatchEnd: ms + len(trimmed)}
	match.Secret, match.Start, match.End = trimmed, ms, ms+len(trimmed)
	if lead > 0 {
		// gitleaks reports the trimmed text at the untrimmed start; we
		// locate the secret precisely.
		match.Start = ms + lead
		match.End = match.Start + len(trimmed)
	}
	// Secret group. gitleaks re-runs the regex on the trimmed match; the
	// submatch offsets of the original search give the same groups for
	// every rule in the default set, and exact positions.
	if n := len(loc) / 2; n >= 2 {
		g := r.rule.SecretGroup
		if g == 0 {
			for i := 1; i < n; i++ {
				if loc[2*i] >= 0 && loc[2*i+1] > loc[2*i] {
					g = i
					break
				}
			}
		}
		if g > 0 && g < n && loc[2*g] >= 0 {
			match.Start, match.End = loc[2*g]+base, loc[2*g+1]+base
			match.Secret = content[match.Start:match.End]
		} else if r.rule.SecretGroup > 0 {
			return Match{}, false
		}
	}
	match.Entropy = shannonEntropy(match.Secret)
	if r.rule.Entropy != 0 && match.Entropy <= r.rule.Entropy {
		return Match{}, false
	}
	ls, le := lines.start(lines.lineOf(ms)), lines.lineEndNoNL(lines.lineOf(max(ms, match.MatchEnd-1)))
	if st.hasAllowMarker(ls, le) {
		return Match{}, false
	}
	if st.allowed(d, d.cfg.Allowlists, match, trimmed, ls, le) || st.allowed(d, r.rule.Allowlists, match, trimmed, ls, le) {
		return Match{}, false
	}
	return match, true
}

// allowed mirrors gitleaks' checkFindingAllowed for a fragment without a
// commit; the line is content[ls:le].
func (st *detectState) allowed(d *Detector, lists []*config.Allowlist, m Match, matchText string, ls, le int) bool {
	path := st.path
	for _, a := range lists {
		var regexAllowed bool
		switch a.RegexTarget {
		case "match":
			regexAllowed = d.allowedByRegex(a, matchText)
		case "line":
			k := lineAllowKey{a, ls, le}
			v, ok := st.lineAllowed[k]
			if !ok {
				if st.lineAllowed == nil {
					st.lineAllowed = map[lineAllowKey]bool{}
				}
				v = d.allowedByRegex(a, st.content[ls:le])
				st.lineAllowed[k] = v
			}
			regexAllowed = v
		default:
			regexAllowed = d.allowedByRegex(a, m.Secret)
		}
		stop, _ := a.ContainsStopWord(m.Secret)
		if a.MatchCondition == config.AllowlistMatchAnd {
			checks := []bool{}
			if len(a.Commits) > 0 {
				checks = append(checks, false) // no commit in a working-tree scan
			}
			if len(a.Paths) > 0 {
				checks = append(checks, path != "" && a.PathAllowed(path))
			}
			if len(a.Regexes) > 0 {
				checks = append(checks, regexAllowed)
			}
			if len(a.StopWords) > 0 {
				checks = append(checks, stop)
			}
			all := len(checks) > 0
			for _, c := range checks {
				all = all && c
			}
			if all {
				return true
			}
			continue
		}
		if regexAllowed || stop {
			return true
		}
	}
	return false
}

// shannonEntropy is gitleaks' entropy measure (bits per byte-rune).
func shannonEntropy(data string) float64 {
	if data == "" {
		return 0
	}
	var counts [256]int
	nonASCII := false
	for i := 0; i < len(data); i++ {
		if data[i] >= 0x80 {
			nonASCII = true
			break
		}
		counts[data[i]]++
	}
	if nonASCII {
		return runeEntropy(data)
	}
	inv := 1 / float64(len(data))
	e := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) * inv
			e -= p * math.Log2(p)
		}
	}
	return e
}

// runeEntropy follows gitleaks exactly for non-ASCII input: it counts runes
// but divides by the byte length.
func runeEntropy(data string) float64 {
	counts := map[rune]int{}
	for _, r := range data {
		counts[r]++
	}
	e := 0.0
	for _, c := range counts {
		p := float64(c) / float64(len(data))
		e -= p * math.Log2(p)
	}
	return e
}

// Entropy returns the Shannon entropy of s in bits per byte, as gitleaks
// measures it.
func Entropy(s string) float64 { return shannonEntropy(s) }

package rules

import (
	"slices"
	"strings"
)

// Randomness scores how much of s looks generated rather than written by a
// person. s is split into words the way identifiers are (SplitWords:
// case changes, letter/digit changes, separators), and each word adds
//
//   - nothing when it reads as a word (three or more letters with a vowel
//     and no run of four consonants: "signing", "system", "token") or is a
//     run of sequential or repeated characters ("abcdef", "123456", "aaaa");
//   - half its length when it is a short number (a year, a version, "2");
//   - its length otherwise ("q", "xk", "8f3ab", "jbswydpehpk").
//
// Tokens and keys are generated: q8Lm2vXk9zPw scores 10.5, a UUID or hex
// digest several tens. Names and made-up values score little:
// "somerandomtoken" 0, "istio-system/s0" 2, "myJwtSecret2024" 7,
// "abcdefg1234567" 0. Passwords are chosen by people and are not judged by
// this score.
func Randomness(s string) float64 {
	score := 0.0
	// A run of eight or more hex digits mixing letters and digits is a
	// digest or a random id ("int-tok-4f9a2c71"), however it splits,
	// except for the parts of it that are sequences ("abcdef0123456789").
	s, score = hexRuns(s)
	for _, w := range SplitWords(s) {
		switch {
		case isDigits(w):
			switch {
			case len(w) >= 3 && sequential(w):
			case len(w) <= 4:
				score += float64(len(w)) / 2
			default:
				score += float64(len(w))
			}
		case len(w) >= 3 && (wordlike(w) || sequential(w)):
		default:
			score += float64(len(w))
		}
	}
	return score
}

// hexRuns scores the mixed hex runs of s and returns s without them.
func hexRuns(s string) (string, float64) {
	isHex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	var b []byte
	score := 0.0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isHex(s[j]) {
			j++
		}
		if j == i {
			i++
			continue
		}
		run := s[i:j]
		wordBefore := i > 0 && (s[i-1] >= 'g' && s[i-1] <= 'z' || s[i-1] >= 'G' && s[i-1] <= 'Z')
		wordAfter := j < len(s) && (s[j] >= 'g' && s[j] <= 'z' || s[j] >= 'G' && s[j] <= 'Z')
		if len(run) >= 8 && !wordBefore && !wordAfter && strings.ContainsAny(run, "0123456789") && strings.ContainsAny(strings.ToLower(run), "abcdef") {
			n := len(run)
			for _, w := range SplitWords(run) {
				if len(w) >= 3 && sequential(w) {
					n -= len(w)
				}
			}
			score += float64(n)
			if b == nil {
				b = []byte(s)
			}
			for k := i; k < j; k++ {
				b[k] = ' '
			}
		}
		i = j
	}
	if b == nil {
		return s, 0
	}
	return string(b), score
}

// Generated reports whether v reads as machine-generated (a key prefix
// aside): what a token or key name needs of its value.
func Generated(v string) bool { return Randomness(withoutKeyPrefix(v)) >= generatedMin }

// generatedMin is the Randomness a value under a token or key name needs to
// be reported: about eight characters that read as neither words nor runs.
const generatedMin = 8

// withoutKeyPrefix returns a value without a vendor's key prefix (two
// to four letters or digits and a '_' or '-': sk_, mdr_, xoxb-), which
// says whose key it is, not that it was generated: what follows must be
// random for the value to be a generated key (mdr_test_sandbox_public_demo
// is words).
func withoutKeyPrefix(v string) string {
	i := strings.IndexAny(v, "_-")
	if i < 2 || i > 4 || len(v)-i-1 < 8 {
		return v
	}
	for j := 0; j < i; j++ {
		c := v[j]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return v
		}
	}
	return v[i+1:]
}

// wordlike reports whether a lower-case run of letters reads as a word
// (or words run together): it has a vowel and at least 85% of its letter
// pairs are common in English ("wordpress", "bootstrap", "tlssecret" are
// words; "jbswy", "dpehpk" and "flwqkenfjasasdfmwerasd" are not). Random
// letters make a common pair about half the time.
func wordlike(w string) bool {
	if len(w) < 3 {
		return false
	}
	vowel, common := false, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			return false
		}
		if strings.IndexByte("aeiouy", c) >= 0 {
			vowel = true
		}
		if i > 0 && commonBigrams[w[i-1]-'a']&(1<<(c-'a')) != 0 {
			common++
		}
	}
	return vowel && common*100 >= (len(w)-1)*85
}

// commonBigrams[a] has bit b set when the letter pair ab is one of the 339
// pairs that make up 99% of the pairs in English prose, counted over the
// words of the Go standard library's comments (8.5 million pairs, Go 1.26).
var commonBigrams = [26]uint32{
	0x1febd6e, 0x1164b13, 0x13eddd5, 0x11f791d, 0x1fff9ff, 0x11e4935, 0x01e69d5, 0x01e5111,
	0x2aefc7f, 0x0140010, 0x0042111, 0x17e493d, 0x01cd91b, 0x13cfd7d, 0x07efd7f, 0x11ed99d,
	0x0100000, 0x17efd7f, 0x15efdbd, 0x15ed9bf, 0x08eb97f, 0x0e0d11f, 0x0066195, 0x0088115,
	0x00eb910, 0x0000011,
}

// sequential reports whether w is a run of one repeated character or of
// characters that go up or down by one ("abcdef", "654321", "zzzz"),
// digits wrapping around ("1234567890"). Each character may be doubled
// ("aabbccdd"), and a run of eight or more may restart once
// ("1234560123456789").
func sequential(w string) bool {
	if len(w) < 2 {
		return false
	}
	c := []byte(w)
	if stuttered(w) {
		c = collapse(w)
	}
	breaks, step := 0, 0
	for i := 1; i < len(c); i++ {
		switch s := seqStep(c[i-1], c[i]); {
		case s < -1 || s > 1:
			breaks++
		case step == 0 && i == 1:
			step = s
		case s != step:
			breaks++
		}
	}
	return breaks == 0 || breaks == 1 && len(c) >= 8
}

// allSequential reports whether every word of s is a sequence of three or
// more characters ("abcdefghijklmnopqrstuvwxyz123456", "abc-123").
func allSequential(s string) bool {
	words := SplitWords(s)
	for _, w := range words {
		if len(w) < 3 || !sequential(w) {
			return false
		}
	}
	return len(words) > 0
}

// interleavedSequence reports whether s, six or more letters and digits,
// alternates two sequences ("A1B2C3D4E5", "a1b2c3").
func interleavedSequence(s string) bool {
	if len(s) < 6 {
		return false
	}
	var even, odd []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c|0x20 >= 'a' && c|0x20 <= 'z':
			c |= 0x20 // lower case
		default:
			return false
		}
		if i%2 == 0 {
			even = append(even, c)
		} else {
			odd = append(odd, c)
		}
	}
	return sequential(string(even)) && sequential(string(odd))
}

// stuttered reports whether every character of w comes in a pair
// ("aabbcc").
func stuttered(w string) bool {
	if len(w) < 4 || len(w)%2 != 0 {
		return false
	}
	for i := 0; i < len(w); i += 2 {
		if w[i] != w[i+1] {
			return false
		}
	}
	return true
}

func collapse(w string) []byte {
	out := make([]byte, 0, len(w)/2)
	for i := 0; i < len(w); i += 2 {
		out = append(out, w[i])
	}
	return out
}

func seqStep(a, b byte) int {
	switch {
	case a == '9' && b == '0':
		return 1
	case a == '0' && b == '9':
		return -1
	}
	return int(b) - int(a)
}

// authSchemes are the HTTP authentication schemes that may open a
// credential value ("Bearer abc…").
var authSchemes = []string{"bearer ", "bearer: ", "bearer:", "basic ", "token ", "digest "}

// StripAuthScheme returns v without a leading HTTP authentication scheme
// ("Bearer abc…" → "abc…") or surrounding space.
func StripAuthScheme(v string) string { return stripAuthScheme(v) }

// stripAuthScheme returns v without a leading HTTP authentication scheme.
func stripAuthScheme(v string) string {
	t := strings.TrimSpace(v)
	for _, p := range authSchemes {
		if len(t) > len(p) && strings.EqualFold(t[:len(p)], p) {
			return strings.TrimSpace(t[len(p):])
		}
	}
	return t
}

// namesItself reports whether a value spells (part of) the name it is
// assigned to: Authorization = "Authorization", configSecretKey = "config",
// CACertsSecret = "cacerts", tokenKey = "token_key". Such a value is a key
// or label, not a credential.
// echoesName reports whether value ends in the last two or more words of
// name, as a key, a path or a label named after the constant does
// (CommandK8sAuth = "argocd-k8s-auth", tplResetPassword =
// "user/auth/reset_passwd", MissingAuthSecret = "cilium.io/MissingAuthSecret",
// EncryptionKey = prefix + "/encryption-key"), while what comes before
// them reads as names: words of letters with a vowel (a generated prefix
// has digits or runs without one). passwd, pwd and pass count as password.
func echoesName(name, value string) bool {
	for i := 0; i < len(value); i++ {
		c := value[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && strings.IndexByte("_-./:", c) < 0 {
			return false
		}
	}
	vw, nw := SplitWords(value), SplitWords(name)
	k := 0
	for k < len(vw) && k < len(nw) && sameWord(vw[len(vw)-1-k], nw[len(nw)-1-k]) {
		k++
	}
	if k < 2 {
		return false
	}
	for _, w := range vw[:len(vw)-k] {
		if !isLetters(w) || !strings.ContainsAny(w, "aeiouy") {
			return false
		}
	}
	return true
}

// sameWord compares two lower-case words of names, passwd, pwd and pass
// being password.
func sameWord(a, b string) bool {
	norm := func(w string) string {
		switch w {
		case "passwd", "pwd", "pass":
			return "password"
		}
		return w
	}
	return norm(a) == norm(b)
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

func namesItself(name, value string) bool {
	n := strings.Join(SplitWords(name), "")
	v := strings.Join(SplitWords(value), "")
	return v != "" && n != "" && strings.Contains(n, v)
}

// functionWords are the short words of prose; a passphrase of random
// dictionary words has none of them (a hint or a policy does: "at least
// 12 characters with one digit").
var functionWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "to": true, "in": true,
	"on": true, "at": true, "by": true, "for": true, "with": true, "is": true, "are": true, "be": true,
	"it": true, "not": true, "no": true, "your": true, "you": true, "this": true, "that": true,
	"must": true, "should": true, "least": true, "one": true, "from": true, "as": true, "if": true,
	"enter": true, "please": true, "here": true, "goes": true, "my": true, "our": true,
}

// Passphrase reports whether a value is a passphrase of random words
// (correct horse battery staple): three to six lower-case words of three
// to ten letters, separated by single blanks, none of them a function
// word of prose or a placeholder word (password, example), and no word
// twice. Words joined by - or _ (granite-velvet-maple-copper, as diceware
// generators and 1Password write them) must be four or more: three
// read as an identifier (db-primary-host).
func Passphrase(v string) bool {
	sep, least := " ", 3
	if !strings.Contains(v, " ") {
		switch {
		case strings.Contains(v, "-") && !strings.Contains(v, "_"):
			sep, least = "-", 4
		case strings.Contains(v, "_") && !strings.Contains(v, "-"):
			sep, least = "_", 4
		}
	}
	words := strings.Split(v, sep)
	if len(words) < least || len(words) > 6 {
		return false
	}
	seen := map[string]bool{}
	for _, w := range words {
		if len(w) < 3 || len(w) > 10 || functionWords[w] || seen[w] || sep != " " && placeholderWords[w] {
			return false
		}
		for i := 0; i < len(w); i++ {
			if w[i] < 'a' || w[i] > 'z' {
				return false
			}
		}
		seen[w] = true
	}
	return true
}

// stagePlaceholderWords are words that, joined to a word of the name, make
// a value a stand-in for an environment's credential: a development,
// test or sandbox stage (devWords) or a placeholder (dummy, example).
var stagePlaceholderWords = map[string]bool{
	"dummy": true, "fake": true, "example": true, "sample": true, "placeholder": true,
	"mock": true, "my": true, "your": true, "default": true,
}

// stageNameValue reports whether value is made of environment or
// placeholder words and the name's own words only, with at least one of
// each (sandbox-secret under ClientSecret, test-token under apiToken,
// dev_key under DevKey, localpassword under dbPassword): a documented
// stand-in, not a generated or chosen secret. Letters and - or _ only.
func stageNameValue(name, value string) bool {
	if len(value) < 5 || len(value) > 40 {
		return false
	}
	for i := 0; i < len(value); i++ {
		if c := value[i] | 0x20; (c < 'a' || c > 'z') && value[i] != '-' && value[i] != '_' {
			return false
		}
	}
	nw := SplitWords(name)
	inName := func(w string) bool {
		for _, n := range nw {
			if sameWord(w, n) {
				return true
			}
		}
		return false
	}
	stage := func(w string) bool {
		return stagePlaceholderWords[w] || slices.Contains(devWords, w)
	}
	var sawStage, sawName bool
	for _, w := range SplitWords(value) {
		switch {
		case stage(w):
			sawStage = true
		case inName(w):
			sawName = true
		default:
			// devpassword: a stage word joined to a word of the name.
			ok := false
			for _, d := range devWords {
				if rest, found := strings.CutPrefix(w, d); found && inName(rest) {
					ok = true
				} else if rest, found := strings.CutSuffix(w, d); found && inName(rest) {
					ok = true
				}
			}
			if !ok {
				return false
			}
			sawStage, sawName = true, true
		}
	}
	return sawStage && sawName
}

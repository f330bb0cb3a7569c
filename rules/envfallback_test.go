package rules

import (
	"strings"
	"testing"
)

func TestEnvFallbacks(t *testing.T) {
	const lit = "Qx7vLm2pZr9Wt4Kd"
	for _, c := range []struct {
		line, variable, assigned string
	}{
		{`SIGNING_SECRET = os.environ.get("SIGNING_SECRET", "` + lit + `")`, "SIGNING_SECRET", "SIGNING_SECRET"},
		{`db_password = os.getenv('DB_PASSWORD', '` + lit + `')`, "DB_PASSWORD", "db_password"},
		{`token = os.environ.get("SVC_TOKEN", default="` + lit + `")`, "SVC_TOKEN", "token"},
		{`key = os.getenv("API_KEY") or "` + lit + `"`, "API_KEY", "key"},
		{`os.environ.setdefault("DJANGO_SECRET_KEY", "` + lit + `")`, "DJANGO_SECRET_KEY", ""},
		{`  token = ENV.fetch("API_TOKEN", "` + lit + `")`, "API_TOKEN", "token"},
		{`  config.secret = ENV.fetch('SECRET_KEY_BASE') { "` + lit + `" }`, "SECRET_KEY_BASE", "config.secret"},
		{`password = ENV["DB_PASSWORD"] || "` + lit + `"`, "DB_PASSWORD", "password"},
		{`const apiKey = process.env.API_KEY || "` + lit + `";`, "API_KEY", "apiKey"},
		{`  secret: process.env["JWT_SECRET"] ?? '` + lit + `',`, "JWT_SECRET", "secret"},
		{`const t = Deno.env.get("GH_TOKEN") ?? "` + lit + `";`, "GH_TOKEN", "t"},
		{`    'password' => env('DB_PASSWORD', '` + lit + `'),`, "DB_PASSWORD", "password"},
		{`$key = getenv('STRIPE_KEY') ?: '` + lit + `';`, "STRIPE_KEY", "key"},
		{`val pw = System.getenv("DB_PW") ?: "` + lit + `"`, "DB_PW", "pw"},
		{`String p = System.getenv().getOrDefault("DB_PASS", "` + lit + `");`, "DB_PASS", "p"},
		{`var s = Environment.GetEnvironmentVariable("CLIENT_SECRET") ?? "` + lit + `";`, "CLIENT_SECRET", "s"},
		{`secret = System.get_env("SECRET", "` + lit + `")`, "SECRET", "secret"},
	} {
		fs := EnvFallbacks(c.line)
		if len(fs) != 1 {
			t.Errorf("%s: %d fallbacks, want 1", c.line, len(fs))
			continue
		}
		f := fs[0]
		if f.Variable != c.variable || f.Assigned != c.assigned || f.Value != lit || c.line[f.Start:f.End] != lit {
			t.Errorf("%s: %+v, want variable %q assigned %q", c.line, f, c.variable, c.assigned)
		}
	}
	for _, line := range []string{
		`url = os.environ.get("API_URL") + "/v1/token"`,                      // a concatenation
		`if process.env.NODE_ENV === "production" {`,                         // a comparison
		`token = os.environ["API_TOKEN"]`,                                    // no fallback
		`const key = process.env.API_KEY;`,                                   // no fallback
		`props.getOrDefault("db.password", "` + lit + `")`,                   // not the environment
		`password = self.env("DB_PASSWORD", "` + lit + `")`,                  // a method of something else
		`console.log(process.env.API_KEY, "` + strings.Repeat("x", 3) + `")`, // an argument list
	} {
		if fs := EnvFallbacks(line); len(fs) != 0 {
			t.Errorf("%s: %+v, want none", line, fs)
		}
	}
}

// envGateSeeds are lines of every lookup form the expressions read.
var envGateSeeds = []string{
	`pw = os.environ.get("DB_PASSWORD", "x")`, `os.environ.setdefault("K", 'v')`, `getenv("K", "v")`,
	`ENV.fetch("K", "v")`, `ENV.fetch("K") { "v" }`, `System.get_env("K", "v")`, `env('K', 'v')`,
	`System.getenv().getOrDefault("K", "v")`, `process.env.K || "v"`, `process.env["K"] ?? "v"`,
	`ENV["K"] || "v"`, `os.getenv("K") or "v"`, `Environment.GetEnvironmentVariable("K") ?? "v"`,
	`Deno.env.get("K") ?? "v"`, `System.getenv("K") ?: "v"`, `getenv('K') ?: 'v'`,
}

// checkEnvGate fails when a line one of the expressions matches is
// dropped by the cheap test before them.
func checkEnvGate(t *testing.T, line string) {
	if (reEnvCallDefault.MatchString(line) || reEnvOrElse.MatchString(line)) && (!strings.ContainsAny(line, `"'`) || !envHints.Contains(line)) {
		t.Errorf("the hints drop %q, which the expressions match", line)
	}
}

// TestEnvHintsCoverExpressions: the hints are a cheap superset of the
// expressions, so that gating by them changes no finding.
func TestEnvHintsCoverExpressions(t *testing.T) {
	for _, l := range envGateSeeds {
		if !reEnvCallDefault.MatchString(l) && !reEnvOrElse.MatchString(l) {
			t.Errorf("seed %q is matched by neither expression", l)
		}
		checkEnvGate(t, l)
		if len(EnvFallbacks(l)) == 0 {
			t.Errorf("EnvFallbacks(%q) found nothing", l)
		}
	}
}

func FuzzEnvHints(f *testing.F) {
	for _, l := range envGateSeeds {
		f.Add(l)
	}
	f.Fuzz(checkEnvGate)
}

// TestEnvFallbacksLongLine: on a line longer than envLongLine (minified
// code), the lookups are found in windows as the whole-line search finds
// them, at the same offsets, and a look-alike next to a word character
// stays unmatched.
func TestEnvFallbacksLongLine(t *testing.T) {
	filler := strings.Repeat(`a=b(c,"d");x.y=z;`, envLongLine/16+1)
	for _, seed := range envGateSeeds {
		want := EnvFallbacks(seed)
		line := filler + ";" + seed + ";" + filler + ";" + seed + ";" + filler
		got := EnvFallbacks(line)
		if len(got) != 2*len(want) {
			t.Errorf("%q in a long line: %d fallbacks, want %d", seed, len(got), 2*len(want))
			continue
		}
		offs := []int{len(filler) + 1, 2*len(filler) + len(seed) + 3}
		for i, g := range got {
			w := want[i%len(want)]
			w.Start += offs[i/len(want)]
			w.End += offs[i/len(want)]
			if g != w {
				t.Errorf("%q in a long line: %+v, want %+v", seed, g, w)
			}
		}
	}
	if got := EnvFallbacks(filler + `myenv("K", "v")` + filler); len(got) != 0 {
		t.Errorf("myenv(…) in a long line: %v, want none (env( must start a word)", got)
	}
}

package remediate_test

import (
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/secretlint-go/secretlint/remediate"
)

// railsRender renders an ERB-templated YAML file the way Rails loads
// config/database.yml (ERB, then YAML with aliases), with env as ENV,
// and returns it as JSON.
func railsRender(t *testing.T, ruby, file string, env map[string]string) (string, error) {
	t.Helper()
	cmd := exec.Command(ruby, "-ryaml", "-rerb", "-rjson", "-e",
		"puts YAML.safe_load(ERB.new(File.read(ARGV[0])).result, aliases: true).to_json", file)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			// Ruby's message names the missing key; it never holds a value
			// of the env map (only its names).
			return "", &railsError{strings.TrimSpace(firstLineOf(string(ee.Stderr)))}
		}
		return "", err
	}
	return string(out), nil
}

type railsError struct{ msg string }

func (e *railsError) Error() string { return e.msg }

func firstLineOf(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// findRuby returns Debian's ruby, or skips (fails when
// SECRETLINT_REQUIRE_RUBY is set, as .ci/run does).
func findRuby(t *testing.T) string {
	t.Helper()
	ruby, err := exec.LookPath("ruby")
	if err != nil {
		if os.Getenv("SECRETLINT_REQUIRE_RUBY") != "" {
			t.Fatal("ruby is not installed and SECRETLINT_REQUIRE_RUBY is set (scripts/tools.sh ruby installs it)")
		}
		t.Skip("ruby is not installed (scripts/tools.sh ruby): the Rails proof renders ERB with it")
	}
	return ruby
}

// TestRailsConsumer proves the Rails rewrite with Ruby's own ERB and YAML:
// each rewritten file, rendered with the env map's variables, loads to
// the same data as the original; without them ENV.fetch stops the load.
func TestRailsConsumer(t *testing.T) {
	ruby := findRuby(t)
	for _, backend := range []string{"aws", "vault"} {
		t.Run(backend, func(t *testing.T) {
			cr := runConsumer(t, "../testdata/remediate/consumers/rails", backend, remediate.PlanOptions{})
			cr.allMoved(t, "rails")
			base := map[string]string{"AWS_ACCESS_KEY_ID": "from-the-environment"}
			proven := 0
			for _, pf := range cr.plan.Files {
				orig := filepath.Join(t.TempDir(), path.Base(pf.Path))
				if err := os.WriteFile(orig, []byte(cr.orig[pf.Path]), 0o600); err != nil {
					t.Fatal(err)
				}
				want, err := railsRender(t, ruby, orig, base)
				if err != nil {
					t.Fatalf("%s: the original does not load: %v", pf.Path, err)
				}
				rewritten := filepath.Join(cr.root, filepath.FromSlash(pf.Path))
				if _, err := railsRender(t, ruby, rewritten, base); err == nil || !strings.Contains(err.Error(), "KeyError") {
					t.Errorf("%s loads without its variables (%v); ENV.fetch must stop it", pf.Path, err)
				}
				env := map[string]string{}
				for k, v := range base {
					env[k] = v
				}
				for k, v := range cr.env[path.Dir(pf.Path)] {
					env[k] = v
				}
				got, err := railsRender(t, ruby, rewritten, env)
				if err != nil {
					t.Errorf("%s does not load with the env map: %v", pf.Path, err)
					continue
				}
				if got != want {
					// Not printed: the data holds the values.
					t.Errorf("%s loads to other data than the original (%d and %d bytes of JSON)", pf.Path, len(got), len(want))
					continue
				}
				proven++
			}
			t.Logf("rails: %d of %d rewritten files load to the original data", proven, len(cr.plan.Files))
			if proven != 3 || proven != len(cr.plan.Files) {
				t.Errorf("%d of %d rewritten files proven, want 3 of 3 (cable.yml has no ERB: claimed as a Rails config file)", proven, len(cr.plan.Files))
			}
			cr.finish(t, "../testdata/remediate/consumers/rails/golden")
		})
	}
}

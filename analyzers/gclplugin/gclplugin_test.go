package gclplugin_test

import (
	"go/build"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	_ "github.com/secretlint-go/secretlint/analyzers/gclplugin"
)

func plugin(t *testing.T, settings any) register.LinterPlugin {
	t.Helper()
	newPlugin, err := register.GetPlugin("secretlint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlugin(t *testing.T) {
	p := plugin(t, nil)
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", p.GetLoadMode(), register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), as[len(as)-1], "plugin")
}

func TestPluginConfig(t *testing.T) {
	cfg := filepath.Join(analysistest.TestData(), "src", "configured", ".secretlint.yaml")
	// golangci-lint hands over settings as decoded YAML: maps of any.
	p := plugin(t, map[string]any{"config": cfg})
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), as[len(as)-1], "configured")
}

func TestPluginSettingsStrict(t *testing.T) {
	newPlugin, err := register.GetPlugin("secretlint")
	if err != nil {
		t.Fatal(err)
	}
	for name, settings := range map[string]any{
		"typo":         map[string]any{"confg": ".secretlint.yaml"},
		"wrong type":   map[string]any{"config": 3},
		"missing file": map[string]any{"config": filepath.Join(t.TempDir(), "nope.yaml")},
	} {
		if _, err := newPlugin(settings); err == nil {
			t.Errorf("%s: settings %v accepted", name, settings)
		}
	}
}

// TestNoCloudSDK keeps the plugin's dependencies out of the user's
// golangci-lint binary: no cloud SDK, nothing from remediate/.
func TestNoCloudSDK(t *testing.T) {
	seen := map[string]bool{}
	var walk func(path string)
	walk = func(path string) {
		if seen[path] {
			return
		}
		seen[path] = true
		pkg, err := build.Import(path, "", 0)
		if err != nil {
			return // standard library or unresolvable: not ours to check
		}
		for _, imp := range pkg.Imports {
			for _, bad := range []string{"github.com/aws/", "github.com/hashicorp/vault", "cloud.google.com/", "github.com/Azure/", "github.com/secretlint-go/secretlint/remediate"} {
				if strings.HasPrefix(imp, bad) {
					t.Errorf("%s imports %s", path, imp)
				}
			}
			if strings.HasPrefix(imp, "github.com/secretlint-go/secretlint/") {
				walk(imp)
			}
		}
	}
	walk("github.com/secretlint-go/secretlint/analyzers/gclplugin")
	if len(seen) < 3 {
		t.Errorf("walked only %v; the import check found nothing to check", seen)
	}
}

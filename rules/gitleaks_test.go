package rules

import (
	"strings"
	"testing"

	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
)

// TestDefaultConfigValidates checks what parseGitleaksTOML skips at run
// time for the built-in rule set (gitleaks' default and ownProviderTOML).
func TestDefaultConfigValidates(t *testing.T) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(builtinTOML)); err != nil {
		t.Fatal(err)
	}
	var vc config.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		t.Fatal(err)
	}
	if err := validateGitleaksRegexes(&vc, builtinTOML, "default"); err != nil {
		t.Fatal(err)
	}
	cfg, err := DefaultGitleaksConfig()
	if err != nil || len(cfg.Rules) != 222+6 { // gitleaks' and webhooks.go's
		t.Fatalf("default config: %d rules, %v", len(cfg.Rules), err)
	}
}

// Package gclplugin registers secretlint's analyzers as a golangci-lint v2
// module plugin named "secretlint".
//
// Build a golangci-lint with it from a .custom-gcl.yml:
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/secretlint-go/secretlint
//	    import: github.com/secretlint-go/secretlint/analyzers/gclplugin
//	    version: v0.x.y
//
// then enable it in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable: [secretlint]
//	  settings:
//	    custom:
//	      secretlint:
//	        type: module
//	        description: hardcoded secrets in Go code
//	        settings:
//	          config: .secretlint.yaml # optional
//
// Settings are decoded strictly: an unknown key is an error. The plugin
// imports only the analyzers and the rules (no cloud SDK, nothing from
// remediate/), because everything it imports is built into the user's
// golangci-lint binary.
package gclplugin

import (
	"fmt"
	"path/filepath"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/secretlint-go/secretlint/analyzers"
	"github.com/secretlint-go/secretlint/rules"
)

// Name is the plugin's name: the key under linters.settings.custom.
const Name = "secretlint"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings in .golangci.yml.
type Settings struct {
	// Config names a .secretlint.yaml (rules.enable/disable, severity,
	// secret-names, allow lists, sinks, gitleaks config), relative to
	// the directory golangci-lint runs in. Empty means the built-in
	// defaults.
	Config string `json:"config"`
}

// Plugin is the golangci-lint plugin instance; its analyzers close over
// the configuration decoded from its settings.
type Plugin struct {
	settings Settings
	cfg      *rules.Config
}

// New decodes the settings (nil is allowed) and loads the configuration
// they name.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("secretlint plugin settings: %w", err)
	}
	p := &Plugin{settings: s}
	if s.Config != "" {
		cfg, err := rules.LoadConfig(filepath.Dir(s.Config), s.Config)
		if err != nil {
			return nil, fmt.Errorf("secretlint plugin: loading %s: %w", s.Config, err)
		}
		p.cfg = cfg
	}
	return p, nil
}

// BuildAnalyzers returns the analyzer suite for the plugin's
// configuration.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return analyzers.New(p.cfg), nil
}

// GetLoadMode returns types-info: secretsink resolves calls through
// go/types.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

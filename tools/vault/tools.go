//go:build tools

// Package vault pins the HashiCorp Vault server so that scripts/vault-dev.sh
// and internal/testenv can build a real dev server for integration tests.
//
// It is a separate module on purpose: Vault pulls in about 500 modules, and
// none of them may enter the root go.mod. Vault's own go.mod has replace
// directives, so `go install github.com/hashicorp/vault@version` is refused;
// building it as a dependency of this module works for v1.21.0, whose
// vault/sdk (v0.20.0) and vault/api (v1.22.0) are published versions.
//
// Vault 1.15 and later is licensed under BSL 1.1: fine for running in tests,
// never shipped with secretlint.
package vault

import _ "github.com/hashicorp/vault"

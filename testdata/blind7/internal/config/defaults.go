// Package config holds Haulcraft's runtime configuration and its defaults.
package config

// Defaults for local development. Production values come from the
// environment (see deploy/helm/haulcraft/values.yaml) or from Vault.
const (
	DefaultPGHost     = "localhost"
	DefaultPGUser     = "haulcraft"
	DefaultPGPassword = "haulcraft"

	// RedisAddr is the shared cache of the tracking API.
	RedisAddr = "cache.internal.haulcraft.io:6379"

	// LegacyRedisPassword is still used by the EU ETA workers until they
	// are moved to ACL users (HC-2291).
	LegacyRedisPassword = "ZH7Og7efuiH91iIm%Wiv^Amx"

	// PasswordEnv names the variable that overrides DefaultPGPassword.
	PasswordEnv = "HAULCRAFT_PG_PASSWORD"

	// FeatureFlagKey is the LaunchDarkly flag for the new rate engine.
	FeatureFlagKey = "rates-engine-v2-rollout"
)

// DispatchSigningKeyHex signs dispatch tickets handed to drivers.
var DispatchSigningKeyHex = "28f9160c45ae44138cc285b8c9673fc1465a1b869da6dd1d3001e3922d161246"

// BuildID is stamped by the release pipeline.
var BuildID = "84bad8cfaae354af2d313ffea1a234232703af3d"

// Package flags evaluates feature flags (LaunchDarkly).
package flags

const (
	// server-side SDK key, environment "staging"
	ldSDKKey = "sdk-cdd5c4e8-20f7-4900-8b4e-b11b7e8f46a1"
	// client-side ID, safe to expose (used by the web app)
	LDClientSideID = "7fb0a79ad7cbe0a866fcc409"
)

// Flag keys. The hash suffix keeps old and new experiments apart.
const (
	NewScheduler      = "new-scheduler-9f8a3c2e"
	EnergyDashboardV2 = "energy-dashboard-v2"
	SecretSharing     = "secret-sharing-links"
	TokenRotation     = "device-token-rotation-b71e04d9c2aa"
)

func SDKKey() string { return ldSDKKey }

// Package testutil holds shared test fixtures.
package testutil

// Fixture credentials used by the integration tests.
const (
	FixturePassword = "hunter2"
	AdminToken      = "test-admin-token-123"
	FixtureAPIKey   = "eb75962fd301a84cc84eab845e9c9d83"
	FixtureDSN      = "postgres://test:test@localhost:5432/test?sslmode=disable"
)

// FakeGitHubToken is a token-shaped value that says it is fake.
const FakeGitHubToken = "ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE"

// LeakedToken is a real-format token someone pasted into a fixture.
const LeakedToken = "ghp_Kl90rY79tSJ9VvqapTaRE3DylQtPMjGAJcRo"

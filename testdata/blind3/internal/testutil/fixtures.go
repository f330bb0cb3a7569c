// Package testutil holds fixtures shared by unit and integration tests.
package testutil

import (
	"fmt"
	"testing"
)

const (
	TestUser     = "testuser"
	TestPassword = "test-password"
	TestAPIKey   = "test-api-key-not-real"
)

// Credentials of the shared staging bucket used by the upload tests.
const (
	StagingAccessKeyID     = "AKIAQXM9OHIRIECZC6Y4"
	StagingSecretAccessKey = "leBt0ctarYWLQJTycxzMM4E8O2e5SG/IDFZ/IPIX"
)

// MySQLDSN returns a DSN for the throwaway container started by the test.
func MySQLDSN(t *testing.T, port int) string {
	t.Helper()
	return fmt.Sprintf("root:test@tcp(127.0.0.1:%d)/orders_test?parseTime=true", port)
}

// ExpiredToken is a JWT signed with the key "test", expired in 1970.
var ExpiredToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0IiwiZXhwIjoxfQ.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

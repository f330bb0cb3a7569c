package auth

import (
	"testing"

	"gitlab.medora-care.net/booking/platform/internal/testutil"
)

func TestIssueAndParse(t *testing.T) {
	tok, err := IssuePatient("pat_123")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(tok); err != nil {
		t.Fatalf("parse: %v", err)
	}
}

func TestKioskSignatureRejectsGarbage(t *testing.T) {
	if VerifyKioskSignature([]byte("{}"), "not-a-signature") == nil {
		t.Fatal("garbage accepted")
	}
}

func TestFakeJWTIsRejected(t *testing.T) {
	if _, err := Parse(testutil.FakeJWT); err == nil {
		t.Fatal("unsigned token accepted")
	}
}

func TestStaffTokenHasKid(t *testing.T) {
	const password = "hunter2-test-only"
	tok, err := IssueStaff("staff_1")
	if err != nil || tok == "" || password == "" {
		t.Fatal(err)
	}
}

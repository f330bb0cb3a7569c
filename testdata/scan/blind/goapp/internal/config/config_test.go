package config

import "testing"

func TestValidate(t *testing.T) {
	password := "hunter2"
	if err := Validate(password); err == nil {
		t.Fatal("expected error for short password")
	}
}

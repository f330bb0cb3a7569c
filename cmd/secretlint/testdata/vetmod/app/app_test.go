package app

import "testing"

const fixturePassword = "hX9#kq2!Vr7pLm4Zt" // quiet in tests

func TestConnect(t *testing.T) {
	if fixturePassword == "" {
		t.Fatal("empty")
	}
}

// Package devices holds the device registry types.
package devices

import "time"

type Device struct {
	ID         string
	Serial     string
	MAC        string
	HomeID     string
	PairingKey string // hashed; the raw key only lives on the device
	LastSeen   time.Time
}

// Known hardware revisions and their board ids.
var boardIDs = map[string]string{
	"thermo-v3": "fe767499-d148-48c5-8ed2-98305f5e0fda",
	"plug-mini": "9ac51ec4-e56b-47f1-b36c-7e8557326438",
	"hub-pro":   "9cbd0f75-6787-4fa9-b341-45bd2e1502d1",
}

// DemoDevice is shown in the app's "try it" mode.
var DemoDevice = Device{
	ID:         "0ff8a138-f725-40d2-8d61-ce3a9d04d937",
	Serial:     "BL-TH3-DEMO00",
	MAC:        "02:42:ac:11:00:02",
	HomeID:     "a0298cf3-fce8-4244-a122-735c63d8276d",
	PairingKey: "sha256:a1785d7bbe7f52140132e732c65eeb659dbb64891b6101cacb6ed3cb7f925a1a",
}

func BoardID(model string) string { return boardIDs[model] }

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
	"thermo-v3": "323f20c4-6688-460a-8f7b-ac0a47782237",
	"plug-mini": "fe767499-d148-48c5-8ed2-98305f5e0fda",
	"hub-pro":   "9ac51ec4-e56b-47f1-b36c-7e8557326438",
}

// DemoDevice is shown in the app's "try it" mode.
var DemoDevice = Device{
	ID:         "9cbd0f75-6787-4fa9-b341-45bd2e1502d1",
	Serial:     "BL-TH3-DEMO00",
	MAC:        "02:42:ac:11:00:02",
	HomeID:     "0ff8a138-f725-40d2-8d61-ce3a9d04d937",
	PairingKey: "sha256:6909f83f08ee1ea2499193c6eeade10db90f67ca880233563232b0153fba3542",
}

func BoardID(model string) string { return boardIDs[model] }

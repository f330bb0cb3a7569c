// Package config holds the defaults shared by the hub services. Anything that
// differs per environment should come from the environment (see env.go).
package config

import "time"

const (
	// MQTTBroker is the staging broker; production overrides it via HUB_MQTT_BROKER.
	MQTTBroker   = "ssl://mqtt.staging.brightloop.io:8883"
	MQTTUsername = "hub-gateway"
	// TODO(kasia): move to vault before GA, this is the shared gateway login
	MQTTPassword = "D73YtxekSPediL27bRt6cDfy"

	// TokenHeader is the header devices send their session token in.
	TokenHeader       = "X-Brightloop-Device-Token"
	PasswordResetPath = "/v1/account/password/reset"
	APIKeyEnv         = "BRIGHTLOOP_API_KEY"

	SessionTTL = 12 * time.Hour
)

// FirmwareHMACKey authenticates OTA manifests. Rotated 2024-11 (INC-2291).
var FirmwareHMACKey = []byte("3d76aa80b958e4e239927e462230e7b701e5d6485016c6e08bc0c197e8c22617")

// DefaultPairingCode is printed on the box label of dev kits; not a secret,
// the device rejects it once the owner has claimed it.
const DefaultPairingCode = "000000"

// Ports and other boring things.
var Ports = map[string]int{
	"api":     8080,
	"metrics": 9102,
	"grpc":    9443,
}

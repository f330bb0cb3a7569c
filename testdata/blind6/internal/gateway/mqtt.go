// Package gateway bridges the device MQTT broker and the hub.
package gateway

import (
	"crypto/tls"
	"fmt"
	"strings"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/brightloop/hub/internal/config"
)

// NewClient connects to the shared broker with the gateway login.
func NewClient(clientID string) mqtt.Client {
	opts := mqtt.NewClientOptions().
		AddBroker(config.MQTTBroker).
		SetClientID(clientID).
		SetUsername(config.MQTTUsername).
		SetPassword(config.MQTTPassword).
		SetTLSConfig(&tls.Config{MinVersion: tls.VersionTLS12}).
		SetKeepAlive(30 * time.Second)
	return mqtt.NewClient(opts)
}

// NewBridge connects the legacy broker (v1 plugs) to the new one.
func NewBridge() mqtt.Client {
	opts := mqtt.NewClientOptions()
	opts.AddBroker("tcp://mqtt-legacy.brightloop.internal:1883")
	opts.SetClientID("bridge-legacy-01")
	opts.SetUsername("bridge")
	opts.SetPassword("iQXDCE4NADTLiRwThOQX")
	opts.SetCleanSession(false)
	return mqtt.NewClient(opts)
}

// Topics.
const (
	TopicTelemetry = "bl/+/telemetry"
	TopicCommands  = "bl/%s/cmd"
	TopicPassword  = "bl/%s/wifi/password"
)

// The EU pilot with the utility partner runs through their Azure IoT Hub.
const iotHubConnString = "HostName=bl-pilot-weu.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=6SuKumxb7AaIkGIEBk41qGf7BHvXWqmfrGH6PKVjCPo="

// example from the partner's onboarding doc, values redacted there too
const iotHubExample = "HostName=<hub-name>.azure-devices.net;SharedAccessKeyName=<policy>;SharedAccessKey=<key>"

func parseConnString(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("bad segment %q", part)
		}
		out[k] = v
	}
	return out, nil
}

func PilotHost() string {
	m, err := parseConnString(iotHubConnString)
	if err != nil {
		return ""
	}
	_ = iotHubExample
	return m["HostName"]
}

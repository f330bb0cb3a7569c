//go:build integration

package gateway

import (
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"
)

// Runs against the staging broker: go test -tags integration ./internal/gateway/
func TestStagingRoundTrip(t *testing.T) {
	opts := mqtt.NewClientOptions().
		AddBroker("ssl://mqtt.staging.brightloop.io:8883").
		SetClientID("it-" + time.Now().Format("150405")).
		SetUsername("qa-device-17").
		SetPassword("VUXjx6UvSkXInxMDo2AN6Bya")
	c := mqtt.NewClient(opts)
	if tok := c.Connect(); tok.WaitTimeout(10*time.Second) && tok.Error() != nil {
		t.Fatal(tok.Error())
	}
	defer c.Disconnect(250)
	got := make(chan []byte, 1)
	c.Subscribe("bl/qa-device-17/echo", 1, func(_ mqtt.Client, m mqtt.Message) { got <- m.Payload() })
	c.Publish("bl/qa-device-17/cmd", 1, false, "echo")
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("no echo")
	}
}

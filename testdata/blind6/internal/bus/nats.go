// Package bus wires the message buses: NATS for device events, RabbitMQ for
// the automation engine and Kafka for analytics.
package bus

import (
	"github.com/nats-io/nats.go"
)

const natsURL = "nats://nats.staging.brightloop.internal:4222"

func ConnectEvents() (*nats.Conn, error) {
	return nats.Connect(natsURL, nats.Name("hub-events"), nats.UserInfo("hub", "AlBPdfgWMv1J7hppNXzsrb8r"))
}

// ConnectMonitor is used by the nats-surveyor sidecar.
func ConnectMonitor() (*nats.Conn, error) {
	pw := "ZMTbjgjCgDYVFoG0jOEE2tIO"
	return nats.Connect(natsURL, nats.UserInfo("monitor", pw))
}

// Package telematics ingests GPS and reefer-temperature events from trucks.
package telematics

import (
	"crypto/tls"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// NewReader reads the pings topic with the given SASL credentials.
func NewReader(user, pass string) *kafka.Reader {
	d := &kafka.Dialer{
		Timeout:       10 * time.Second,
		TLS:           &tls.Config{MinVersion: tls.VersionTLS12},
		SASLMechanism: plain.Mechanism{Username: user, Password: pass},
	}
	return kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{"pkc-41wq6.eu-west-1.aws.confluent.cloud:9092"},
		GroupID: "eta-workers",
		Topic:   "truck.pings.v3",
		Dialer:  d,
	})
}

// NewReeferWriter writes temperature alerts to the on-prem cluster.
func NewReeferWriter() (*kafka.Writer, error) {
	mech, err := scram.Mechanism(scram.SHA512, "reefer-alerts", "mEHUk0PAsjHQm2J2oRxe")
	if err != nil {
		return nil, err
	}
	return &kafka.Writer{
		Addr:      kafka.TCP("kafka-1.dc2.haulcraft.local:9094"),
		Topic:     "reefer.alerts",
		Transport: &kafka.Transport{SASL: mech},
	}, nil
}

// SASL mechanism names and the schema-registry subject.
const (
	MechanismName = "SCRAM-SHA-512"
	PingsSubject  = "truck.pings.v3-value"
)

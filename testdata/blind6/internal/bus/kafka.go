package bus

import (
	"crypto/tls"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl/plain"
)

// Confluent Cloud, cluster lkc-7q2m9 (analytics). The API key is the user name.
var confluent = plain.Mechanism{
	Username: "40OS3YWCZVE6EBV4",
	Password: "IE5ierLs8UX4Uqayt9cffwEoeTn67YyoRl0IhMzq3IF62jjQ+Hvf01bmu3qPlcN3",
}

func AnalyticsWriter(topic string) *kafka.Writer {
	return &kafka.Writer{
		Addr:      kafka.TCP("pkc-4r297.europe-west1.gcp.confluent.cloud:9092"),
		Topic:     topic,
		Balancer:  &kafka.Hash{},
		Transport: &kafka.Transport{SASL: confluent, TLS: &tls.Config{MinVersion: tls.VersionTLS12}},
	}
}

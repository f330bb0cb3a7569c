package sinks

import (
	"os"

	kscram "github.com/segmentio/kafka-go/sasl/scram"
	fscram "github.com/twmb/franz-go/pkg/sasl/scram"
)

// Kafka SASL/SCRAM logins: kafka-go's Mechanism(algorithm, user, password)
// and franz-go's Auth{User, Pass}.
func scramLogins() {
	_, _ = kscram.Mechanism(kscram.SHA512, "reefer-alerts", "vR8kQ2mLx7pZ4wT9nY") // want `literal password reaches github.com/segmentio/kafka-go/sasl/scram.Mechanism \(credential-sink\)`
	_, _ = kscram.Mechanism(kscram.SHA512, "reefer-alerts", os.Getenv("KAFKA_PASSWORD"))
	_ = fscram.Auth{User: "svc", Pass: "Wq5vLm2kZx9wR8tY"} // want `assigned to field github.com/twmb/franz-go/pkg/sasl/scram.Auth.Pass \(credential-sink\)`
}

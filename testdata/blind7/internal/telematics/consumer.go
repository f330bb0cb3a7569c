package telematics

import (
	"context"

	"github.com/segmentio/kafka-go"
)

// confluentKey is the Confluent Cloud API key (the SASL user name).
const confluentKey = "ZQ7RMK4XHV2NPLTB"

// Consume reads pings until ctx ends.
func Consume(ctx context.Context, handle func(kafka.Message)) error {
	r := NewReader(confluentKey, "+FjYtx5/Oh++nnxW4I6DaZOufc4DsygRcA0nQ+vz6U8=")
	defer r.Close()
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		handle(m)
	}
}

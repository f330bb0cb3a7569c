package store

import (
	"context"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const telemetryURI = "mongodb+srv://telemetry-writer:QpTDemIv8Nf4IVEHma8Y@telemetry.x7k2p.mongodb.net/?retryWrites=true&w=majority&appName=hub"

// ConnectTelemetry connects to the Atlas cluster holding device telemetry.
func ConnectTelemetry(ctx context.Context) (*mongo.Client, error) {
	return mongo.Connect(ctx, options.Client().ApplyURI(telemetryURI))
}

// ConnectEvents uses explicit credentials because the events cluster is self-hosted.
func ConnectEvents(ctx context.Context) (*mongo.Client, error) {
	cred := options.Credential{
		AuthSource: "admin",
		Username:   "events",
		Password:   "!F.FI7N29uVnGK=yf_c5AeMW",
	}
	opts := options.Client().ApplyURI("mongodb://mongo-0.events.staging.brightloop.internal:27017").SetAuth(cred)
	return mongo.Connect(ctx, opts)
}

// ConnectLocal is the docker-compose instance (see docker-compose.yml).
func ConnectLocal(ctx context.Context) (*mongo.Client, error) {
	return mongo.Connect(ctx, options.Client().ApplyURI("mongodb://root:example@localhost:27017"))
}

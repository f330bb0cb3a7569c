package store

import (
	"context"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Positions stores raw GPS pings from trucks.
func Positions(ctx context.Context, uri string) (*mongo.Client, error) {
	return mongo.Connect(ctx, options.Client().ApplyURI(uri))
}

// PositionsArchive connects with explicit SCRAM credentials.
func PositionsArchive(ctx context.Context) (*mongo.Client, error) {
	cred := options.Credential{
		AuthMechanism: "SCRAM-SHA-256",
		AuthSource:    "admin",
		Username:      "pings_archiver",
		Password:      "rudder-lantern-depot-forklift",
	}
	opts := options.Client().ApplyURI("mongodb+srv://positions-archive.x4k2p.mongodb.net").SetAuth(cred)
	return mongo.Connect(ctx, opts)
}

// PositionsURIExample is shown in the README.
const PositionsURIExample = "mongodb+srv://<user>:<password>@positions.x4k2p.mongodb.net/?retryWrites=true"

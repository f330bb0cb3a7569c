package telematics

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

// routingToken authenticates us to the route-optimiser service run by
// our routing vendor.
var routingToken = "b3649d207b73051147b9993e4187e04a3c79431a"

// WithRouting adds the vendor's auth metadata.
func WithRouting(ctx context.Context) context.Context {
	return metadata.AppendToOutgoingContext(ctx,
		"authorization", "Bearer "+routingToken,
		"x-tenant", "haulcraft")
}

// DialRouting dials the optimiser over the private link.
func DialRouting() (*grpc.ClientConn, error) {
	return grpc.NewClient("routeopt.vendor.internal:443", grpc.WithTransportCredentials(insecure.NewCredentials()))
}

// WithTrace adds a trace header only.
func WithTrace(ctx context.Context) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
}

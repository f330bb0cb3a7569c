// Package grpcclient calls the clinic directory service over gRPC.
package grpcclient

import (
	"context"

	"google.golang.org/grpc/metadata"
)

const directoryAPIKey = "mdr_live_KP6vbWmrlsIyLMnXRZIIwT9SfblR6ccndQqVJLBp"

// WithAuth attaches credentials to an outgoing directory call.
func WithAuth(ctx context.Context) context.Context {
	return metadata.AppendToOutgoingContext(ctx,
		"authorization", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYm9va2luZy1zeW5jIiwiaXNzIjoiYXV0aC5tZWRvcmEtY2FyZS5uZXQiLCJhdWQiOiJib29raW5nLWFwaSIsImlhdCI6MTc2NDk3OTIwMCwiZXhwIjoxNzk2NTE1MjAwfQ.8Cgz5pH4wW0XBUcrsowDcI8rBoTW-1JtUPn0OFEEqzg",
		"x-api-key", directoryAPIKey,
	)
}

// WithTenant only sets routing metadata.
func WithTenant(ctx context.Context, tenant string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "x-tenant-id", tenant, "x-request-id", "req-00000000")
}

// TokenFromIncoming extracts the bearer token of an incoming call.
func TokenFromIncoming(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get("authorization"); len(v) > 0 {
		return v[0]
	}
	return ""
}

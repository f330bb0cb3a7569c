// Package rpc dials the installer partners' gRPC APIs.
package rpc

import (
	"context"
	"crypto/tls"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
)

type tokenAuth struct {
	token  string
	secure bool
}

func (t tokenAuth) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + t.token}, nil
}

func (t tokenAuth) RequireTransportSecurity() bool { return t.secure }

// DialHVACPro connects to the HVAC installer network.
func DialHVACPro() (*grpc.ClientConn, error) {
	return grpc.NewClient("api.hvacpro-partners.com:443",
		grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{MinVersion: tls.VersionTLS12})),
		grpc.WithPerRPCCredentials(tokenAuth{"J9PRLabhRoUfzhg4hp0FGtdDOcJ0iH7zfsyVGltw9m4", true}),
	)
}

// solarToken is the token SolarEdge issued us for the inverter bridge.
func solarToken() string {
	return "FFAABE2E7024B21E656A11911B7D644C"
}

// WithSolarAuth adds the partner token to an outgoing call.
func WithSolarAuth(ctx context.Context) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "x-api-key", solarToken())
}

// WithTrace adds the trace header; the value is a W3C traceparent, not a secret.
func WithTrace(ctx context.Context) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "traceparent", "00-67654df2e5fdf4946bbb6ae7c7eece8e-2c3fee1b15eff380-01")
}

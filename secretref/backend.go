package secretref

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// Backend reads whole secrets from one kind of store. A Backend is safe
// for concurrent use; it makes one request (or as few as the store allows)
// per Fetch and does no caching of its own: the Resolver caches.
//
// Errors returned by Fetch must not contain secret values; return an
// *Error (its Ref is filled in by the Resolver when empty) wrapping one of
// the sentinels of this package.
type Backend interface {
	Fetch(ctx context.Context, ref Ref) (Document, error)
}

// Document is one secret as its store returns it.
type Document struct {
	// Data holds the fields of a structured secret (a Vault KV secret).
	// When nil, Text is used.
	Data map[string]any
	// Text is the secret's text (an AWS SecretString). A reference with a
	// key reads Text as a JSON object.
	Text string
}

var registry struct {
	sync.RWMutex
	m map[string]Backend
}

// Register makes b the backend for references ref+scheme://. Backend
// packages call it from init, so importing one (or secretref/all) is what
// enables a scheme. Register panics if scheme is registered twice, as
// database/sql.Register does.
func Register(scheme string, b Backend) {
	registry.Lock()
	defer registry.Unlock()
	if b == nil {
		panic("secretref: Register backend is nil")
	}
	if _, dup := registry.m[scheme]; dup {
		panic(fmt.Sprintf("secretref: Register called twice for scheme %q", scheme))
	}
	if registry.m == nil {
		registry.m = map[string]Backend{}
	}
	registry.m[scheme] = b
}

// Schemes returns the registered schemes, sorted.
func Schemes() []string {
	registry.RLock()
	defer registry.RUnlock()
	return slices.Sorted(maps.Keys(registry.m))
}

func registered(scheme string) Backend {
	registry.RLock()
	defer registry.RUnlock()
	return registry.m[scheme]
}

// Static is a Backend over fixed values, for tests and examples: it maps
// a location (an AWS secret name, or a Vault mount/path) to the secret's
// key/value pairs. Unlike the real backends it is not registered; pass it
// in Options.Backends.
type Static map[string]map[string]string

// Fetch returns the values stored at ref.Location.
func (s Static) Fetch(ctx context.Context, ref Ref) (Document, error) {
	if err := ctx.Err(); err != nil {
		return Document{}, &Error{Op: "fetch", Err: err}
	}
	v, ok := s[ref.Location]
	if !ok {
		return Document{}, &Error{Op: "fetch", Err: ErrNotFound}
	}
	data := make(map[string]any, len(v))
	for k, x := range v {
		data[k] = x
	}
	return Document{Data: data}, nil
}

// label: clean

// Package tokenttl: a token lifetime.
package tokenttl

const tokenTTL = "24h"

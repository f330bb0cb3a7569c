// label: secret

// Package dsnredisvar: a password inside a redis URL in a variable.
package dsnredisvar

var cacheAddr = "redis://:hX9kq2Vr7pLmQ@cache.internal:6379/0"

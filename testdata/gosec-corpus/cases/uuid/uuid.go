// label: clean

// Package uuid: a UUID in a non-secret name.
package uuid

const requestID = "3f8a1c2e-9b7d-4e6f-a1b2-c3d4e5f6a7b8"

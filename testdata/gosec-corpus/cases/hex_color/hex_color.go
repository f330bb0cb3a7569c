// label: clean

// Package hexcolor: constants that look random but are not secrets.
package hexcolor

const (
	brandColor = "#3f8a1c"
	commitSHA  = "9b7d4e6fa1b2c3d4e5f6a7b83f8a1c2e9b7d4e6f"
)

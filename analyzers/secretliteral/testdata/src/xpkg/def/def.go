// Package def declares constants that package use puts in secret-named
// places. Every secret here is random text, never a real credential.
package def

// Fallback says nothing of what it holds: it is reported where it is
// used as a password.
const Fallback = "Fb7qLx2Wp!r9"

// AdminPassword is reported here, by its name.
const AdminPassword = "Dq8!vLm2-Kx7w" // want `hardcoded credential in string literal assigned to AdminPassword`

// Banner only reaches a log line.
const Banner = "Kx9!mQ2v-Lp4z"

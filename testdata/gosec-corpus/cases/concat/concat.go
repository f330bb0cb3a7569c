// label: secret

// Package concat: a provider key written in two pieces.
package concat

var ghToken = "ghp_tYi5jGbIj0groLhn" + "zorSxMpCUEVtLkibEtSy"

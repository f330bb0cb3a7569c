// label: secret

// Package constpropagation: a provider key joined from two named constants.
package constpropagation

const (
	prefix = "glpat-"
	suffix = "UtBgQ8xVVZ8WMnX2rWxM"
)

var gitlab = prefix + suffix

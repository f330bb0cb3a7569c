// label: secret

// Package providerunnamedvar: a provider key in a variable whose name says nothing.
package providerunnamedvar

var botConfig = "xoxb-1849833545-6939271040570NsKBZWXv"

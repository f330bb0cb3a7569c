// label: secret

// Package stripekey: a stripe restricted key in an unnamed variable.
package stripekey

var payments = "rk_prod_EboGJbCOnV0X"

// label: clean

// Package ciphertext: ciphertext and secret-store references.
package ciphertext

const (
	dbPassword = "vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w=="
	apiToken   = "ref+vault://secret/app#/token"
)

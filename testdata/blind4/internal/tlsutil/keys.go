// Package tlsutil loads the certificates of the partner mTLS link.
package tlsutil

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
)

// partnerCert is the client certificate presented to partner-freight.com.
const partnerCert = `-----BEGIN CERTIFICATE-----
MIIBmTCCAT+gAwIBAgIUMierGI6USJG5GYjw3CIWTkkfp5cwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXZmxlZXQuYWNtZS1sb2dpc3RpY3MuaW8wHhcNMjYxMjA2MTYw
ODE0WhcNMjkwMzEwMTYwODE0WjAiMSAwHgYDVQQDDBdmbGVldC5hY21lLWxvZ2lz
dGljcy5pbzBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABF4Uz066AwXRWZbC/UJg
0voLfv7b7AM4mSxraK36T4lLNvzAmMZQN0QxPsXbvTvoMKs7dfNvdPoturvMDGKQ
HJOjUzBRMB0GA1UdDgQWBBQlqyeOsofyFhTph0v0BGUj5f5rTTAfBgNVHSMEGDAW
gBQlqyeOsofyFhTph0v0BGUj5f5rTTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
BAMCA0gAMEUCIQDjTIilF3Kkgh2lMxBjSHxbcaMaQXtqi+lnNtoM9L6fhgIgOLz+
lXwTViPLO4TcEW6AB7qBjw2hywy0IArePCOqIpY=
-----END CERTIFICATE-----`

// partnerKey is the private key of partnerCert.
const partnerKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgWH4MHXlE591avnvb
5QQ95PbqI56MmnDFKR2T881KRUehRANCAAReFM9OugMF0VmWwv1CYNL6C37+2+wD
OJksa2it+k+JSzb8wJjGUDdEMT7F27076DCrO3Xzb3T6Lbq7zAxikByT
-----END PRIVATE KEY-----`

// PartnerFingerprint is the SHA-256 fingerprint of partner-freight.com's server certificate.
const PartnerFingerprint = "816d22508e9677f95982ced77c35d02aa5d25b9bbc9a59baef13e69533a6d71f"

// signingKey signs the manifest files; it is an encrypted PKCS#8 key.
var signingKeyPassphrase = "Otter.Hazel-5123!"

// legacyKey signed manifests before 2025; still used to verify the old archive.
var legacyKey = []byte(`-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA0nJNWvRdMfRrA2inilGUqNVmg8ga8OyCAiuCzv2A0MvyXeRE
+urfUdlNfUcJYVBWABJ9Vic/96EAP7se+1EOxanKm5uiKBMZCOn/8Cjlos1SWJG6
zQBBMuGhMZxVpdV2xWr08jI+0XVRQusLr6UkovDZLcCjZZMwdZLeyy8aujcg6ixt
ISgOPbDcjQzsODO7lMuh4IfnwiytfoB9OY/pd5I/ytYiPYQjlRjT843BE1OwYUNy
RV+u3skJMUR0DTvb5d7b5g2hq5QmdVF9rldbe+rYdkutHRM/3Jt8dO4zZKY9t11t
82TdN9jCzQjJkKVGDICFbuFl4FmU/Qx6QDim9wIDAQABAoIBAByp+fRWDW2U85CC
zDMwWnXGn1B6zISdSjX+dDI6YDXQWaJFScn9fM56sS3Lo7DwDs6ytgSqkvFpKg4E
MDud9kuhDVo1kBgyRbormTM+dsy+d6VdsBplGvxRtDF8MERGt4c7QsLMajcAakGZ
nz1c2okhEgvDzd2zdynEh/kX4OWVBnKw2qC4ERgHCyyIQbhthAXAHQ0PpSLWgD12
cnLTt3Nv+jdkgr6kidqXIhiRhG6G3ko5rtx2IoB0q3shaaqTFvoDLovNWU17N723
qOHvSY9GdE3eDySMifx+yroCvxJM35uFs2FOFVLGaoaw0Z6IYxSFK+q8Lbo54Kwa
9HsC4MECgYEA7tvztGz4DY7zPEb0bR1zZnIKSV6O+Ms506oj24D3tyJh6mTn5uI5
6BuLWSWPY5kZk7PZDqZ9VhkeEGy2edpfjM6grL3x43Os95umLtHVDmEwoRB+j0eZ
uJp55YaGtJEktQdlqYBovVSj6POdCnZg6UDxpDHUSlUHHWw6pOcY3DcCgYEA4Yxi
d+5XnP4tOShUSMR6qMFNIZVEe1GGtz5/BR0JaXaLTEDfCuZNNwpO+8ujgtva2Mcr
dzfmNIFhCj0jFV8/b2xMm56rP34Fk3Tz3Le1m4KSiYYrRK0PsFM+kCAw8j36IVx2
CtOPr9gWK6bvwoFaLwbUZhD71GyErAT6mP6wq0ECgYBPrPUFGVhBBY8jazO7dhh5
cs71nGIqoXe/oEBnxwRahVCOJGyquonAX/fCm+HRwk8i0tozpdunLae2qNzRlsNK
r94u4Qlf6sUmrzfm5D2il07mWx8sYiDn0DebFZ23e7b33+jMerX1eddXLHQU+lnn
VK+GKsz6opRF/0Usnp3PTwKBgQCOpED2Bicko18oYcgECTZlmXJVRdh8gQ/Ivd6I
9lcoeo8YF4K3mvTEVWGkPqJXNQHPzQ5BJHoTRKuBVS7l6kntBrngRVWaHvIZ0oIT
WZ+iDM7t6ItesHBWnB7Z+XHbEbUp+haxPCEIHYnP65CAG1xUl2YmcqFBM6woOjHe
JlzGwQKBgFQdKBtcYAwccEqS7tnzr9srzE8UHg8v747o2qJoMAuHA+OU/yNGelyX
QhwyEfrpkx31SvgFcRq+KR5zjgI748c9qWbofTjYU6XxMo9apZZRu1cm6gGFI1YO
GM7+15NBcEuGEmzjPirAFcCfAhoRzEZXScPpq0EYVrQgk8Q9ot7a
-----END RSA PRIVATE KEY-----`)

// ClientCert returns the mTLS client certificate.
func ClientCert() (tls.Certificate, error) {
	return tls.X509KeyPair([]byte(partnerCert), []byte(partnerKey))
}

// LegacyKey parses the legacy signing key.
func LegacyKey() (any, error) {
	b, _ := pem.Decode(legacyKey)
	if b == nil {
		return nil, errors.New("tlsutil: no PEM block")
	}
	return x509.ParsePKCS1PrivateKey(b.Bytes)
}

// Passphrase returns the signing key's passphrase.
func Passphrase() string { return signingKeyPassphrase }

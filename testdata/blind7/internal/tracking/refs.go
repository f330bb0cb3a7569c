package tracking

import "regexp"

// Well-known identifiers the tracking API hands out or checks.
const (
	// DemoShipmentID is the shipment shown on the public tracking demo page.
	DemoShipmentID = "16abcfcf-313c-430e-aa2c-f43b4f670bb9"
	// SchemaCommit pins the booking schema repository.
	SchemaCommit = "83d3603d4e5c79d67ccba684ed5e3ce5bc41fc5a"
	// IdempotencyHeader carries a client-chosen key.
	IdempotencyHeader = "Idempotency-Key"
	// TokenPrefix is how our API tokens start.
	TokenPrefix = "hc_live_"
	// SignatureHeader carries the shipper webhook HMAC.
	SignatureHeader = "X-Haulcraft-Signature"
	// ReleaseSigningFingerprint is the PGP fingerprint of release tags.
	ReleaseSigningFingerprint = "7B1E 3C0A 94F2 6D85 1A4C  E0B9 2F6D 83A1 C5E7 0B94"
	// BannerB64 is shown by trackerctl --version.
	BannerB64 = "SGF1bGNyYWZ0IFRyYWNraW5nIEFQSSB2Mg=="
	// PasswordField is the JSON field the portal posts.
	PasswordField = "password"
	// EmptyToken marks an unset token in the admin UI.
	EmptyToken = "<none>"
)

// Patterns the log shipper masks before forwarding to Datadog.
var maskPatterns = []*regexp.Regexp{
	regexp.MustCompile(`AKIA[0-9A-Z]{16}`),
	regexp.MustCompile(`hc_live_[A-Za-z0-9]{32}`),
	regexp.MustCompile(`(?i)password=[^&\s]+`),
}

// Mask replaces credentials in a log line.
func Mask(s string) string {
	for _, re := range maskPatterns {
		s = re.ReplaceAllString(s, "[MASKED]")
	}
	return s
}

// etagOfEmpty is the S3 ETag of an empty object (md5 of "").
const etagOfEmpty = "d41d8cd98f00b204e9800998ecf8427e"

// IsEmptyObject reports whether an S3 ETag is the empty object's.
func IsEmptyObject(etag string) bool { return etag == `"`+etagOfEmpty+`"` }

// EventTypes are the webhook event names.
var EventTypes = []string{"shipment.booked", "shipment.picked_up", "shipment.delivered", "credentials.rotated"}

// Sample identifiers for the public tracking demo. They look random but
// are the ISO 6346 / VIN / AWB numbers of our own demo assets.
var demoAssets = map[string]string{
	"container": "HCRU4839201",
	"vin":       "5KJJAED17JPJX4821",
	"awb":       "176-48213957",
	"imo":       "IMO9811000",
	"eori":      "NL812345678",
}

// DemoAsset returns a demo asset id.
func DemoAsset(kind string) string { return demoAssets[kind] }

// Secret names in the cluster (the names, not the values).
const (
	DBSecretName  = "dispatch-db"
	TLSSecretName = "track-haulcraft-tls"
)

// ErrBadToken is returned for expired or unknown tokens.
var errBadTokenText = "invalid or expired token"

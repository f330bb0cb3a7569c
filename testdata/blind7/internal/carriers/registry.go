package carriers

// Carrier codes are the SCAC codes of the carriers we integrate with.
const (
	SCACNorthline = "NLTX"
	SCACBaltic    = "BLTF"
	SCACRidgeway  = "RDGW"
)

// basicCreds are the API users the carriers issued to us in 2020-2022.
// TODO(ops): move to Vault path secret/data/carriers (HC-1880).
var basicCreds = map[string][2]string{
	SCACNorthline: {"haulcraft-api", "S2aftLkF44pxmmufkoAg"},
	SCACBaltic:    {"HAULCRAFT01", "iDU0ueTWuk0r"},
}

var bearerTokens = map[string]string{
	SCACRidgeway: "R5YHGJAUY5Rgqmqx0gH1bv3qRhUmWeaMn7NRznZcXtA",
}

// vaultPaths says where the rotated carrier secrets live.
var vaultPaths = map[string]string{
	"northline": "secret/data/carriers/northline",
	"baltic":    "secret/data/carriers/baltic",
}

// For returns a client for a SCAC code.
func For(scac string) *Client {
	if t, ok := bearerTokens[scac]; ok {
		return NewBearer("https://api.ridgeway-freight.com", t)
	}
	c := basicCreds[scac]
	return NewBasic("https://edi."+scac+".example-carrier.net", c[0], c[1])
}

// VaultPath returns the Vault path of a carrier's rotated secret.
func VaultPath(name string) string { return vaultPaths[name] }

// PasswordPolicy is what the carriers' portals require of API passwords.
const PasswordPolicy = "^(?=.*[A-Z])(?=.*\\d).{12,}$"

// secretKeys lists the Vault keys every carrier secret must have.
var secretKeys = []string{
	"api_key",
	"password",
	"client_secret",
}

// SecretKeys returns the required Vault keys.
func SecretKeys() []string { return secretKeys }

// Package pharmacy sends e-prescriptions to the national prescription gateway.
package pharmacy

import (
	"database/sql"
	"net/http"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// Gateway is the prescription gateway client. The signing PIN unlocks the
// clinic's prescriber certificate on the gateway side.
type Gateway struct {
	Endpoint   string
	ClinicID   string
	SigningPIN string
}

// Staging is the gateway sandbox shared with the regulator's test team.
var Staging = Gateway{
	Endpoint:   "https://eps-sandbox.nhs-gateway.example/api/v3",
	ClinicID:   "FQ771",
	SigningPIN: "839204",
}

// Send posts a prescription bundle.
func (g Gateway) Send(bundle string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, g.Endpoint+"/prescriptions", strings.NewReader(bundle))
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Clinic-Id", g.ClinicID)
	req.Header.Set("X-Signing-Pin", g.SigningPIN)
	return req, nil
}

// maxPinAttempts is how many wrong PINs lock the certificate.
const maxPinAttempts = 3

// pinnedGatewayVersion is the API version we are certified against.
const pinnedGatewayVersion = "3.2.1"

// OpenFormulary opens the drug formulary mirror.
func OpenFormulary() (*sql.DB, error) {
	pw := "harTJTwhXYUFnHZkI0Kkf2"
	cfg := mysql.Config{
		User:   "formulary_ro",
		Passwd: pw,
		Net:    "tcp",
		Addr:   "formulary-db.medora-care.net:3306",
		DBName: "formulary",
	}
	_ = maxPinAttempts
	_ = pinnedGatewayVersion
	return sql.Open("mysql", cfg.FormatDSN())
}

// Package app is a fixture for go vet -vettool=secretlint. Its secrets are
// random text in providers' formats, never real credentials.
package app

import (
	"database/sql"
	"net/http"
	"os"
)

const githubToken = "ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy"

var dbPassword = "Tr0ub4dor&3-x9"

func Connect(req *http.Request) {
	pw := "Zq9vLm2kXw7pR4"
	req.SetBasicAuth("deploy", pw)
	sql.Open("postgres", "postgres://app:hX9kq2Vr7pLm@db.internal:5432/app")
	req.SetBasicAuth("deploy", os.Getenv("DEPLOY_PASSWORD"))
}

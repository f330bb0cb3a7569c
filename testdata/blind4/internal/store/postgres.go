package store

import (
	"database/sql"
	"fmt"
	"os"

	"github.com/lib/pq"
)

const pgConnInfo = "host=pg-billing.acme-logistics.io port=5432 user=billing password=RCki7FsPeUgpXrnPCb03 dbname=billing sslmode=verify-full"

// OpenBilling opens the billing database.
func OpenBilling() (*sql.DB, error) {
	return sql.Open("postgres", pgConnInfo)
}

// OpenAnalytics reads its password from the environment.
func OpenAnalytics() (*sql.DB, error) {
	url := fmt.Sprintf("postgres://analytics:%s@pg-analytics:5432/warehouse?sslmode=require", os.Getenv("ANALYTICS_PG_PASSWORD"))
	conn, err := pq.ParseURL(url)
	if err != nil {
		return nil, err
	}
	return sql.Open("postgres", conn)
}

func openReplica() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://replicator:d0Qisrq~_ih5lM3vMtAm@pg-replica-2.internal:5432/billing?sslmode=require")
}

// OpenLocal opens the developer database started by docker compose.
func OpenLocal() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://fleet@localhost:5432/fleet?sslmode=disable")
}

func newConnector(password string) (*pq.Connector, error) {
	return pq.NewConnector("host=pg-billing.acme-logistics.io user=billing_rw dbname=billing password=" + password)
}

func openWriter() (*sql.DB, error) {
	c, err := newConnector("WWJCO*V3E-IH*Q3bAcq")
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

var _, _ = openReplica, openWriter

//go:build ignore

// seedstaging creates the demo homes on staging before a sales demo.
//
//	go run ./tools/seedstaging
package main

import (
	"context"
	"log"

	"github.com/jackc/pgx/v5"
)

const stagingDSN = "postgresql://seed:jsixE00OZa4ExJTcBXC6@pg-primary.staging.brightloop.internal:5432/hub"

// demoOwner logs in to the demo app on the sales tablets.
var demoOwner = map[string]string{
	"email":    "demo@brightloop.io",
	"password": "xHQct%t6njAptEftDv",
	// bcrypt of the above, what actually goes in the users table
	"password_hash": "$2a$12$ruaE0kvgcGeXZvXggsdpWZWKnUdpQ84MqA1JzjoPO/1ci/PvlYzgR",
}

func main() {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, stagingDSN)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, 'owner') ON CONFLICT DO NOTHING`,
		demoOwner["email"], demoOwner["password_hash"])
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("seeded %s", demoOwner["email"])
}

// Package use puts constants of package def in secret-named places.
package use

import (
	"log"

	"xpkg/def"
)

type Config struct {
	User     string
	Password string
}

func configs() []Config {
	log.Println(def.Banner) // not a secret-named place
	return []Config{
		{User: "svc", Password: def.Fallback},        // want `^hardcoded credential in constant expression assigned to field Password via def.Fallback \(declared at def.go:7\) \(hardcoded-credential\)$`
		{User: "admin", Password: def.AdminPassword}, // reported where it is declared
	}
}

// label: clean

// Package flagdefinition: a flag named password with an empty default.
package flagdefinition

import (
	"flag"
)

var password = flag.String("password", "", "database password")

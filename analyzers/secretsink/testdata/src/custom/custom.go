// Package custom is analysed with a sink from .secretlint.yaml.
package custom

import "corp/db"

func f() {
	db.Connect("db.internal", "hX9kq2Vr7pLmZ") // want `^literal secret reaches corp/db.Connect \(credential-sink\)$`
}

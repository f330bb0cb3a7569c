// Package unconfigured calls the in-house client of package custom, with
// the default sink table, where it is nothing special.
package unconfigured

import "corp/db"

func f() {
	db.Connect("db.internal", "hX9kq2Vr7pLmZ")
}

// label: secret

// Package providercallarg: a provider key passed straight to a call, no name.
package providercallarg

import (
	"fmt"
)

func Run() {
	fmt.Println("ghp_tYi5jGbIj0groLhnzorSxMpCUEVtLkibEtSy")
}

// label: clean

// Package prompt: a password prompt.
package prompt

import (
	"fmt"
)

func Prompt() {
	fmt.Print("Enter password: ")
}

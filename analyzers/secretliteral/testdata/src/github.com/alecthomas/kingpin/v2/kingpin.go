// Package kingpin is a stub of github.com/alecthomas/kingpin/v2 for the tests.
package kingpin

type FlagClause struct{}

func Flag(name, help string) *FlagClause                   { return &FlagClause{} }
func (f *FlagClause) Envar(name string) *FlagClause        { return f }
func (f *FlagClause) Default(values ...string) *FlagClause { return f }
func (f *FlagClause) String() *string                      { s := ""; return &s }

// Package pflag is a stub of github.com/spf13/pflag for the tests.
package pflag

type FlagSet struct{}

func (f *FlagSet) String(name, value, usage string) *string                   { return &value }
func (f *FlagSet) StringP(name, shorthand, value, usage string) *string       { return &value }
func (f *FlagSet) StringVar(p *string, name, value, usage string)             {}
func (f *FlagSet) StringVarP(p *string, name, shorthand, value, usage string) {}
func (f *FlagSet) Int(name string, value int, usage string) *int              { return &value }

func StringP(name, shorthand, value, usage string) *string { return &value }

// label: clean

// Package lookalikesink: a method named like a sink on an unrelated type.
package lookalikesink

type client struct{}

func (client) SetBasicAuth(user, realm string) {}

func Run() {
	client{}.SetBasicAuth("deploy", "internal-realm")
}

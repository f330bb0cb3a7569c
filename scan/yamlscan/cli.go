package yamlscan

import (
	"strconv"
	"strings"

	"github.com/secretlint-go/secretlint/finding"
	"github.com/secretlint-go/secretlint/rules"
	"github.com/secretlint-go/secretlint/scan/internal/judge"
	yaml "go.yaml.in/yaml/v3"
)

// commandSequence judges a sequence of scalars as one command line
// (compose command: [redis-server, --requirepass, …], a container's args,
// an Ansible argv): the items joined by spaces, as the process sees them.
// It reports the item holding a password and marks it judged.
func (w *walker) commandSequence(n *yaml.Node, p string) {
	if !w.j.Enabled("cli-password") || len(n.Content) < 2 || len(n.Content) > 256 {
		return
	}
	args := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || !judgeable(item) && item.Value != "" {
			return
		}
		args = append(args, item.Value)
	}
	line := strings.Join(args, " ")
	if !rules.MayHoldCLIPassword(line) {
		return
	}
	i, sp, ok := rules.CommandArgs(args)
	if !ok || w.judged[n.Content[i]] {
		return
	}
	item := n.Content[i]
	w.judged[item] = true
	d := judge.Decision{RuleID: "cli-password"}
	w.emit(item, JoinIndex(p, strconv.Itoa(i)), n.Style&yaml.FlowStyle != 0, d.RuleID, d.Message("", ""),
		item.Value[sp.Start:sp.End], sp.Start, sp.End, finding.SeverityHigh, "")
}

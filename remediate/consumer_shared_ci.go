package remediate

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// genericYAML decodes the single document of content into plain Go
// values (maps, slices, scalars), the form the structural consumers
// compare a rewritten file in.
func genericYAML(content []byte) (any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errors.New("the file is not valid YAML")
	}
	var more any
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, errors.New("the file holds more than one YAML document")
	}
	return v, nil
}

// sameGeneric reports whether the rewritten content decodes to want.
func sameGeneric(after []byte, want any) error {
	got, err := genericYAML(after)
	if err != nil {
		return errors.New("the rewritten file would not be valid YAML")
	}
	if !reflect.DeepEqual(got, want) {
		return errors.New("the rewritten file would not read back as planned")
	}
	return nil
}

// mapNode returns the value node of key in mapping n, and its key node.
func mapNode(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// blockItemPrefix returns the offset of the line of a block sequence item
// whose first key starts at off, and the text before that key ("    - "),
// or ok false when the item is not written that way.
func blockItemPrefix(content []byte, off int) (lineStart int, prefix string, ok bool) {
	if off <= 0 || off > len(content) {
		return 0, "", false
	}
	lineStart = bytes.LastIndexByte(content[:off], '\n') + 1
	prefix = string(content[lineStart:off])
	t := strings.TrimLeft(prefix, " ")
	if !strings.HasPrefix(t, "-") || strings.Trim(t[1:], " ") != "" || len(t) < 2 {
		return 0, "", false
	}
	return lineStart, prefix, true
}

// lineOf returns the offsets of the start of off's line and of the start
// of the next line (after its line break).
func lineOf(content []byte, off int) (start, next int) {
	start = bytes.LastIndexByte(content[:off], '\n') + 1
	next = len(content)
	if i := bytes.IndexByte(content[off:], '\n'); i >= 0 {
		next = off + i + 1
	}
	return start, next
}

// nodeOffset returns the byte offset of a node.
func nodeOffset(content []byte, starts []int, n *yaml.Node) int {
	return skipProperties(content, byteOffset(content, starts, n.Line, n.Column))
}

// envNameOf turns a secret key into the variable name the store's CI
// action exports for it: upper case, every character other than a
// letter, digit or underscore an underscore (aws-secretsmanager-get-secrets
// with parse-json-secrets does this to JSON keys).
func envNameOf(s string) string { return envChars(s) }

// removeEntryLine plans the removal of the line "KEY: value" of mapping m
// whose value is node and holds r's value: the edit moves the value out
// of the file (its spelling is the whole line).
func removeEntryLine(content []byte, starts []int, m, node *yaml.Node, r *editRequest) (*yamlEdit, error) {
	var kn *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i+1] == node {
			kn = m.Content[i]
		}
	}
	errLine := errors.New("the entry is not written as NAME: value on one line")
	if kn == nil || r.offset < 0 || r.end > len(content) || r.offset >= r.end {
		return nil, errLine
	}
	e, err := planWhole(node, string(content[r.offset:r.end]), &editRequest{offset: r.offset, end: r.end, value: r.value, replace: "x"})
	ko := nodeOffset(content, starts, kn)
	if ko < 0 {
		return nil, errLine
	}
	ls, next := lineOf(content, ko)
	if err != nil || e.Spelling.Block != "" || r.end > next || strings.TrimLeft(string(content[ls:ko]), " ") != "" {
		return nil, errLine
	}
	out := &yamlEdit{req: r, Offset: ls, End: next, Replacement: "", node: node,
		Spelling: Spelling{Prefix: string(content[ls:r.offset]) + e.Spelling.Prefix, Quote: e.Spelling.Quote,
			Suffix: e.Spelling.Suffix + string(content[r.end:next])}}
	if out.Spelling.Spell(r.value) != string(content[ls:next]) {
		return nil, errSpelling
	}
	return out, nil
}

// removeKeyLine plans the aux edit that removes the line of key k when
// the line holds nothing else ("env:" of a mapping left empty).
func removeKeyLine(content []byte, starts []int, k *yaml.Node, kind string) (*yamlEdit, bool) {
	ko := nodeOffset(content, starts, k)
	if ko < 0 {
		return nil, false
	}
	ls, next := lineOf(content, ko)
	line := string(content[ls:next])
	if strings.TrimSpace(line) != k.Value+":" {
		return nil, false
	}
	return &yamlEdit{aux: true, kind: kind, Offset: ls, End: next, Spelling: Spelling{Prefix: line}}, true
}

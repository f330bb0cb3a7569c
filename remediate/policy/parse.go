package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl"
	"github.com/hashicorp/hcl/hcl/ast"
)

// strings1 is an IAM field that is a string or a list of strings.
type strings1 []string

func (s *strings1) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("not a string or a list of strings")
	}
	*s = many
	return nil
}

// ParsedStatement is an IAM statement as read back, with the fields that
// widen a grant (NotAction, NotResource, Principal) kept to be flagged.
type ParsedStatement struct {
	Sid         string                     `json:"Sid"`
	Effect      string                     `json:"Effect"`
	Action      strings1                   `json:"Action"`
	NotAction   strings1                   `json:"NotAction"`
	Resource    strings1                   `json:"Resource"`
	NotResource strings1                   `json:"NotResource"`
	Condition   map[string]json.RawMessage `json:"Condition"`
}

// ParsedDocument is an IAM policy document as read back.
type ParsedDocument struct {
	Version   string            `json:"Version"`
	Statement []ParsedStatement `json:"Statement"`
}

// ParseAWS reads an IAM policy document. A single statement object is
// accepted, as IAM does.
func ParseAWS(b []byte) (*ParsedDocument, error) {
	var raw struct {
		Version   string          `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, errors.New("not a JSON policy document")
	}
	doc := &ParsedDocument{Version: raw.Version}
	if err := json.Unmarshal(raw.Statement, &doc.Statement); err != nil {
		var one ParsedStatement
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			return nil, errors.New("the policy's Statement is not a statement or a list of statements")
		}
		doc.Statement = []ParsedStatement{one}
	}
	return doc, nil
}

// VaultRule is one path rule of a Vault ACL policy.
type VaultRule struct {
	Path         string
	Capabilities []string
	Line         int
	// Other names settings other than capabilities (allowed_parameters,
	// required_parameters, ...).
	Other []string
}

// ParseVault reads the path rules of a Vault ACL policy with the HCL
// parser Vault itself uses (hashicorp/hcl v1).
func ParseVault(b []byte) ([]VaultRule, error) {
	f, err := hcl.ParseBytes(b)
	if err != nil {
		return nil, fmt.Errorf("not an HCL policy: %w", err)
	}
	list, ok := f.Node.(*ast.ObjectList)
	if !ok {
		return nil, errors.New("not an HCL policy")
	}
	var out []VaultRule
	for _, item := range list.Filter("path").Items {
		if len(item.Keys) != 1 {
			return nil, fmt.Errorf("line %d: a path rule names one path", item.Pos().Line)
		}
		p := strings.Trim(item.Keys[0].Token.Text, `"`)
		r := VaultRule{Path: p, Line: item.Pos().Line}
		body, ok := item.Val.(*ast.ObjectType)
		if !ok {
			return nil, fmt.Errorf("line %d: a path rule has a body", r.Line)
		}
		for _, f := range body.List.Items {
			if len(f.Keys) == 0 {
				continue
			}
			name := f.Keys[0].Token.Text
			if name != "capabilities" {
				r.Other = append(r.Other, name)
				continue
			}
			var caps struct {
				Capabilities []string `hcl:"capabilities"`
			}
			if err := hcl.DecodeObject(&caps, &ast.ObjectList{Items: []*ast.ObjectItem{f}}); err != nil {
				return nil, fmt.Errorf("line %d: capabilities: %w", r.Line, err)
			}
			r.Capabilities = append(r.Capabilities, caps.Capabilities...)
		}
		out = append(out, r)
	}
	return out, nil
}

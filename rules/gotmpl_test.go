package rules

import "testing"

func TestTemplateDefault(t *testing.T) {
	for _, c := range []struct {
		v, want, variable string
	}{
		{`{{ .Values.password | default "Wq8eR4tY2uI6oP0a" | b64enc }}`, "Wq8eR4tY2uI6oP0a", ".Values.password"},
		{`{{ default "Lk7jH5gF3dS1aZ9x" .Values.token | b64enc | quote }}`, "Lk7jH5gF3dS1aZ9x", ".Values.token"},
		{`{{- coalesce .Values.a .Values.b "Pz4kW8nQ2xL6vR0t" -}}`, "Pz4kW8nQ2xL6vR0t", ".Values.a"},
		{`{{ "Mn4bV6cX8zL2kJ0h" | b64enc }}`, "Mn4bV6cX8zL2kJ0h", ""},
		{`  {{ b64enc "Mn4bV6cX8zL2kJ0h" }}`, "Mn4bV6cX8zL2kJ0h", ""},
		{`{{ required "Tk9xLq2mW7zR4vB8 is required" .Values.password }}`, "", ".Values.password"},
		{`{{ include "Tk9xLq2mW7zR4vB8" . }}`, "", ""},
		{`{{ printf "%s-%s" .Release.Name "Tk9xLq2mW7zR4vB8" }}`, "", ".Release.Name"},
		{`{{ .Values.password | default "changeme" }}`, "", ".Values.password"},
		{`{{ .Values.password | default (randAlphaNum 24) | b64enc }}`, "", ".Values.password"},
		{`{{ .Values.password | default "" }}`, "", ".Values.password"},
	} {
		cl := Classify(c.v)
		if c.want == "" {
			if cl.Kind == KindReferenceDefault {
				t.Errorf("Classify(%q) found a default %q", c.v, cl.Default)
			}
			continue
		}
		if cl.Kind != KindReferenceDefault || cl.Default != c.want || c.v[cl.DefaultStart:cl.DefaultEnd] != c.want || cl.Variable != c.variable {
			t.Errorf("Classify(%q) = %v %q [%d:%d] %q, want default %q reading %q", c.v, cl.Kind, cl.Default, cl.DefaultStart, cl.DefaultEnd, cl.Variable, c.want, c.variable)
		}
	}
}

package yamlscan

import (
	"strings"
	"testing"
)

// TestTemplateActionAsFlowMapping: a Helm template that is valid YAML
// reads value: {{ default "…" .Values.x | quote }} as a flow mapping; the
// action is judged as the value of its key or env entry.
func TestTemplateActionAsFlowMapping(t *testing.T) {
	def := "Qx7vLm2pZr9Wt4Kd"
	doc := strings.Join([]string{
		"metadata:",
		`  name: {{ include "app.fullname" . }}`,
		"spec:",
		"  containers:",
		"    - name: app",
		"      env:",
		"        - name: MAIL_PASSWORD",
		`          value: {{ default "` + def + `" .Values.mail.password | quote }}`,
		"        - name: LOG_LEVEL",
		`          value: {{ default "info" .Values.logLevel | quote }}`,
		"        - name: CACHE_PASSWORD",
		`          value: {{ default "" .Values.cache.password | quote }}`,
		"        - name: QUEUE_PASSWORD",
		`          value: {{ .Values.queue.password | quote }}`,
		"  auth:",
		`    apiToken: {{ .Values.api.token | default "` + def + `" }}`,
		`    tokenUrl: {{ .Values.api.tokenUrl | default "https://auth.internal/token" }}`,
		"",
	}, "\n")
	res, err := Scan([]byte(doc), Options{Path: "charts/app/templates/deployment.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	lines := strings.Split(doc, "\n")
	for _, f := range res.Findings {
		got = append(got, f.KeyPath)
		if f.RuleID != "env-default-secret" || !strings.HasPrefix(lines[f.Line-1][f.Column-1:], def) {
			t.Errorf("%s: %s at %d:%d, want env-default-secret at the literal", f.KeyPath, f.RuleID, f.Line, f.Column)
		}
	}
	want := []string{"spec.containers[0].env[MAIL_PASSWORD].value", "spec.auth.apiToken"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("findings at %v, want %v", got, want)
	}
}

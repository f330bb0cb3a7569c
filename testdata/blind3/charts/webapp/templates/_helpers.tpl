{{- define "webapp.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "webapp.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "webapp.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end -}}

{{/* Password for the metrics basic-auth sidecar. */}}
{{- define "webapp.metricsPassword" -}}
{{- .Values.metrics.password | default "Ocelot_Parade48q" -}}
{{- end -}}

{{- define "webapp.metricsUser" -}}
{{- .Values.metrics.user | default "prometheus" -}}
{{- end -}}

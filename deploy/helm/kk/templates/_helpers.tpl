{{/* Labels of everything the chart makes. */}}
{{- define "kk.labels" -}}
app.kubernetes.io/name: kk
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kk-platform
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* The pods of one workload: (dict "root" $ "name" "intake-worker"). */}}
{{- define "kk.selector" -}}
app.kubernetes.io/name: kk
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* The platform's own pods (not Kafka's, not PostgreSQL's). */}}
{{- define "kk.platformPods" -}}
matchLabels:
  app.kubernetes.io/instance: {{ .Release.Name }}
  app.kubernetes.io/part-of: kk-platform
{{- end }}

{{/*
Every Deployment the chart makes, as a JSON list: each service's API ("registry") and, where
the service has a standalone worker, the worker ("registry-worker").
*/}}
{{- define "kk.workloads" -}}
{{- $out := list }}
{{- range $name, $c := .Values.components }}
{{- if $c.api.enabled }}
{{- $out = append $out (dict "name" $name "component" $name "role" "api" "spec" $c.api "port" $c.port "portName" "http") }}
{{- end }}
{{- if and $c.worker $c.worker.enabled }}
{{- $out = append $out (dict "name" (printf "%s-worker" $name) "component" $name "role" "worker" "spec" $c.worker "port" $.Values.workerMetricsPort "portName" "metrics") }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{- define "kk.image" -}}
{{ .root.Values.image.prefix }}kk-{{ .component }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- end }}

{{/* Values the platform cannot run without, named when missing. */}}
{{- define "kk.required" -}}
{{- $_ := required "oidc.issuer is required: the identity provider whose tokens the services accept" .Values.oidc.issuer }}
{{- $_ = required "workspace.publicUrl is required: where staff and bodies reach the workspace" .Values.workspace.publicUrl }}
{{- $_ = required "postgres.backup.destinationPath is required: where the database's backups go" .Values.postgres.backup.destinationPath }}
{{- end }}

{{/*
A service's environment: (dict "root" $ "c" $component "w" $workload). Secrets only by
reference: Strimzi's KafkaUser Secret (the SASL password), CloudNativePG's app Secret (the
database URL) and the platform's own Secret.
*/}}
{{- define "kk.env" -}}
{{- $v := .root.Values }}
- name: KK_ENV
  value: {{ $v.environment | quote }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
{{- if and (eq .w.role "api") .c.kafka }}
- name: WORKER_MODE  # the relay and consumers run in the worker Deployment
  value: "off"
{{- end }}
{{- if eq .w.role "worker" }}
- name: WORKER_METRICS_PORT
  value: {{ $v.workerMetricsPort | quote }}
- name: WORKER_METRICS_HOST  # Prometheus scrapes it from another pod
  value: "0.0.0.0"
{{- end }}
{{- if .c.database }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: {name: {{ printf "%s-app" $v.postgres.name }}, key: uri}
{{- end }}
{{- if .c.kafka }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ printf "%s-kafka-bootstrap:9093" $v.kafka.name | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: SASL_SSL
- name: KAFKA_SASL_MECHANISM
  value: SCRAM-SHA-512
- name: KAFKA_USERNAME  # the service's KafkaUser; Strimzi keeps its password in a Secret of that name
  value: {{ .w.component | quote }}
- name: KAFKA_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .w.component }}, key: password}
- name: KAFKA_SSL_CA_FILE  # the cluster CA that signed the brokers' certificates
  value: /etc/kk/kafka-ca/ca.crt
- name: KAFKA_TOPIC_REPLICATION
  value: {{ $v.kafka.replicationFactor | quote }}
- name: KAFKA_MIN_INSYNC_REPLICAS
  value: {{ $v.kafka.minInsyncReplicas | quote }}
{{- end }}
{{- if .c.oidc }}
- name: OIDC_ISSUER
  value: {{ $v.oidc.issuer | quote }}
{{- if $v.oidc.discoveryUrl }}
- name: OIDC_DISCOVERY_URL
  value: {{ $v.oidc.discoveryUrl | quote }}
{{- end }}
- name: OIDC_AUDIENCE
  value: {{ $v.oidc.audience | quote }}
{{- end }}
{{- range $name := .c.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef: {name: {{ $v.secrets.platform }}, key: {{ $name }}}
{{- end }}
{{- range $name, $value := .c.env }}
- name: {{ $name }}
  value: {{ tpl (toString $value) $.root | quote }}
{{- end }}
{{- end }}

{{/* The pod's and the container's security: non-root, nothing to escalate to. */}}
{{- define "kk.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001  # the images' user (services/*/Dockerfile)
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "kk.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Volumes of a service's pod: (dict "c" $component). A writable /tmp, Kafka's cluster CA. */}}
{{- define "kk.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- if .c.kafka }}
- name: kafka-ca
  secret:
    secretName: {{ printf "%s-cluster-ca-cert" .root.Values.kafka.name }}
    items: [{key: ca.crt, path: ca.crt}]
{{- end }}
{{- end }}

{{- define "kk.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .c.kafka }}
- name: kafka-ca
  mountPath: /etc/kk/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{/* The port the services reach the identity provider on: that of its discovery URL (or
issuer), so that the egress policy follows the configuration. */}}
{{- define "kk.identityProviderPort" -}}
{{- $u := urlParse (.Values.oidc.discoveryUrl | default .Values.oidc.issuer) -}}
{{- $hostPort := splitList ":" $u.host -}}
{{- if eq (len $hostPort) 2 -}}{{ index $hostPort 1 }}{{- else if eq $u.scheme "http" -}}80{{- else -}}443{{- end -}}
{{- end }}

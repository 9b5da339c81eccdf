{{/* Chart name, truncated to the 63 characters a label value may have. */}}
{{- define "s3po.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: the release name when it already contains the chart name. */}}
{{- define "s3po.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "s3po.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Pods of a shard's Deployment carry its shard label; the metrics Service selects every shard. */}}
{{- define "s3po.selectorLabels" -}}
app.kubernetes.io/name: {{ include "s3po.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- if and .Shard (gt (int .Values.shards) 1) }}
s3posture.io/shard: {{ .Shard.index | quote }}
{{- end }}
{{- end }}

{{/* A shard's Deployment (and PodDisruptionBudget): the full name, plus -shard-<index> when sharded. */}}
{{- define "s3po.deploymentName" -}}
{{- if gt (int .Values.shards) 1 }}
{{- printf "%s-shard-%d" (include "s3po.fullname" . | trunc 55 | trimSuffix "-") (int .Shard.index) }}
{{- else }}
{{- include "s3po.fullname" . }}
{{- end }}
{{- end }}

{{/* The leader-election Leases: one per shard (the operator names its own the same way). */}}
{{- define "s3po.leaseNames" -}}
{{- if gt (int .Values.shards) 1 }}
{{- range $index := until (int .Values.shards) }}
- {{ printf "s3-posture-operator-shard-%d" $index | quote }}
{{- end }}
{{- else }}
- "s3-posture-operator"
{{- end }}
{{- end }}

{{- define "s3po.labels" -}}
helm.sh/chart: {{ include "s3po.chart" . }}
{{ include "s3po.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: s3-posture-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "s3po.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "s3po.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "true" when leader election runs: forced, or more than one replica. */}}
{{- define "s3po.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{- define "s3po.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace }}
{{- end }}

{{- define "s3po.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The operator's rules on its own kinds. Never spec writes: get/list/watch, and status only. */}}
{{- define "s3po.rules.bucketPolicies" -}}
- apiGroups: ["s3posture.io"]
  resources: ["bucketpolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["s3posture.io"]
  resources: ["bucketpolicies/status"]
  verbs: ["get", "patch", "update"]
{{- end }}

{{- define "s3po.rules.accountPolicies" -}}
- apiGroups: ["s3posture.io"]
  resources: ["accountpolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["s3posture.io"]
  resources: ["accountpolicies/status"]
  verbs: ["get", "patch", "update"]
{{- end }}

{{- define "s3po.rules.planConfigMaps" -}}
# the plans of BucketPolicies with approval: Manual, in ConfigMaps next to them (write-only: no
# get/list/watch, so the operator cannot read other ConfigMaps)
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["create", "patch", "delete"]
{{- end }}

{{- define "s3po.rules.reports" -}}
# the OpenReports Reports of BucketPolicies (reports.enabled), next to them (write-only: no
# get/list/watch, so the operator cannot read other tools' reports)
- apiGroups: ["openreports.io"]
  resources: ["reports"]
  verbs: ["create", "patch", "delete"]
{{- end }}

{{- define "s3po.rules.events" -}}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{- define "s3po.subjects" -}}
subjects:
  - kind: ServiceAccount
    name: {{ include "s3po.serviceAccountName" . }}
    namespace: {{ .Release.Namespace }}
{{- end }}

{{/* The Prometheus Operator's API is served: ServiceMonitor and PrometheusRule can be installed. */}}
{{- define "s3po.monitoringApi" -}}
{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}true{{ end }}
{{- end }}

{{/* The Deployment's strategy: the chosen one, or the one that fits leader election. */}}
{{- define "s3po.strategy" -}}
{{- $leaderElection := include "s3po.leaderElection" . }}
{{- if .Values.strategy }}
{{- if and (eq (.Values.strategy.type | default "RollingUpdate") "RollingUpdate") (ne $leaderElection "true") }}
{{- fail "strategy RollingUpdate without leader election would run two operators side by side: set leaderElection.enabled=true (or replicaCount > 1), or strategy.type=Recreate" }}
{{- end }}
{{- toYaml .Values.strategy }}
{{- else if eq $leaderElection "true" }}
# a new replica joins as a follower and takes over the Lease when the old leader stops
type: RollingUpdate
rollingUpdate:
  maxSurge: 1
  maxUnavailable: 0
{{- else }}
# without leader election two operators must never run side by side
type: Recreate
{{- end }}
{{- end }}

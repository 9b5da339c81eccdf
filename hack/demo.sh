#!/usr/bin/env bash
# make demo: the operator's main job on the embedded local stack (kube-apiserver + etcd + moto).
# Creates badly configured buckets, applies the example policies, runs the operator, shows what it
# found and fixed, then changes buckets behind its back and shows them corrected again: after a
# requested check, and after a change event (CloudTrail -> EventBridge -> SQS, simulated in moto).
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS_BIN="${S3POSTURE_TOOLS_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/s3-posture-operator/tools/bin}"
DEMO_DIR="$PWD/target/demo"
NS=s3posture-demo
MGMT_PORT="${DEMO_MANAGEMENT_PORT:-18080}"
OPERATOR_JAR=operator/target/s3-posture-operator.jar
STACK_JAR=$(ls local-stack/target/local-stack-*-launcher.jar 2>/dev/null | head -n 1 || true)

bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '\033[36m$ %s\033[0m\n' "$*"; "$@"; }
die() { echo "demo: $*" >&2; exit 1; }

command -v kubectl >/dev/null || die "kubectl is needed to show the results (https://kubernetes.io/docs/tasks/tools/)"
[[ -f "$OPERATOR_JAR" && -n "$STACK_JAR" ]] || die "jars missing: run 'make demo' (it builds them)"
[[ -x "$TOOLS_BIN/moto_python" ]] || die "tools missing: run 'make tools'"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what="$2"; shift 2
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "timed out waiting for $what"
    sleep 1
  done
}

bold "Starting the local stack: etcd + kube-apiserver (control plane only) + moto"
rm -rf "$DEMO_DIR" && mkdir -p "$DEMO_DIR"
java -jar "$STACK_JAR" "$DEMO_DIR/stack" >"$DEMO_DIR/stack.log" 2>&1 &
pids+=($!)
wait_for 120 "the local stack (see $DEMO_DIR/stack.log)" test -f "$DEMO_DIR/stack/ready"
# shellcheck disable=SC1091
source "$DEMO_DIR/stack/env"
echo "kube-apiserver: $(kubectl config view -o jsonpath='{.clusters[0].cluster.server}')   moto: $S3POSTURE_MOTO_ENDPOINT"

bold "Creating badly configured buckets in moto"
"$TOOLS_BIN/moto_python" hack/demo_buckets.py "$S3POSTURE_MOTO_ENDPOINT" seed
cat <<'TXT'
  payments-invoices  public-read ACL, static website on
  payments-ledger    re-encrypted with an attacker's KMS key (ransomware)
  payments-exports   never versioned
  analytics-raw      bucket policy and ACL open to everyone
  analytics-scratch  static website on, never versioned
TXT

bold "Installing the CRDs and the example policies (one Enforce, one Audit)"
run kubectl apply --server-side -f crds/ >/dev/null
kubectl wait --for condition=established --timeout=60s crd/bucketpolicies.s3posture.io crd/accountpolicies.s3posture.io >/dev/null
run kubectl create namespace "$NS"
run kubectl apply -n "$NS" -f crds/examples/bucketpolicy-enforce.yaml -f crds/examples/bucketpolicy-audit.yaml

bold "Change events: an SQS queue fed by an EventBridge rule for S3's CloudTrail events (docs/events.md)"
EVENT_QUEUES="$("$TOOLS_BIN/moto_python" hack/demo_events.py "$S3POSTURE_MOTO_ENDPOINT" setup)"
echo "S3POSTURE_EVENT_QUEUES=$EVENT_QUEUES"

bold "Running the operator"
AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 \
  S3POSTURE_DEFAULT_ENDPOINT="$S3POSTURE_MOTO_ENDPOINT" S3POSTURE_MANAGEMENT_PORT="$MGMT_PORT" \
  S3POSTURE_ACCOUNT_POLICIES=false S3POSTURE_EVENT_QUEUES="$EVENT_QUEUES" \
  java -jar "$OPERATOR_JAR" run >"$DEMO_DIR/operator.log" 2>&1 &
pids+=($!)
# checked: the first sweep of generation 1 completed (lastCheckTime is set when every bucket was checked)
checked() { [[ "$(kubectl get bucketpolicy "$1" -n "$NS" -o jsonpath='{.status.observedGeneration}/{.status.lastCheckTime}')" == 1/?* ]]; }
wait_for 120 "the first checks (see $DEMO_DIR/operator.log)" bash -c "$(declare -f checked); NS=$NS; checked payments-baseline && checked analytics-audit"
echo "operator log: $DEMO_DIR/operator.log   metrics: http://127.0.0.1:$MGMT_PORT/metrics"

bold "What the operator found"
run kubectl get s3posture -n "$NS"

bold "Drift it corrected (Enforce) and reported (Audit): events"
run kubectl get events -n "$NS" --sort-by=.metadata.creationTimestamp \
  -o custom-columns=TYPE:.type,REASON:.reason,POLICY:.involvedObject.name,MESSAGE:.message

bold "The Audit policy's findings, from its status"
run kubectl get bucketpolicy analytics-audit -n "$NS" \
  -o jsonpath='{range .status.findings[*]}{.bucket}{"\t"}{.control}{"\t"}{.state}{"\t"}{.observed}{"\n"}{end}'

bold "Someone changes buckets behind the operator's back"
"$TOOLS_BIN/moto_python" hack/demo_buckets.py "$S3POSTURE_MOTO_ENDPOINT" tamper
cat <<'TXT'
  payments-ledger    re-keyed with the attacker's KMS key again
  payments-exports   versioning suspended
  payments-invoices  static website turned back on
TXT
corrected_before=$(kubectl get events -n "$NS" --field-selector reason=DriftCorrected -o name | wc -l)
echo "Requesting an immediate check (otherwise it comes within resyncInterval, 1m here):"
run kubectl annotate bucketpolicy payments-baseline -n "$NS" s3posture.io/check-now="$(date +%s)" --overwrite
more_corrections() { (( $(kubectl get events -n "$NS" --field-selector reason=DriftCorrected -o name | wc -l) >= corrected_before + 3 )); }
wait_for 60 "the corrections" bash -c "$(declare -f more_corrections); NS=$NS; corrected_before=$corrected_before; more_corrections"
run kubectl get events -n "$NS" --field-selector reason=DriftCorrected --sort-by=.metadata.creationTimestamp \
  -o custom-columns=REASON:.reason,MESSAGE:.message | tail -n 3

bold "A change announced by a change event: corrected seconds later, without waiting for a check"
echo "First the resync goes to once a day, so that only the event can explain the next correction:"
checked_at=$(kubectl get bucketpolicy payments-baseline -n "$NS" -o jsonpath='{.status.lastCheckTime}')
run kubectl patch bucketpolicy payments-baseline -n "$NS" --type merge -p '{"spec":{"resyncInterval":"24h"}}'
resynced() { local now; now=$(kubectl get bucketpolicy payments-baseline -n "$NS" -o jsonpath='{.status.observedGeneration} {.status.lastCheckTime}'); [[ "$now" == 2\ * && "$now" != "2 $checked_at" ]]; }
wait_for 60 "the check of the new generation" bash -c "$(declare -f resynced); NS=$NS; checked_at=$checked_at; resynced"
"$TOOLS_BIN/moto_python" hack/demo_events.py "$S3POSTURE_MOTO_ENDPOINT" rekey payments-ledger \
  "$(kubectl get bucketpolicy payments-baseline -n "$NS" -o jsonpath='{.spec.controls.encryption.kmsKeyArn}')"
after_event() { kubectl get events -n "$NS" --field-selector reason=DriftCorrected -o jsonpath='{.items[*].message}' | grep -q 'after PutBucketEncryption by'; }
wait_for 30 "the DriftCorrected event naming the call" bash -c "$(declare -f after_event); NS=$NS; after_event"
echo "The correction was triggered by the change event: its DriftCorrected event names the call and who made it:"
run kubectl get events -n "$NS" --field-selector reason=DriftCorrected --sort-by=.metadata.creationTimestamp \
  -o custom-columns=REASON:.reason,MESSAGE:.message | grep 'after PutBucketEncryption by'

bold "The same, as Prometheus metrics"
curl -s "http://127.0.0.1:$MGMT_PORT/metrics" \
  | grep -E '^s3posture_(policy_buckets|drift_corrected_total|change_events_received_total|bucket_checks_total)' \
  | grep -v ' 0.0$' || true

bold "Done"
echo "Everything ran on loopback; stopping the operator and the local stack. Logs: $DEMO_DIR"

#!/usr/bin/env bash
# Regenerates operator/src/main/cds/s3-posture-operator.classlist: the classes the operator loads from start to
# its first completed checks, recorded with -XX:DumpLoadedClassList during a real run on the local stack (the
# demo's buckets and the example policies: corrections, an Audit policy, an AccountPolicy). The Dockerfile
# turns the list into a class data sharing archive (docs/performance.md, Start-up). Run it after changes
# that load other classes at start-up (new dependencies, a new AWS client); a stale list still works, the
# classes it misses are loaded the slow way. Needs `make tools`. Usage: bash hack/update-cds-classlist.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS_BIN="${S3POSTURE_TOOLS_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/s3-posture-operator/tools/bin}"
OUT=operator/src/main/cds/s3-posture-operator.classlist
JAR=operator/target/s3-posture-operator.jar
WORK="$PWD/target/cds-classlist"
PORT="${CDS_MANAGEMENT_PORT:-18181}"

command -v kubectl >/dev/null || { echo "kubectl is needed" >&2; exit 2; }
[[ -x "$TOOLS_BIN/moto_python" ]] || { echo "tools missing: run make tools" >&2; exit 2; }
mvn -B -ntp -q -pl operator -am package -DskipTests
STACK_JAR=$(ls local-stack/target/local-stack-*-launcher.jar | head -n 1)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what="$2"; shift 2
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { echo "timed out waiting for $what" >&2; exit 1; }
    sleep 0.5
  done
}

rm -rf "$WORK" && mkdir -p "$WORK"
java -jar "$STACK_JAR" "$WORK/stack" >"$WORK/stack.log" 2>&1 &
pids+=($!)
wait_for 120 "the local stack ($WORK/stack.log)" test -f "$WORK/stack/ready"
# shellcheck disable=SC1091
source "$WORK/stack/env"
"$TOOLS_BIN/moto_python" hack/demo_buckets.py "$S3POSTURE_MOTO_ENDPOINT" seed
kubectl apply --server-side -f crds/ >/dev/null
kubectl wait --for condition=established --timeout=60s crd/bucketpolicies.s3posture.io crd/accountpolicies.s3posture.io >/dev/null
kubectl create namespace cds >/dev/null
kubectl apply -n cds -f crds/examples/bucketpolicy-enforce.yaml -f crds/examples/bucketpolicy-audit.yaml >/dev/null
kubectl apply -f crds/examples/accountpolicy.yaml >/dev/null

# the image's JVM flags (Dockerfile ENTRYPOINT), without the archive itself
AWS_ACCESS_KEY_ID=cds AWS_SECRET_ACCESS_KEY=cds AWS_REGION=us-east-1 \
  S3POSTURE_DEFAULT_ENDPOINT="$S3POSTURE_MOTO_ENDPOINT" S3POSTURE_MANAGEMENT_PORT="$PORT" \
  java -XX:+UseSerialGC -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:TrimNativeHeapInterval=30000 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:DumpLoadedClassList="$WORK/classlist" \
  -jar "$JAR" run >"$WORK/operator.log" 2>&1 &
operator=$!
pids+=("$operator")
checked() {
  local metrics
  metrics="$(curl -fsS "http://127.0.0.1:$PORT/metrics")" || return 1
  for policy in payments-baseline analytics-audit main-account; do
    grep -q "^s3posture_policy_checks_total{.*policy=\"$policy\"" <<<"$metrics" \
      || grep -q "^s3posture_account_control_state{.*policy=\"$policy\"" <<<"$metrics" || return 1
  done
}
wait_for 180 "the first checks ($WORK/operator.log)" checked
kill "$operator" && wait "$operator" 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
# dynamic proxies are generated at run time under names the archive cannot know
grep -v '^jdk/proxy[0-9]*/\$Proxy' "$WORK/classlist" >"$OUT"
echo "$OUT: $(grep -vc '^[#@]' "$OUT") classes, $(grep -c '^@lambda-proxy' "$OUT") lambda proxies"

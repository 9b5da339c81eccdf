#!/usr/bin/env bash
# The fault matrix (docs/reliability.md): make bench-faults. Starts the local stack (etcd +
# kube-apiserver + moto) and the fault proxy in front of moto (hack/lib/fault-proxy.sh), then runs
# the operator in-process against the proxy, one fault at a time (FAULTS_SECONDS=60 each by
# default, FAULTS_BUCKETS=20 drifted buckets).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/fault-proxy.sh
source hack/lib/fault-proxy.sh

mvn -B -ntp -q -pl local-stack -am install -DskipTests
mvn -B -ntp -q -pl operator test-compile -DskipTests
STACK_JAR=$(ls local-stack/target/local-stack-*-launcher.jar | head -n 1)
DIR="$PWD/target/bench-faults"
rm -rf "$DIR" && mkdir -p "$DIR"

STACK_PID=
cleanup() {
  fault_proxy_stop || true
  if [[ -n "$STACK_PID" ]]; then kill "$STACK_PID" 2>/dev/null || true; wait "$STACK_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

java -jar "$STACK_JAR" "$DIR/stack" >"$DIR/stack.log" 2>&1 &
STACK_PID=$!
for _ in $(seq 1 240); do
  [[ -f "$DIR/stack/ready" ]] && break
  kill -0 "$STACK_PID" 2>/dev/null || { cat "$DIR/stack.log" >&2; exit 1; }
  sleep 0.5
done
[[ -f "$DIR/stack/ready" ]] || { echo "the local stack did not start (see $DIR/stack.log)" >&2; exit 1; }
# shellcheck disable=SC1091
source "$DIR/stack/env"
fault_proxy_start "$S3POSTURE_MOTO_ENDPOINT"
echo "moto $S3POSTURE_MOTO_ENDPOINT, fault proxy $FAULT_PROXY_ENDPOINT (control $FAULT_PROXY_CONTROL)"

export KUBECONFIG S3POSTURE_MOTO_ENDPOINT FAULT_PROXY_ENDPOINT FAULT_PROXY_CONTROL
mvn -B -ntp -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.s3posture.bench.FaultBenchmark \
  -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -Daws.region=us-east-1 2>&1 \
  | { grep -vE '^\S+ (DEBUG|INFO|WARN) ' || true; }

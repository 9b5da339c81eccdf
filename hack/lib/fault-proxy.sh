# shellcheck shell=bash
# The fault proxy (local-stack's io.s3posture.localstack.proxy) for benchmark scripts. Source it:
#
#   source hack/lib/fault-proxy.sh
#   fault_proxy_start http://127.0.0.1:5000 --paginate-list-buckets   # exports FAULT_PROXY_*
#   fault_proxy_rule '{"fault":"SLOW_DOWN","operation":"Get*","probability":0.3}'
#   ... point clients at "$FAULT_PROXY_ENDPOINT" ...
#   fault_proxy_counts          # JSON: requests by operation, by bucket, faults injected
#   fault_proxy_stop
#
# Options after the upstream go to FaultProxyMain: --port N, --control-port N,
# --paginate-list-buckets, --rule JSON (repeatable). Builds the local-stack launcher jar if missing.

fault_proxy_jar() {
  local jar
  jar=$(ls local-stack/target/local-stack-*-launcher.jar 2>/dev/null | head -n 1 || true)
  if [[ -z "$jar" ]]; then
    mvn -B -ntp -q -pl local-stack -am package -DskipTests >&2
    jar=$(ls local-stack/target/local-stack-*-launcher.jar | head -n 1)
  fi
  echo "$jar"
}

# fault_proxy_start UPSTREAM [OPTIONS...]: starts the proxy in the background and waits until it
# listens; exports FAULT_PROXY_ENDPOINT (for clients), FAULT_PROXY_CONTROL (the control API) and
# FAULT_PROXY_PID. Its log is "$FAULT_PROXY_DIR/proxy.log".
fault_proxy_start() {
  local upstream="$1"; shift
  local jar; jar=$(fault_proxy_jar)
  FAULT_PROXY_DIR=$(mktemp -d)
  java -cp "$jar" io.s3posture.localstack.proxy.FaultProxyMain --upstream "$upstream" \
    --env-file "$FAULT_PROXY_DIR/env" "$@" >"$FAULT_PROXY_DIR/proxy.log" 2>&1 &
  FAULT_PROXY_PID=$!
  local i
  for i in $(seq 1 100); do
    [[ -f "$FAULT_PROXY_DIR/env" ]] && break
    kill -0 "$FAULT_PROXY_PID" 2>/dev/null || { cat "$FAULT_PROXY_DIR/proxy.log" >&2; return 1; }
    sleep 0.2
  done
  [[ -f "$FAULT_PROXY_DIR/env" ]] || { echo "fault proxy did not start" >&2; return 1; }
  set -a
  # shellcheck disable=SC1091
  source "$FAULT_PROXY_DIR/env"
  set +a
  export FAULT_PROXY_PID FAULT_PROXY_DIR
}

# fault_proxy_rule JSON: adds a rule; prints {"id":N}.
fault_proxy_rule() {
  curl -fsS -X POST "$FAULT_PROXY_CONTROL/rules" -H 'Content-Type: application/json' -d "$1"
}

# fault_proxy_clear: removes every rule.
fault_proxy_clear() {
  curl -fsS -X DELETE "$FAULT_PROXY_CONTROL/rules"
}

# fault_proxy_counts: prints the counts as JSON.
fault_proxy_counts() {
  curl -fsS "$FAULT_PROXY_CONTROL/counts"
}

# fault_proxy_reset_counts: sets every count back to zero.
fault_proxy_reset_counts() {
  curl -fsS -X DELETE "$FAULT_PROXY_CONTROL/counts"
}

# fault_proxy_stop: stops the proxy started by fault_proxy_start.
fault_proxy_stop() {
  if [[ -n "${FAULT_PROXY_PID:-}" ]]; then
    kill "$FAULT_PROXY_PID" 2>/dev/null || true
    wait "$FAULT_PROXY_PID" 2>/dev/null || true
  fi
  [[ -n "${FAULT_PROXY_DIR:-}" ]] && rm -rf "$FAULT_PROXY_DIR"
  unset FAULT_PROXY_PID FAULT_PROXY_DIR FAULT_PROXY_ENDPOINT FAULT_PROXY_CONTROL
}

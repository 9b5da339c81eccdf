#!/usr/bin/env bash
# Audit benchmark: `make bench-audit`. Starts moto on a free loopback port, seeds BENCH_AUDIT_BUCKETS
# (1000; at most 1000, moto's ListBuckets does not paginate) buckets in ten mixed states, runs
# `audit --all --output json --stats` against it and prints buckets per second and AWS calls per bucket. Calls are counted twice: by the CLI (--stats: the
# operator's SDK call metrics, one per API call) and by moto's request log, as a cross-check. The calls per bucket
# are the calls about one bucket (the once-per-run ones apart), so they do not depend on BENCH_AUDIT_BUCKETS:
# AuditCostDocIT runs this script with 20 buckets and compares them with docs/audit.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BUCKETS="${BENCH_AUDIT_BUCKETS:-1000}"
CONCURRENCY="${BENCH_AUDIT_CONCURRENCY:-8}"
TOOLS_BIN="${S3POSTURE_TOOLS_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/s3-posture-operator/tools/bin}"
MOTO="$TOOLS_BIN/moto_server"
JAR=operator/target/s3-posture-operator.jar

[[ -x "$MOTO" ]] || { echo "bench-audit: $MOTO is missing: run make tools" >&2; exit 2; }
# the wrapper names the python that has moto (and boto3)
PYTHON="$(sed -n 's/^exec \([^ ]*\) -m moto.server.*/\1/p' "$MOTO")"
PYTHON="${PYTHON:-python3}"
[[ -f "$JAR" ]] || mvn -B -ntp -q -pl operator -am package -DskipTests

WORK="$(mktemp -d)"
PORT="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ENDPOINT="http://127.0.0.1:$PORT"
MOTO_ACCOUNT_ID=123456789012 "$MOTO" -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$ENDPOINT/moto-api/" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$ENDPOINT/moto-api/" >/dev/null

echo "seeding $BUCKETS buckets in moto at $ENDPOINT ..."
seed_start=$(date +%s.%N)
"$PYTHON" hack/bench_audit_buckets.py "$ENDPOINT" "$BUCKETS"
"$PYTHON" -c "import sys; print(f'seeded in {float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$seed_start" "$(date +%s.%N)"

requests_before=$(grep -c '" [0-9][0-9][0-9] ' "$WORK/moto.log" || true)
start=$(date +%s.%N)
set +e
AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 \
  java -jar "$JAR" audit --all --endpoint "$ENDPOINT" --output json --stats \
  --concurrency "$CONCURRENCY" >"$WORK/report.json" 2>"$WORK/stderr.txt"
code=$?
set -e
end=$(date +%s.%N)
requests_after=$(grep -c '" [0-9][0-9][0-9] ' "$WORK/moto.log" || true)

grep '^stats:' "$WORK/stderr.txt" || { cat "$WORK/stderr.txt" >&2; exit 1; }
"$PYTHON" - "$WORK/report.json" "$code" "$start" "$end" "$((requests_after - requests_before))" "$BUCKETS" "$WORK/stderr.txt" <<'PY'
import json, re, sys
report, code = json.load(open(sys.argv[1])), int(sys.argv[2])
wall, requests = float(sys.argv[4]) - float(sys.argv[3]), int(sys.argv[5])
stderr = open(sys.argv[7]).read()
buckets = report["summary"]["buckets"]
checks = report["summary"]["checks"]
total = buckets["total"]
print(f"audit exit code {code} ({report['result']}); buckets {buckets}; checks {checks}")
print(f"failures by severity {report['summary']['failuresBySeverity']}")
print(f"wall clock incl. JVM start: {wall:.1f} s = {total / wall:.1f} buckets/s")
# the CLI's own count (--stats): calls about one bucket, and the calls made once per run
stats = dict(re.findall(r"(\w+)=([\d.]+)", re.search(r"^stats: buckets=.*$", stderr, re.M).group(0)))
by_operation = dict(re.findall(r"(\w+)=(\d+)", re.search(r"^stats: calls by operation:.*$", stderr, re.M).group(0)))
located = int(by_operation.get("GetBucketLocation", 0)) / total
per_bucket = float(stats["bucket_calls_per_bucket"])
print(f"AWS calls per bucket: {per_bucket:.2f} = {per_bucket - located:.2f} settings read"
      f" + {located:.2f} GetBucketLocation (moto's ListBuckets gives no region);"
      f" plus {stats['run_calls']} calls once per run")
print(f"moto request log: {requests} requests = {requests / total:.2f} per bucket, once-per-run calls included")
if total != int(sys.argv[6]):
    sys.exit(f"expected {sys.argv[6]} buckets in the report, got {total}")
PY

#!/usr/bin/env bash
# Change-event benchmark on the local stack: make bench-events (BENCH_EVENTS=100 changes by default,
# then a burst of BENCH_EVENTS_BURST=1000 events for 1,000 buckets; 0 skips it).
# Each change is made behind the operator's back and announced by a CloudTrail-shaped event published
# with EventBridge PutEvents; prints p50/p95/p99 of publish -> corrected and AWS calls per event.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl local-stack -am install -DskipTests
mvn -B -ntp -q -pl operator test-compile -DskipTests
mvn -B -ntp -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.s3posture.bench.ChangeEventBenchmark -Dexec.args="${BENCH_EVENTS:-100}" \
  -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -Daws.region=us-east-1 2>&1 \
  | grep -vE '^\S+ (DEBUG|INFO) ' || true
# burst mode: BENCH_EVENTS_BURST events for as many buckets, sent at once (0: skip)
if [ "${BENCH_EVENTS_BURST:-1000}" != "0" ]; then
  mvn -B -ntp -q -pl operator exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=io.s3posture.bench.ChangeEventBurstBenchmark -Dexec.args="${BENCH_EVENTS_BURST:-1000}" \
    -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -Daws.region=us-east-1 2>&1 \
    | grep -vE '^\S+ (DEBUG|INFO|WARN) ' || true
fi

#!/usr/bin/env bash
# Reconcile benchmark on the local stack: make bench (BENCH_BUCKETS=500 by default).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl local-stack -am install -DskipTests
mvn -B -ntp -q -pl operator test-compile -DskipTests
mvn -B -ntp -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.s3posture.bench.ReconcileBenchmark -Dexec.args="${BENCH_BUCKETS:-500}" \
  -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -Daws.region=us-east-1 2>&1 \
  | grep -vE '^\S+ (DEBUG|INFO) ' || true

#!/usr/bin/env bash
# Isolation benchmark on the local stack: make bench-isolation (ISOLATION_RUNS=9 by default).
# A healthy policy's check latency alone and with 50 failing policies present (docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl local-stack -am install -DskipTests
mvn -B -ntp -q -pl operator test-compile -DskipTests
mvn -B -ntp -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.s3posture.bench.IsolationBenchmark -Dexec.args="${ISOLATION_RUNS:-9}" \
  -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -Daws.region=us-east-1 2>&1 \
  | { grep -vE '^\S+ (DEBUG|INFO|WARN) ' || true; }
# the operator process with the chart's JVM options under the same load: memory and log volume
mvn -B -ntp -q -pl operator package -DskipTests
mvn -B -ntp -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.s3posture.bench.FootprintBenchmark -Dexec.args="${FOOTPRINT_MINUTES:-5}" \
  -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -Daws.region=us-east-1 2>&1 \
  | { grep -vE '^\S+ (DEBUG|INFO|WARN) ' || true; }

#!/usr/bin/env bash
# Start-up benchmark on the local stack: make bench-startup (STARTUP_RUNS=5 by default).
# The operator jar with the image's JVM flags, with and without the image's AppCDS archive: process start to
# the first completed check of a small policy (docs/performance.md, Start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl local-stack -am install -DskipTests
mvn -B -ntp -q -pl operator package -DskipTests
mvn -B -ntp -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.s3posture.bench.StartupBenchmark -Dexec.args="${STARTUP_RUNS:-5}" \
  -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -Daws.region=us-east-1 2>&1 \
  | { grep -vE '^\S+ (DEBUG|INFO|WARN) ' || true; }

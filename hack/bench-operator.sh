#!/usr/bin/env bash
# The operator at fleet scale (ReconcileBenchmark): make bench, or with options, e.g.
#   BENCH_ARGS="--sizes 1000 --policies 1,100 --controls all" bash hack/bench-operator.sh
# Defaults: 1,000 / 5,000 / 10,000 buckets x (1, 100 policies) x (3, all controls), 25 ms per S3 request,
# then a small policy's latency under a big one and the series of a 1 % drift. About an hour on 2 cores.
# Figures: stdout and target/bench/results.md; docs/performance.md explains them.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl local-stack -am install -DskipTests
mvn -B -ntp -q -pl operator package -DskipTests
mvn -B -ntp -q -pl operator exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.s3posture.bench.ReconcileBenchmark -Dexec.args="${BENCH_ARGS:-}" \
  -Daws.accessKeyId=bench -Daws.secretAccessKey=bench -Daws.region=us-east-1 2>&1 \
  | grep -vE '^\S+ (DEBUG|INFO) |^[0-9:.]+ (DEBUG|INFO) ' || true

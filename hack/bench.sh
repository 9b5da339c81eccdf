#!/usr/bin/env bash
# All benchmarks: `make bench`. Each prints its own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/bench-operator.sh
bash hack/bench-events.sh
mvn -B -ntp -q -pl operator -am package -DskipTests
bash hack/bench-audit.sh
bash hack/bench-startup.sh
bash hack/bench-isolation.sh
bash hack/bench-faults.sh

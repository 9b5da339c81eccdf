# s3-posture-operator — developer entry points. Maven is the source of truth; these targets wrap it.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp
TOOLS_BIN := $(shell bash -c 'echo $${S3POSTURE_TOOLS_DIR:-$${XDG_CACHE_HOME:-$$HOME/.cache}/s3-posture-operator/tools}/bin')
export S3POSTURE_TOOLS_BIN := $(TOOLS_BIN)
OPERATOR_JAR := operator/target/s3-posture-operator.jar
CHART := helm/s3-posture-operator

##@ General
.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make \033[36m<target>\033[0m\n"} /^[a-zA-Z0-9_-]+:.*?##/ { printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Development
.PHONY: tools
tools: ## Build/install the local stack (kube-apiserver, etcd, helm, promtool, glua, moto, the node's binaries) into the cache, once.
	@bash hack/install-tools.sh all >/dev/null

.PHONY: build
build: ## Compile and package the operator jar (no tests).
	$(MVN) -q package -DskipTests

.PHONY: fmt
fmt: ## Format Java sources with google-java-format (spotless).
	$(MVN) -q spotless:apply

.PHONY: crds
crds: ## Regenerate the CRDs from the Java types into crds/ and the chart.
	$(MVN) -q -pl operator -am process-test-classes
	bash hack/update-crds.sh

##@ Testing
.PHONY: test
test: tools ## Run unit and integration tests (starts and stops the local stack itself).
	$(MVN) verify -Ds3posture.requireTools=true

.PHONY: e2e
e2e: tools ## As users install it, on a real node (root): image built here, chart from a registry, failover, upgrade, shards.
	bash hack/e2e.sh

.PHONY: unit
unit: ## Run the unit tests only (no local stack; promtool checks are skipped until `make tools` built it).
	$(MVN) test

.PHONY: bench
bench: tools ## Run the benchmarks against the local stack and print figures (operator, change events, audit).
	bash hack/bench.sh

##@ Running
.PHONY: demo
demo: tools ## The main job on the embedded local stack: bad buckets, policies, drift found and corrected.
	$(MVN) -q package -DskipTests
	bash hack/demo.sh

.PHONY: run
run: build ## Run the operator against the current kubeconfig and the default AWS credentials.
	java -jar $(OPERATOR_JAR) run

.PHONY: clean
clean: ## Remove build output (the tool cache stays; delete it by hand to rebuild tools).
	$(MVN) -q clean
	rm -rf target

##@ Packaging
.PHONY: helm-lint
helm-lint: tools ## Lint the Helm chart strictly and render it with its defaults.
	$(TOOLS_BIN)/helm lint --strict $(CHART)
	$(TOOLS_BIN)/helm template s3-posture-operator $(CHART) --kube-version 1.35.0 >/dev/null

##@ Benchmarks
.PHONY: bench-events
bench-events: tools ## Event -> correction for 100 changes one at a time (p50/p95/p99, AWS calls per event), then a burst of 1,000 events.
	bash hack/bench-events.sh

.PHONY: bench-startup
bench-startup: tools ## Start of the operator process to the first completed check of a small policy, with and without AppCDS.
	bash hack/bench-startup.sh

.PHONY: bench-isolation
bench-isolation: tools ## A healthy policy's check latency alone, with 50 failing policies, with a slow policy of its own account, and its cadence (docs/reliability.md).
	bash hack/bench-isolation.sh

.PHONY: bench-faults
bench-faults: tools ## The fault matrix: the operator through the fault proxy, per fault (docs/reliability.md).
	$(MVN) -q package -DskipTests
	bash hack/bench-faults.sh

.PHONY: bench-audit
bench-audit: tools ## Time `audit --all` on 1,000 moto buckets in mixed states: buckets/s, AWS calls per bucket.
	$(MVN) -q package -DskipTests
	bash hack/bench-audit.sh

#!/usr/bin/env bash
# Copies the CRDs generated from the Java types (operator/target/crds, written by the Maven build)
# into crds/ and the Helm chart (files/crds/, which templates/crds.yaml renders). Run through `make crds`.
set -euo pipefail
cd "$(dirname "$0")/.."
src=operator/target/crds
[[ -d "$src" ]] || { echo "no generated CRDs in $src: run 'make crds'" >&2; exit 1; }
for dest in crds helm/s3-posture-operator/files/crds; do
  mkdir -p "$dest"
  cp "$src"/*.yaml "$dest"/
  echo "updated $dest"
done

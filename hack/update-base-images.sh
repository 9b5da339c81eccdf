#!/usr/bin/env bash
# Re-pins the Dockerfile's base images: for every `FROM name:tag@sha256:...` it looks up the digest the tag
# points at now (the multi-arch index) and writes it in place of the old one. Needs docker with buildx and
# access to the registry. Usage: bash hack/update-base-images.sh [Dockerfile]
set -euo pipefail
cd "$(dirname "$0")/.."
dockerfile="${1:-Dockerfile}"
command -v docker >/dev/null || { echo "docker is not installed (docker buildx imagetools resolves the tags)" >&2; exit 1; }

updated="$(mktemp)"
trap 'rm -f "$updated"' EXIT
while IFS= read -r line; do
  if [[ "$line" =~ ^FROM[[:space:]]+([^[:space:]@]+:[^[:space:]@]+)(@sha256:[0-9a-f]{64})?(.*)$ ]]; then
    image="${BASH_REMATCH[1]}" old="${BASH_REMATCH[2]#@}" rest="${BASH_REMATCH[3]}"
    digest="$(docker buildx imagetools inspect "$image" --format '{{.Manifest.Digest}}')"
    [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "no digest for $image: '$digest'" >&2; exit 1; }
    if [[ "$digest" == "$old" ]]; then
      echo "$image: $digest (unchanged)" >&2
    else
      echo "$image: ${old:-unpinned} -> $digest" >&2
    fi
    line="FROM $image@$digest$rest"
  fi
  printf '%s\n' "$line" >> "$updated"
done < "$dockerfile"
cat "$updated" > "$dockerfile"

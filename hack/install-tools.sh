#!/usr/bin/env bash
# Builds the local stack's binaries from the Go module proxy and caches them outside the repo.
#   kube-apiserver (k8s.io/kubernetes), etcd (go.etcd.io/etcd/server/v3), helm (helm.sh/helm/v3),
#   promtool (github.com/prometheus/prometheus), glua (github.com/yuin/gopher-lua: the Lua VM Argo CD
#   runs health checks with), kstatus (hack/kstatus: sigs.k8s.io/cli-utils and Flux's fork of it).
# Idempotent: each tool is rebuilt only when its version stamp is missing or differs.
# Prints the bin directory on the last line of stdout.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.35.4}"
ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
HELM_VERSION="${HELM_VERSION:-3.19.0}"
PROMETHEUS_VERSION="${PROMETHEUS_VERSION:-0.316.0}"
GOPHER_LUA_VERSION="${GOPHER_LUA_VERSION:-1.1.1}"
# kstatus as kpt and Config Sync judge objects (upstream), and as Flux does (its fork reads Ready too)
CLI_UTILS_VERSION="${CLI_UTILS_VERSION:-0.37.2}"
FLUX_CLI_UTILS_VERSION="${FLUX_CLI_UTILS_VERSION:-1.3.0}"
TOOLS_DIR="${S3POSTURE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/s3-posture-operator/tools}"
BIN_DIR="$TOOLS_DIR/bin"
LOG_DIR="$TOOLS_DIR/logs"
mkdir -p "$BIN_DIR" "$LOG_DIR"

say() { echo "[tools] $*" >&2; }
fail() { say "ERROR: $*"; exit 1; }

# One installer at a time per cache: `make demo` in one terminal and `make test` in another (or two CI jobs
# on one machine) otherwise build the same tool at once and trip over each other's files. The second waits,
# then finds the tools built. Without flock (macOS) builds still never share a file: every build writes a
# temporary file of its own and renames it into place, which is atomic.
LOCK_FILE="$TOOLS_DIR/.install.lock"
if command -v flock >/dev/null; then
  exec 9>"$LOCK_FILE"
  if ! flock -n 9; then
    say "another install is using $TOOLS_DIR; waiting for it to finish (lock $LOCK_FILE)..."
    flock 9
  fi
fi

write_executable() {
  local file="$1" tmp
  tmp="$(mktemp "$file.XXXXXX")"
  cat > "$tmp" && chmod +x "$tmp" && mv -f "$tmp" "$file"
}

# Writes stdin to FILE through a temporary file of this process and a rename, so readers never see half a file.
write_atomically() {
  local file="$1" tmp
  tmp="$(mktemp "$file.XXXXXX")"
  cat > "$tmp" && mv -f "$tmp" "$file"
}

command -v go >/dev/null || fail "Go is not installed: the local stack (kube-apiserver, etcd, helm) is built with Go from the Go module proxy. Install Go 1.25+."

# Kubernetes publishes k8s.io/kubernetes with its staging modules at v0.0.0; replace each with its published v0.Y.Z.
K8S_STAGING="api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider cluster-bootstrap
code-generator component-base component-helpers controller-manager cri-api cri-client csi-translation-lib
dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator kube-controller-manager kube-proxy
kube-scheduler kubectl kubelet metrics mount-utils pod-security-admission sample-apiserver"

stamp_ok() { [[ -x "$BIN_DIR/$1" && -f "$BIN_DIR/.$1.version" && "$(cat "$BIN_DIR/.$1.version")" == "$2" ]]; }

# build_tool NAME VERSION_STAMP MODULE@VERSION PACKAGE [EXTRA go.mod lines] [EXTRA ldflags]
build_tool() {
  local name="$1" stamp="$2" require="$3" pkg="$4" extra="${5:-}" ldflags="${6:-}"
  if stamp_ok "$name" "$stamp"; then say "$name $stamp (cached)"; return; fi
  say "building $name $stamp from the Go module proxy (first time only; this can take several minutes)..."
  local work; work="$(mktemp -d)"
  local log="$LOG_DIR/$name.log"
  local output="$BIN_DIR/.$name.build.$$"
  local start=$SECONDS
  (
    cd "$work"
    printf 'module local/build-%s\n\ngo 1.25\n\nrequire %s\n%s\n' "$name" "${require/@/ }" "$extra" > go.mod
    printf 'package tools\n\nimport _ "%s"\n' "$pkg" > tools.go
    GOFLAGS=-mod=mod go mod tidy
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags="-s -w $ldflags" -o "$output" "$pkg"
  ) >"$log" 2>&1 || { rm -rf "$work" "$output"; fail "building $name $stamp failed; last lines of $log:
$(tail -n 25 "$log")"; }
  rm -rf "$work"
  mv -f "$output" "$BIN_DIR/$name"
  echo "$stamp" | write_atomically "$BIN_DIR/.$name.version"
  say "$name $stamp built in $((SECONDS - start))s"
}

# build_source_tool NAME VERSION_STAMP SOURCE_DIR "MODULE VERSION"...: a small main package of this
# repository (hack/NAME) against modules of the Go module proxy.
build_source_tool() {
  local name="$1" stamp="$2" source="$3"; shift 3
  stamp="$stamp-$(cat "$source"/*.go | sha256sum | cut -c1-12)"
  if stamp_ok "$name" "$stamp"; then say "$name $stamp (cached)"; return; fi
  say "building $name $stamp from $source and the Go module proxy..."
  local work; work="$(mktemp -d)"
  local log="$LOG_DIR/$name.log"
  local output="$BIN_DIR/.$name.build.$$"
  local start=$SECONDS
  (
    cp "$source"/*.go "$work/"
    cd "$work"
    { printf 'module local/build-%s\n\ngo 1.25\n\nrequire (\n' "$name"
      for requirement in "$@"; do printf '  %s\n' "$requirement"; done
      printf ')\n'; } > go.mod
    GOFLAGS=-mod=mod go mod tidy
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags="-s -w" -o "$output" .
  ) >"$log" 2>&1 || { rm -rf "$work" "$output"; fail "building $name $stamp failed; last lines of $log:
$(tail -n 25 "$log")"; }
  rm -rf "$work"
  mv -f "$output" "$BIN_DIR/$name"
  echo "$stamp" | write_atomically "$BIN_DIR/.$name.version"
  say "$name $stamp built in $((SECONDS - start))s"
}

k8s_replaces() {
  local minor="${K8S_VERSION#*.}"; minor="0.${minor}"
  echo "replace ("
  for m in $K8S_STAGING; do echo "  k8s.io/$m => k8s.io/$m v$minor"; done
  echo ")"
}

# Stamp the version the way Kubernetes' own build does, so clients see v1.Y.Z rather than v0.0.0-master.
k8s_version_ldflags() {
  local major="${K8S_VERSION%%.*}" rest="${K8S_VERSION#*.}"
  local minor="${rest%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    printf -- '-X %s.gitVersion=v%s -X %s.gitMajor=%s -X %s.gitMinor=%s -X %s.gitTreeState=clean ' \
      "$pkg" "$K8S_VERSION" "$pkg" "$major" "$pkg" "$minor" "$pkg"
  done
}

MOTO_MIN_VERSION="${MOTO_MIN_VERSION:-5.1}"
MOTO_PIP_SPEC="${MOTO_PIP_SPEC:-moto[server]==5.2.5}"

# The interpreter behind a moto_server script (resolving pyenv shims), or nothing.
python_behind() {
  local script="$1"
  if command -v pyenv >/dev/null && [[ "$(head -c 200 "$script" 2>/dev/null)" == *pyenv* ]]; then
    script="$(pyenv which moto_server 2>/dev/null)" || return 1
  fi
  local shebang; shebang="$(head -n 1 "$script")"
  [[ "$shebang" == '#!'* ]] || return 1
  echo "${shebang#\#!}"
}

version_at_least() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]; }

# moto's standalone server: the one on PATH if it is recent enough, else a project-managed virtualenv.
# moto_python is the interpreter that has moto (and boto3, which moto depends on), for the demo's scripts.
install_moto() {
  local target="$BIN_DIR/moto_server" found py version
  if found="$(command -v moto_server)" && [[ "$found" != "$target" ]] \
      && py="$(python_behind "$found")" \
      && version="$($py -c 'import moto, flask; print(moto.__version__)' 2>/dev/null)" \
      && version_at_least "$version" "$MOTO_MIN_VERSION"; then
    printf '#!/bin/sh\nexec %s -m moto.server "$@"\n' "$py" | write_executable "$target"
    printf '#!/bin/sh\nexec %s "$@"\n' "$py" | write_executable "$BIN_DIR/moto_python"
    say "moto_server $version (from $found)"
    return
  fi
  local venv="$TOOLS_DIR/venv"
  if [[ ! -x "$venv/bin/moto_server" || "$(cat "$venv/.spec" 2>/dev/null)" != "$MOTO_PIP_SPEC" ]]; then
    command -v python3 >/dev/null || fail "moto_server: no suitable moto on PATH and no python3 to install $MOTO_PIP_SPEC"
    say "installing $MOTO_PIP_SPEC into $venv (PyPI)..."
    { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "$MOTO_PIP_SPEC"; } >"$LOG_DIR/moto.log" 2>&1 \
      || fail "moto_server: pip install $MOTO_PIP_SPEC failed; last lines of $LOG_DIR/moto.log:
$(tail -n 25 "$LOG_DIR/moto.log")"
    echo "$MOTO_PIP_SPEC" > "$venv/.spec"
  fi
  printf '#!/bin/sh\nexec %s "$@"\n' "$venv/bin/moto_server" | write_executable "$target"
  printf '#!/bin/sh\nexec %s "$@"\n' "$venv/bin/python" | write_executable "$BIN_DIR/moto_python"
  say "moto_server from $venv"
}

want="${1:-all}"
if [[ "$want" == all || "$want" == moto ]]; then
  install_moto
fi
if [[ "$want" == all || "$want" == kube-apiserver ]]; then
  build_tool kube-apiserver "$K8S_VERSION-r2" "k8s.io/kubernetes@v$K8S_VERSION" k8s.io/kubernetes/cmd/kube-apiserver "$(k8s_replaces)" "$(k8s_version_ldflags)"
fi
if [[ "$want" == all || "$want" == etcd ]]; then
  build_tool etcd "$ETCD_VERSION" "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" go.etcd.io/etcd/server/v3
fi
if [[ "$want" == all || "$want" == helm ]]; then
  build_tool helm "$HELM_VERSION" "helm.sh/helm/v3@v$HELM_VERSION" helm.sh/helm/v3/cmd/helm
fi
if [[ "$want" == all || "$want" == promtool ]]; then
  build_tool promtool "$PROMETHEUS_VERSION" "github.com/prometheus/prometheus@v$PROMETHEUS_VERSION" github.com/prometheus/prometheus/cmd/promtool
fi
if [[ "$want" == all || "$want" == lua ]]; then
  build_tool glua "$GOPHER_LUA_VERSION" "github.com/yuin/gopher-lua@v$GOPHER_LUA_VERSION" github.com/yuin/gopher-lua/cmd/glua
fi
if [[ "$want" == all || "$want" == kstatus ]]; then
  build_source_tool kstatus "$CLI_UTILS_VERSION-$FLUX_CLI_UTILS_VERSION" "$(dirname "$0")/kstatus" \
    "sigs.k8s.io/cli-utils v$CLI_UTILS_VERSION" "github.com/fluxcd/cli-utils v$FLUX_CLI_UTILS_VERSION"
fi
echo "$BIN_DIR"

#!/usr/bin/env bash
# Builds the local stack's binaries from the Go module proxy and caches them outside the repo.
#   kube-apiserver (k8s.io/kubernetes), etcd (go.etcd.io/etcd/server/v3), helm (helm.sh/helm/v3),
#   promtool (github.com/prometheus/prometheus), glua (github.com/yuin/gopher-lua: the Lua VM Argo CD
#   runs health checks with), kstatus (hack/kstatus: sigs.k8s.io/cli-utils and Flux's fork of it); for the
#   real node of `make e2e`: kubelet, kube-controller-manager,
#   kube-scheduler, kube-proxy and kubectl (k8s.io/kubernetes, built like kube-apiserver), registry
#   (github.com/distribution/distribution/v3) and pause (Kubernetes' build/pause/linux/pause.c from the same
#   k8s.io/kubernetes module, compiled static with gcc).
# `node` (make e2e) also installs the node's Debian packages when missing (containerd, runc, the CNI plugins,
#   umoci, skopeo, debootstrap, iptables, conntrack) and caches the image's base: a Debian root filesystem
#   with openjdk-17-jre-headless made by debootstrap from Debian's packages, as an OCI layout.
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
DISTRIBUTION_VERSION="${DISTRIBUTION_VERSION:-3.0.0}"
# the image's base: Debian's release and the JRE package (the Dockerfile's is Temurin's JRE 17)
BASE_SUITE="${BASE_SUITE:-bookworm}"
BASE_PACKAGES="${BASE_PACKAGES:-openjdk-17-jre-headless}"
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

# build_tools_together "NAME..." VERSION_STAMP MODULE@VERSION "PACKAGE..." [EXTRA go.mod lines] [EXTRA ldflags]
# One `go build` for several commands of one module: they share most packages, so each is compiled once.
build_tools_together() {
  local names="$1" stamp="$2" require="$3" pkgs="$4" extra="${5:-}" ldflags="${6:-}" name missing=""
  for name in $names; do stamp_ok "$name" "$stamp" || missing="$missing $name"; done
  if [[ -z "$missing" ]]; then say "$names $stamp (cached)"; return; fi
  say "building $names $stamp from the Go module proxy (first time only; this can take several minutes)..."
  local work; work="$(mktemp -d)"
  local label="${names%% *}"
  local log="$LOG_DIR/$label-and-co.log"
  local output="$BIN_DIR/.build.$label.$$"
  local start=$SECONDS
  mkdir -p "$output"
  (
    cd "$work"
    printf 'module local/build-%s\n\ngo 1.25\n\nrequire %s\n%s\n' "$label" "${require/@/ }" "$extra" > go.mod
    { printf 'package tools\n\n'; for pkg in $pkgs; do printf 'import _ "%s"\n' "$pkg"; done; } > tools.go
    GOFLAGS=-mod=mod go mod tidy
    # shellcheck disable=SC2086
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags="-s -w $ldflags" -o "$output/" $pkgs
  ) >"$log" 2>&1 || { rm -rf "$work" "$output"; fail "building $names $stamp failed; last lines of $log:
$(tail -n 25 "$log")"; }
  rm -rf "$work"
  for name in $names; do
    mv -f "$output/$name" "$BIN_DIR/$name"
    echo "$stamp" | write_atomically "$BIN_DIR/.$name.version"
  done
  rm -rf "$output"
  say "$names $stamp built in $((SECONDS - start))s"
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

# The pod sandbox's process: Kubernetes' own pause.c, from the k8s.io/kubernetes module the node is built
# from, linked statically so that the pause image is that one file.
build_pause() {
  local stamp="$K8S_VERSION"
  if stamp_ok pause "$stamp"; then say "pause $stamp (cached)"; return; fi
  command -v gcc >/dev/null || fail "pause: gcc is needed to compile Kubernetes' pause.c (apt-get install gcc libc6-dev)"
  local dir log="$LOG_DIR/pause.log" output="$BIN_DIR/.pause.build.$$"
  dir="$(cd "$(mktemp -d)" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" 2>"$log" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" || true
  [[ -f "$dir/build/pause/linux/pause.c" ]] || fail "pause: build/pause/linux/pause.c not found in k8s.io/kubernetes@v$K8S_VERSION ($dir); see $log"
  gcc -Os -Wall -Werror -static -DVERSION="v$K8S_VERSION-s3posture" -o "$output" "$dir/build/pause/linux/pause.c" >>"$log" 2>&1 \
    || { rm -f "$output"; fail "pause: gcc failed; last lines of $log:
$(tail -n 25 "$log")"; }
  strip "$output" 2>/dev/null || true
  mv -f "$output" "$BIN_DIR/pause"
  echo "$stamp" | write_atomically "$BIN_DIR/.pause.version"
  say "pause $stamp compiled"
}

NODE_PACKAGES="containerd runc containernetworking-plugins umoci skopeo debootstrap iptables conntrack"

# The node's Debian packages, installed with apt-get when one is missing (needs root, as the node does).
install_node_packages() {
  local missing=() pkg
  for pkg in $NODE_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if (( ${#missing[@]} == 0 )); then say "node packages: $NODE_PACKAGES (installed)"; return; fi
  [[ $EUID -eq 0 ]] || fail "the real node needs root and these Debian packages: ${missing[*]} (apt-get install ${missing[*]})"
  command -v apt-get >/dev/null || fail "the real node needs Debian's packages ${missing[*]}; no apt-get here"
  say "installing Debian packages: ${missing[*]}..."
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
    >"$LOG_DIR/node-packages.log" 2>&1 || fail "apt-get install ${missing[*]} failed; last lines of $LOG_DIR/node-packages.log:
$(tail -n 25 "$LOG_DIR/node-packages.log")"
}

# The image's base, made from Debian's packages (no image registry): debootstrap's minimal variant of
# $BASE_SUITE with $BASE_PACKAGES, trimmed of documentation and package caches. Cached twice: as a root
# filesystem (the image build runs the JRE in it to make the class data sharing archive) and as an OCI
# layout with that one layer (what the image is built on). Rebuilt when the suite or the packages change.
BASE_DIR="$TOOLS_DIR/base-image"
build_base_image() {
  local stamp="$BASE_SUITE $BASE_PACKAGES r1"
  if [[ -f "$BASE_DIR/.version" && "$(cat "$BASE_DIR/.version")" == "$stamp" && -f "$BASE_DIR/oci/index.json" ]]; then
    say "base image $stamp (cached)"; return
  fi
  [[ $EUID -eq 0 ]] || fail "base image: debootstrap needs root"
  local mirror; mirror="$(debian_mirror)"
  local work="$TOOLS_DIR/.base-image.$$" log="$LOG_DIR/base-image.log" start=$SECONDS
  say "building the base image ($stamp) with debootstrap from $mirror (first time only; a few minutes)..."
  rm -rf "$work"; mkdir -p "$work"
  (
    set -e
    debootstrap --variant=minbase --include="${BASE_PACKAGES// /,}" "$BASE_SUITE" "$work/rootfs" "$mirror"
    cd "$work/rootfs"
    rm -rf var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* var/log/*.log var/log/apt/* \
      usr/share/doc/* usr/share/man/* usr/share/info/* usr/share/locale/* tmp/* var/cache/debconf/*-old
    mkdir -p app
    cd "$work"
    umoci init --layout oci
    umoci new --image oci:base
    umoci insert --image oci:base rootfs /
    umoci config --image oci:base --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 --config.env LANG=C.UTF-8
    umoci gc --layout oci
  ) >"$log" 2>&1 || { rm -rf "$work"; fail "base image failed; last lines of $log:
$(tail -n 25 "$log")"; }
  rm -rf "$BASE_DIR"; mv "$work" "$BASE_DIR"
  echo "$stamp" > "$BASE_DIR/.version"
  say "base image built in $((SECONDS - start))s ($(du -sh "$BASE_DIR/rootfs" | cut -f1) root filesystem)"
}

# The Debian mirror apt already uses here (deb822 or one-line sources), else Debian's default.
debian_mirror() {
  local uri
  uri="$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null \
    | grep -v security | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{print $1}' | head -n 1)"
  echo "${uri:-http://deb.debian.org/debian}"
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
if [[ "$want" == all || "$want" == node-binaries ]]; then
  build_tools_together "kubelet kube-controller-manager kube-scheduler kube-proxy kubectl" "$K8S_VERSION-r1" \
    "k8s.io/kubernetes@v$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kubectl" \
    "$(k8s_replaces)" "$(k8s_version_ldflags)"
  build_tool registry "$DISTRIBUTION_VERSION" "github.com/distribution/distribution/v3@v$DISTRIBUTION_VERSION" \
    github.com/distribution/distribution/v3/cmd/registry
  build_pause
fi
if [[ "$want" == node ]]; then
  install_node_packages
  build_base_image
fi
echo "$BIN_DIR"

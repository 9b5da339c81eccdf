#!/usr/bin/env bash
# make e2e: the operator as users install it, on a real node of this machine (docs/install.md, "The image
# built here" and "End-to-end"). Builds what it needs (hack/install-tools.sh all + node), then runs the
# *E2E classes (Maven profile e2e): a one-node cluster (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, containerd + runc, kubelet, kube-proxy), the image built from the image recipe and pushed
# to a registry on loopback, the chart installed from that registry with helm.
# Needs root: containerd, the kubelet and kube-proxy change machine-wide state (mounts, network namespaces,
# a bridge, iptables chains, kernel settings). All of it is put back at the end, also when a test fails,
# and a run that was killed is cleaned up by the next one (or here, on exit). One run at a time per machine.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $EUID -eq 0 ]] || { echo "make e2e needs root: the node's containerd, kubelet and kube-proxy do" >&2; exit 1; }
command -v flock >/dev/null || { echo "make e2e needs flock (util-linux)" >&2; exit 1; }

TOOLS_DIR="${S3POSTURE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/s3-posture-operator/tools}"
mkdir -p "$TOOLS_DIR"
exec 8>"$TOOLS_DIR/.e2e.lock"
if ! flock -n 8; then
  echo "[e2e] another make e2e runs on this machine; waiting for it (lock $TOOLS_DIR/.e2e.lock)..." >&2
  flock 8
fi

bash hack/install-tools.sh all >/dev/null
bash hack/install-tools.sh node >/dev/null

# The kernel settings the node changes (HostState.SYSCTLS), as they are before the run.
SYSCTLS="net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.route_localnet vm.overcommit_memory
vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes"
sysctls() { for key in $SYSCTLS; do echo "$key=$(sysctl -n "$key" 2>/dev/null)"; done; }
before="$(sysctls)"

# The JVM puts the machine back itself; this covers a JVM that was killed before it could, then checks
# that nothing of the node is left: a run that leaves the machine changed fails.
clean_up() {
  local status=$? launcher left=()
  launcher="$(ls local-stack/target/local-stack-*-launcher.jar 2>/dev/null | head -n 1)"
  [[ -n "$launcher" ]] && java -cp "$launcher" io.s3posture.localstack.node.NodeCluster clean >&2 || true
  ip link show s3pe2e0 >/dev/null 2>&1 && left+=("the bridge s3pe2e0")
  iptables-save 2>/dev/null | grep -qE '^:(KUBE-|CNI-|S3PE2E-)' && left+=("iptables chains: $(iptables-save | grep -oE '^:(KUBE-|CNI-|S3PE2E-)[^ ]*' | tr '\n' ' ')")
  grep -q "$PWD/operator/target/e2e" /proc/self/mountinfo && left+=("mounts under operator/target/e2e")
  pgrep -f "$PWD/operator/target/e2e/node" >/dev/null && left+=("processes of the node")
  ls -d /sys/fs/cgroup/*/k8s.io >/dev/null 2>&1 && left+=("cgroups k8s.io")
  [[ "$(sysctls)" == "$before" ]] || left+=("kernel settings: $(diff <(echo "$before") <(sysctls) | grep '^>' | tr '\n' ' ')")
  if (( ${#left[@]} > 0 )); then
    printf '[e2e] FAILED to put the machine back: %s\n' "${left[@]}" >&2
    exit 1
  fi
  exit $status
}
trap clean_up EXIT

start=$SECONDS
${MVN:-mvn -B -ntp} -P e2e -pl operator -am verify -Ds3posture.requireTools=true
echo "[e2e] passed in $((SECONDS - start)) s; figures in operator/target/e2e/figures.txt" >&2

#!/usr/bin/env bash
# Installs the Debian packages Signet's tests and quick start use, and builds the real kube-apiserver + kubectl the
# Kubernetes end-to-end tests run (../shared/tools/kube-apiserver/build.sh; ~10 min on 2 cores once per machine,
# then skipped: the binaries stay in ${SIGNET_K8S_WORKDIR:-~/.cache/signet-k8s}/bin). Idempotent; needs root (or sudo).
# --no-kubernetes: packages only (the quick start needs no API server).
set -euo pipefail
with_kubernetes=1
[ "${1:-}" = "--no-kubernetes" ] && with_kubernetes=0
repo="$(cd "$(dirname "$0")/.." && pwd)"
packages=(docker-registry softhsm2 openssl apache2-utils python3 zsh fish etcd-server curl)
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The API server for tests/Signet.IntegrationTests/Kubernetes (KubeApiServerFixture finds the same folders).
[ "$with_kubernetes" -eq 1 ] || exit 0
tools="${SIGNET_K8S_TOOLS:-$repo/../shared/tools/kube-apiserver}"
workdir="${SIGNET_K8S_WORKDIR:-$HOME/.cache/signet-k8s}"
if [ ! -f "$tools/build.sh" ]; then
  echo "install-deps: $tools/build.sh not found: the shared tools live next to the repository (../shared/tools/kube-apiserver), or set SIGNET_K8S_TOOLS" >&2
  exit 1
fi
if [ -x "$workdir/bin/kube-apiserver" ] && [ -x "$workdir/bin/kubectl" ]; then
  echo "install-deps: kube-apiserver and kubectl already built in $workdir/bin"
else
  echo "install-deps: building kube-apiserver and kubectl into $workdir/bin (about 10 minutes, once per machine)"
  $sudo_cmd env HOME="$HOME" bash "$tools/build.sh" "$workdir"
fi

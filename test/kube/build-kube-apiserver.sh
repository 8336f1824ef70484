#!/usr/bin/env bash
# Builds a genuine kube-apiserver and kube-controller-manager for the integration tests from Debian's own
# `kubernetes` source package with Debian's Go 1.19, and installs etcd-server, as described in
# docs/testing-kube.md (no Docker, no download other than Debian apt). The two binaries are cached under
# ~/.cache/skycluster-kube/v<version>/ so that a second run only checks they are there (a few seconds).
# Idempotent; never writes into the repository. Needs root (apt-get) only when something is missing.
#
# Environment: SKYCLUSTER_KUBE_CACHE (default ~/.cache/skycluster-kube), SKYCLUSTER_KUBE_BUILD_DIR
# (default a fresh directory under ${TMPDIR:-/tmp}, removed afterwards).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
VERSION="$(tr -d '[:space:]' < "$HERE/KUBE_VERSION")"
CACHE_ROOT="${SKYCLUSTER_KUBE_CACHE:-$HOME/.cache/skycluster-kube}"
BIN_DIR="$CACHE_ROOT/v$VERSION"
GO_BIN=/usr/lib/go-1.19/bin
# rsync: the kubernetes Makefile copies generated tools with it.
PACKAGES=(golang-1.19-go golang-github-modern-go-reflect2-dev etcd-server rsync)
REFLECT2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2

log() { printf '[build-kube-apiserver] %s\n' "$*" >&2; }

cached() { [[ -x "$BIN_DIR/kube-apiserver" && -x "$BIN_DIR/kube-controller-manager" ]]; }

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

mkdir -p "$CACHE_ROOT"
# One build at a time on the machine (several checkouts may call this at once).
exec 9>"$CACHE_ROOT/.lock"
flock 9

if cached && [[ -z "$(missing_packages etcd-server)" ]]; then
  log "cached: $BIN_DIR (etcd $(command -v etcd))"
  exit 0
fi

if cached; then
  log "binaries cached; installing etcd-server"
  apt-get install -y --no-install-recommends etcd-server >&2
  exit 0
fi

start=$(date +%s)
# Source packages from the Debian sources already configured (no host named here).
if [[ ! -f /etc/apt/sources.list.d/debian-src.sources ]]; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > /etc/apt/sources.list.d/debian-src.sources
  apt-get update >&2
fi
mapfile -t need < <(missing_packages "${PACKAGES[@]}")
if ((${#need[@]})); then
  apt-get install -y --no-install-recommends "${need[@]}" >&2
fi

WORK="${SKYCLUSTER_KUBE_BUILD_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/skycluster-kube-build.XXXXXX")}"
cleanup() { chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
log "fetching the kubernetes source package into $WORK"
apt-get source --download-only kubernetes >&2
orig=$(ls kubernetes_*.orig.tar.* | head -n1)
mkdir src
tar -xf "$orig" -C src --strip-components=1
cd src

# The vendored reflect2 1.0.1 crashes under Go >= 1.18 on the first custom-resource write (SIGSEGV in map
# iteration); Debian's 1.0.2 is the fixed release.
vend=vendor/github.com/modern-go/reflect2
rm -f "$vend"/*.go "$vend"/*.s
cp "$REFLECT2_SRC"/*.go "$vend"/
cp "$REFLECT2_SRC"/*.s "$vend"/ 2>/dev/null || true
rm -f "$vend"/*_test.go

log "building kube-apiserver and kube-controller-manager (several minutes)"
export GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath" GOPROXY=off GOFLAGS=-mod=vendor CGO_ENABLED=0
# Version stamp for --version (the tarball has no .git).
export KUBE_GIT_VERSION="v$VERSION" KUBE_GIT_TREE_STATE=clean
PATH="$GO_BIN:$PATH" make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >&2

mkdir -p "$BIN_DIR.tmp"
cp _output/local/bin/linux/amd64/kube-apiserver _output/local/bin/linux/amd64/kube-controller-manager "$BIN_DIR.tmp/"
rm -rf "$BIN_DIR"
mv "$BIN_DIR.tmp" "$BIN_DIR"
built="$("$BIN_DIR/kube-apiserver" --version)"
[[ "$built" == *"v$VERSION"* ]] || log "warning: expected v$VERSION, the binary says: $built"
log "built in $(($(date +%s) - start)) s: $built"

#!/usr/bin/env bash
# Installs what the platform needs and the machine may lack: uv (from PyPI), a Java runtime
# and Maven (from Debian's packages) for the local Kafka broker and identity provider, the
# DejaVu fonts the annual reports' PDFs are set in, Chromium for the browser tests, kcat (the
# command line an observatory reads its stream with, which a test runs as documented), and
# axe-core (from the npm registry) that those tests check every page with, and, with
# `--checks`, helm and kubeconform (built from their Go modules) that render and check the
# Kubernetes chart. Safe to run again.
set -euo pipefail

say() { printf '▸ %s\n' "$*"; }

if ! python3 -m uv --version >/dev/null 2>&1; then
  say "installing uv"
  python3 -m pip install --quiet --disable-pip-version-check uv
fi

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)  # promtool tests the alerts
# Where a docker client is installed, the tests check docker-compose.yml with compose itself.
if command -v docker >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1 \
   && ! command -v docker-compose >/dev/null 2>&1; then
  missing+=(docker-compose)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "Please install: ${missing[*]} (the local Kafka broker, PDF fonts, browser tests)" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# axe-core, which the browser tests inject into every page (test-only; pinned).
AXE_VERSION=4.11.0
node_dir="${KK_STATE_DIR:-.state}/node"
if [ ! -f "$node_dir/node_modules/axe-core/axe.min.js" ] \
   || ! grep -q "\"version\": \"$AXE_VERSION\"" "$node_dir/node_modules/axe-core/package.json"; then
  say "installing axe-core $AXE_VERSION from the npm registry"
  mkdir -p "$node_dir"
  npm install --silent --no-audit --no-fund --prefix "$node_dir" "axe-core@$AXE_VERSION" >/dev/null
fi

# helm and kubeconform, which `make k8s` and tests/unit/test_kubernetes.py render and check the
# chart with (deploy/helm/kk): built from their Go modules at pinned versions (the same as
# libs/devstack/src/devstack/kubernetes.py's TOOLS) into Go's bin directory, where the tests
# look first. Go's module and build caches make a rebuild quick; a build at the pinned version
# is kept.
# Only for the checks (`--checks`): `make run` does not need them, and a first build takes a
# minute or two.
[ "${1:-}" = "--checks" ] || exit 0
if [ -x /usr/local/go/bin/go ]; then PATH="$PATH:/usr/local/go/bin"; fi  # Go's own tarball's
if ! command -v go >/dev/null 2>&1; then
  echo "Please install Go (https://go.dev/dl/): it builds helm and kubeconform" >&2
  exit 1
fi
HELM_VERSION=v4.3.2
KUBECONFORM_VERSION=v0.7.0
gobin="${GOBIN:-$(go env GOPATH | cut -d: -f1)/bin}"
built_version() { go version -m "$1" 2>/dev/null | awk '$1 == "mod" { print $3; exit }'; }
go_tool() {  # name, package, version
  if [ "$(built_version "$gobin/$1")" != "$3" ]; then
    say "building $1 $3 from the Go module proxy into $gobin"
    GOBIN="$gobin" go install "$2@$3"
  fi
}
go_tool helm helm.sh/helm/v4/cmd/helm "$HELM_VERSION"
go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"

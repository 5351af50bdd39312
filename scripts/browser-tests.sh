#!/usr/bin/env bash
# Runs the browser-tested journeys (tests/browser) against a real Sinergi.
#
# Installs what they need when it is missing: Debian's Chromium (apt) and
# the pinned npm packages (playwright-core, axe-core; `npm ci`). Nothing
# downloads a browser of its own. Builds the binary unless SINERGI_BIN
# names one. Works on a fresh Debian machine as root with no network but
# the package registries.
#
#   scripts/browser-tests.sh                 # build target/debug/sinergi, run all
#   SINERGI_BIN=/path/to/sinergi scripts/browser-tests.sh
#
# Screenshots go to test-artifacts/screenshots/, page weights and axe
# results to test-artifacts/browser-report.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "browser-tests: installing Debian's chromium"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "browser-tests: installing node and npm"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "browser-tests: node $node_major is too old; node 20 or newer is needed (node --test)" >&2
  exit 1
fi

cd "$root/tests/browser"
# playwright-core has no install script and never fetches a browser; say so
# anyway in case a future version grows one.
installed_as_pinned() {
  node -e '
    const want = require("./package.json").devDependencies;
    for (const [name, version] of Object.entries(want)) {
      let have;
      try { have = require(`./node_modules/${name}/package.json`).version; } catch { process.exit(1); }
      if (have !== version) process.exit(1);
    }'
}
if ! installed_as_pinned; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts
fi

if [ -z "${SINERGI_BIN:-}" ]; then
  echo "browser-tests: building sinergi"
  (cd "$root" && cargo build -p sinergi)
  if [ -n "${CARGO_TARGET_DIR:-}" ]; then
    export SINERGI_BIN="$CARGO_TARGET_DIR/debug/sinergi"
  else
    export SINERGI_BIN="$root/target/debug/sinergi"
  fi
fi
case "$SINERGI_BIN" in /*) ;; *) export SINERGI_BIN="$root/$SINERGI_BIN" ;; esac
export CHROMIUM_PATH="$chromium"

started=$(date +%s)
status=0
node --test --test-reporter=spec || status=$?
echo "browser-tests: $(( $(date +%s) - started )) s, exit $status"
exit "$status"

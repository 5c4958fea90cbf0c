#!/usr/bin/env bash
# `npm test`: installs what the tests need, checks types and style, then runs every jest
# suite in one run. Results also go to .run/test-results/jest.json for .ci/run's summary.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
ensure_node_modules
ensure_schemathesis
ensure_chromium
cd "$PA_ROOT"
mkdir -p .run/test-results
npx tsc -b chaincode network gateway-api
# The explorer page the gateways serve at / (its end-to-end tests load this build).
npx tsc -p explorer --noEmit
npm run build --silent -w explorer
# The test files and test support too, which the builds leave out, and the benchmark harness.
for project in {chaincode,network,gateway-api,test}/tsconfig.test.json bench/tsconfig.json; do
  npx tsc -p "$project" --noEmit
done
npx eslint .
npx prettier --check . --log-level warn
npx jest --json --outputFile=.run/test-results/jest.json "$@"

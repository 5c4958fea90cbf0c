#!/usr/bin/env bash
# `npm start`: installs what is missing (Node 24, npm packages, Fabric binaries), builds, and
# brings the network up.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
ensure_node_modules
cd "$PA_ROOT"
npx tsc -b chaincode network gateway-api
# The explorer page each gateway serves at /.
npm run build --silent -w explorer
if ! bash scripts/fabric-binaries.sh; then
  echo "start: the network cannot come up without the Fabric binaries (see the error above)." >&2
  exit 3
fi
if [ ! -f network/dist/cli.js ]; then
  echo "start: the network CLI is not built yet; nothing was started." >&2
  exit 3
fi
exec node network/dist/cli.js up

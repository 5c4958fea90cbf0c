#!/usr/bin/env bash
# `npm stop`: stops every process the network CLI started (by pid); keeps ledgers and crypto.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
cd "$PA_ROOT"
if [ -f network/dist/cli.js ]; then
  exec node network/dist/cli.js down
fi
echo "stop: nothing was started"

#!/usr/bin/env bash
# Builds the pinned Fabric binaries from Go modules into .tools/fabric-<version>/ (git-ignored),
# once: a later run finds them and returns at once. Also copies Fabric's sampleconfig there, as
# the base that network/ patches for native operation.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"

FABRIC_VERSION="3.1.5"
FABRIC_COMMIT="86c1172bec37e6590c6b1ae6f847833df48d65fc"
FABRIC_HOME="$PA_TOOLS/fabric-$FABRIC_VERSION"
MODULE_DIR="$PA_ROOT/network/fabric-tools"
BINARIES=(peer orderer osnadmin configtxgen configtxlator cryptogen discover)
BUILDER=(detect build release)

built() {
  for b in "${BINARIES[@]}"; do [ -x "$FABRIC_HOME/bin/$b" ] || return 1; done
  for b in "${BUILDER[@]}"; do [ -x "$FABRIC_HOME/builders/ccaas/bin/$b" ] || return 1; done
  "$FABRIC_HOME/bin/peer" version 2>/dev/null | grep -q "Version: v$FABRIC_VERSION"
}

if built; then
  echo "fabric: v$FABRIC_VERSION binaries already in ${FABRIC_HOME#"$PA_ROOT"/}"
  exit 0
fi

command -v go >/dev/null || { echo "fabric: Go is required to build the Fabric binaries" >&2; exit 2; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
cd "$MODULE_DIR"
echo "fabric: downloading the pinned modules (github.com/hyperledger/fabric @ $FABRIC_COMMIT)"
if ! log="$(go mod download 2>&1)"; then
  echo "$log" >&2
  echo "fabric: the Go module proxy did not serve the pinned Fabric modules; cannot build the network's binaries." >&2
  exit 3
fi

ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=v$FABRIC_VERSION"
ldflags+=" -X github.com/hyperledger/fabric/common/metadata.CommitSHA=${FABRIC_COMMIT:0:7}"
mkdir -p "$FABRIC_HOME/bin" "$FABRIC_HOME/builders/ccaas/bin" "$FABRIC_HOME/config"
for b in "${BINARIES[@]}"; do
  echo "fabric: building $b"
  go build -trimpath -ldflags "$ldflags" -o "$FABRIC_HOME/bin/$b" "github.com/hyperledger/fabric/cmd/$b"
done
for b in "${BUILDER[@]}"; do
  echo "fabric: building ccaas $b"
  go build -trimpath -o "$FABRIC_HOME/builders/ccaas/bin/$b" "github.com/hyperledger/fabric/ccaas_builder/cmd/$b"
done
sampleconfig="$(go list -m -f '{{.Dir}}' github.com/hyperledger/fabric)/sampleconfig"
install -m 0644 "$sampleconfig/core.yaml" "$sampleconfig/orderer.yaml" "$FABRIC_HOME/config/"
built && echo "fabric: v$FABRIC_VERSION ready in ${FABRIC_HOME#"$PA_ROOT"/}"

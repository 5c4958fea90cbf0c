// Pins the Fabric release whose binaries the network runs. The tags (v3.1.5) are not valid
// Go versions for this module path, so the pin is the release commit's pseudo-version.
// scripts/fabric-binaries.sh builds the tools below into .tools/ (git-ignored).
module pointsalliance.local/network/fabric-tools

go 1.24.0

require (
	// v3.1.5, commit 86c1172bec37e6590c6b1ae6f847833df48d65fc
	github.com/hyperledger/fabric v1.4.0-rc1.0.20260618074816-86c1172bec37
	github.com/hyperledger/fabric/ccaas_builder v0.0.0-20260618074816-86c1172bec37
)

tool (
	github.com/hyperledger/fabric/ccaas_builder/cmd/build
	github.com/hyperledger/fabric/ccaas_builder/cmd/detect
	github.com/hyperledger/fabric/ccaas_builder/cmd/release
	github.com/hyperledger/fabric/cmd/configtxgen
	github.com/hyperledger/fabric/cmd/configtxlator
	github.com/hyperledger/fabric/cmd/cryptogen
	github.com/hyperledger/fabric/cmd/discover
	github.com/hyperledger/fabric/cmd/orderer
	github.com/hyperledger/fabric/cmd/osnadmin
	github.com/hyperledger/fabric/cmd/peer
)

module pointsalliance.local/network/fabric-tools

go 1.24.0

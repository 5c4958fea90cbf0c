import { chaincodeServiceDomain } from '../consortium/model';
import type { Consortium, MerchantOrg } from '../consortium/schema';

/** cryptogen's crypto-config.yaml (Fabric 3.1 cmd/cryptogen OrgSpec / NodeSpec fields). */
export interface CryptoConfig {
  readonly OrdererOrgs: readonly CryptogenOrg[];
  readonly PeerOrgs: readonly CryptogenOrg[];
}

export interface CryptogenOrg {
  readonly Name: string;
  readonly Domain: string;
  readonly EnableNodeOUs: boolean;
  readonly Specs: readonly CryptogenNode[];
  readonly Users?: { readonly Count: number };
}

export interface CryptogenNode {
  readonly Hostname: string;
  /** cryptogen adds the node's common name and Hostname itself. */
  readonly SANS: readonly string[];
}

export interface CryptoConfigOptions {
  /** Users besides Admin in each merchant org (User1 is the REST gateway's identity). */
  readonly usersPerOrg?: number;
}

/** Local processes may dial a node by its host, by 127.0.0.1 or by localhost. */
function subjectAltNames(host: string): string[] {
  return [...new Set([host, '127.0.0.1', 'localhost'])];
}

export function cryptoConfig(
  consortium: Consortium,
  { usersPerOrg = 1 }: CryptoConfigOptions = {},
): CryptoConfig {
  const { ordererOrg } = consortium;
  return {
    OrdererOrgs: [
      {
        Name: ordererOrg.name,
        Domain: ordererOrg.domain,
        EnableNodeOUs: true,
        Specs: ordererOrg.orderers.map((orderer) => ({
          Hostname: orderer.name,
          SANS: subjectAltNames(orderer.host),
        })),
      },
    ],
    PeerOrgs: consortium.merchantOrgs.flatMap((org) => [
      merchantOrg(org, usersPerOrg),
      chaincodeServiceOrg(org),
    ]),
  };
}

function merchantOrg(org: MerchantOrg, usersPerOrg: number): CryptogenOrg {
  return {
    Name: org.name,
    Domain: org.domain,
    EnableNodeOUs: true,
    Specs: org.peers.map((peer) => ({ Hostname: peer.name, SANS: subjectAltNames(org.host) })),
    Users: { Count: usersPerOrg },
  };
}

/** A CA of its own for the org's chaincode services; see chaincodeServiceDomain. */
function chaincodeServiceOrg(org: MerchantOrg): CryptogenOrg {
  return {
    Name: `${org.name}-chaincode`,
    Domain: chaincodeServiceDomain(org.domain),
    EnableNodeOUs: true,
    Specs: org.peers.map((peer) => ({ Hostname: peer.name, SANS: subjectAltNames(org.host) })),
    Users: { Count: 0 },
  };
}

import { join } from 'node:path';
import { chaincodeServiceDomain, nodeHostName } from '../consortium/model';
import type { MerchantOrg, OrdererNode, OrdererOrg, PeerNode } from '../consortium/schema';
import type { NetworkPaths } from './paths';

/*
 * Where cryptogen (Fabric 3.1, cmd/cryptogen) writes each identity, given the crypto-config.yaml
 * this package generates: <out>/{ordererOrganizations|peerOrganizations}/<domain>/..., nodes under
 * orderers/ or peers/ as <name>.<domain>, users as <User>@<domain>.
 */

export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
  /** The TLS CA certificate that signed `cert`. */
  readonly caCert: string;
}

export interface NodeCryptoPaths {
  readonly dir: string;
  readonly mspDir: string;
  /** server.crt/server.key; cryptogen signs them for both server and client authentication. */
  readonly tls: TlsFiles;
}

export interface OrgCryptoPaths {
  readonly dir: string;
  /** The org's verifying MSP, as the channel configuration carries it. */
  readonly mspDir: string;
  readonly tlsCaCert: string;
  readonly adminMspDir: string;
  readonly adminTls: TlsFiles;
  /** User<n> (1-based), the identities applications such as the REST gateway use. */
  readonly userMspDir: (index: number) => string;
}

export type AnyOrg = OrdererOrg | MerchantOrg;

export function orgCryptoPaths(paths: NetworkPaths, org: AnyOrg): OrgCryptoPaths {
  const kind = 'orderers' in org ? 'ordererOrganizations' : 'peerOrganizations';
  return orgPathsFor(join(paths.cryptoDir, kind, org.domain), org.domain);
}

export function ordererCryptoPaths(
  paths: NetworkPaths,
  ordererOrg: OrdererOrg,
  orderer: OrdererNode,
): NodeCryptoPaths {
  const orgDir = orgCryptoPaths(paths, ordererOrg).dir;
  return nodePathsFor(join(orgDir, 'orderers', nodeHostName(orderer.name, ordererOrg.domain)));
}

export function peerCryptoPaths(
  paths: NetworkPaths,
  org: MerchantOrg,
  peer: PeerNode,
): NodeCryptoPaths {
  const orgDir = orgCryptoPaths(paths, org).dir;
  return nodePathsFor(join(orgDir, 'peers', nodeHostName(peer.name, org.domain)));
}

/** The CA that signs the chaincode services' TLS certificates of one org. */
export function chaincodeServiceCaPaths(paths: NetworkPaths, org: MerchantOrg): OrgCryptoPaths {
  const domain = chaincodeServiceDomain(org.domain);
  return orgPathsFor(join(paths.cryptoDir, 'peerOrganizations', domain), domain);
}

/** TLS files of the chaincode service (ccaas server) that serves one peer. */
export function chaincodeServiceCryptoPaths(
  paths: NetworkPaths,
  org: MerchantOrg,
  peer: PeerNode,
): NodeCryptoPaths {
  const domain = chaincodeServiceDomain(org.domain);
  const caDir = chaincodeServiceCaPaths(paths, org).dir;
  return nodePathsFor(join(caDir, 'peers', nodeHostName(peer.name, domain)));
}

function orgPathsFor(dir: string, domain: string): OrgCryptoPaths {
  const admin = join(dir, 'users', `Admin@${domain}`);
  return {
    dir,
    mspDir: join(dir, 'msp'),
    tlsCaCert: join(dir, 'tlsca', `tlsca.${domain}-cert.pem`),
    adminMspDir: join(admin, 'msp'),
    adminTls: {
      cert: join(admin, 'tls', 'client.crt'),
      key: join(admin, 'tls', 'client.key'),
      caCert: join(admin, 'tls', 'ca.crt'),
    },
    userMspDir: (index) => join(dir, 'users', `User${index}@${domain}`, 'msp'),
  };
}

function nodePathsFor(dir: string): NodeCryptoPaths {
  return {
    dir,
    mspDir: join(dir, 'msp'),
    tls: {
      cert: join(dir, 'tls', 'server.crt'),
      key: join(dir, 'tls', 'server.key'),
      caCert: join(dir, 'tls', 'ca.crt'),
    },
  };
}

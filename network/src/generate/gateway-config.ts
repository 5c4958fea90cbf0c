/**
 * The configuration file of each merchant's REST gateway (read by gateway-api's loadConfig):
 * its org, the peer it talks to with that peer's TLS CA, the org's client identity, where it
 * listens and where it keeps its data.
 */
import { join } from 'node:path';
import type { Consortium, MerchantOrg } from '../consortium/schema';
import { hostPort, nodeHostName } from '../consortium/model';
import { orgCryptoPaths } from '../layout/crypto';
import type { NetworkPaths } from '../layout/paths';

export interface GatewayConfigFile {
  mspId: string;
  peerEndpoint: string;
  peerHostAlias: string;
  tlsCaCertPath: string;
  certPath: string;
  keyPath: string;
  channel: string;
  chaincode: string;
  host: string;
  port: number;
  dataDir: string;
}

/** The identity a gateway signs with: the org's first client user, as cryptogen names its files. */
export function gatewayIdentity(
  paths: NetworkPaths,
  org: MerchantOrg,
): { certPath: string; keyPath: string } {
  const msp = orgCryptoPaths(paths, org).userMspDir(1);
  return {
    certPath: join(msp, 'signcerts', `User1@${org.domain}-cert.pem`),
    keyPath: join(msp, 'keystore', 'priv_sk'),
  };
}

export function gatewayConfig(
  consortium: Consortium,
  paths: NetworkPaths,
  org: MerchantOrg,
): GatewayConfigFile {
  // A gateway talks to its org's first peer; one gateway per org.
  const [peer] = org.peers;
  if (!peer) throw new Error(`${org.name} has no peer`);
  return {
    mspId: org.mspId,
    peerEndpoint: hostPort(org.host, peer.port),
    peerHostAlias: nodeHostName(peer.name, org.domain),
    tlsCaCertPath: orgCryptoPaths(paths, org).tlsCaCert,
    ...gatewayIdentity(paths, org),
    channel: consortium.channel.name,
    chaincode: consortium.chaincode.name,
    host: org.host,
    port: peer.gatewayPort,
    dataDir: join(paths.dataDir, `gateway-${org.name}`),
  };
}

import { isIPv6 } from 'node:net';
import type { Consortium, MerchantOrg, OrdererNode, PeerNode } from './schema';

/** host:port as gRPC and Fabric expect it, with IPv6 addresses in brackets. */
export function hostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A node's fully qualified name, which cryptogen also uses as its certificate's common name. */
export function nodeHostName(nodeName: string, orgDomain: string): string {
  return `${nodeName}.${orgDomain}`;
}

/**
 * The chaincode services' TLS certificates come from a CA of their own, which no channel MSP
 * trusts: a compromised chaincode process then holds no identity that can sign for its org.
 */
export function chaincodeServiceDomain(orgDomain: string): string {
  return `chaincode.${orgDomain}`;
}

export function findMerchantOrg(consortium: Consortium, orgName: string): MerchantOrg {
  const org = consortium.merchantOrgs.find((candidate) => candidate.name === orgName);
  if (!org) {
    const known = consortium.merchantOrgs.map((candidate) => candidate.name).join(', ');
    throw new Error(`no merchant org "${orgName}" in the consortium (known: ${known})`);
  }
  return org;
}

export function findPeer(org: MerchantOrg, peerName: string): PeerNode {
  const peer = org.peers.find((candidate) => candidate.name === peerName);
  if (!peer) throw new Error(`org "${org.name}" has no peer "${peerName}"`);
  return peer;
}

export function findOrderer(consortium: Consortium, ordererName: string): OrdererNode {
  const orderer = consortium.ordererOrg.orderers.find(
    (candidate) => candidate.name === ordererName,
  );
  if (!orderer) throw new Error(`no orderer "${ordererName}" in the consortium`);
  return orderer;
}

/** The org's first peer: its anchor peer on the channel and its gossip entry point. */
export function anchorPeerOf(org: MerchantOrg): PeerNode {
  const [anchor] = org.peers;
  if (!anchor) throw new Error(`org "${org.name}" has no peer`);
  return anchor;
}

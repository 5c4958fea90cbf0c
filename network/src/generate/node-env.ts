import { join } from 'node:path';
import {
  anchorPeerOf,
  findMerchantOrg,
  findOrderer,
  findPeer,
  hostPort,
  nodeHostName,
} from '../consortium/model';
import type { Consortium } from '../consortium/schema';
import { orgCryptoPaths, ordererCryptoPaths, peerCryptoPaths } from '../layout/crypto';
import { nodeDataDir, type NetworkPaths } from '../layout/paths';

/*
 * Environment variables that override the sampleconfig core.yaml / orderer.yaml (Fabric 3.1)
 * so that each node runs natively with its own ports, identity and data directory.
 */

export type NodeEnv = Readonly<Record<string, string>>;

/** orderer.yaml lists given by environment use Fabric's "[a, b]" notation. */
const list = (...items: string[]): string => `[${items.join(', ')}]`;

export function peerEnv(
  consortium: Consortium,
  paths: NetworkPaths,
  orgName: string,
  peerName: string,
): NodeEnv {
  const org = findMerchantOrg(consortium, orgName);
  const peer = findPeer(org, peerName);
  const crypto = peerCryptoPaths(paths, org, peer);
  const peerId = nodeHostName(peer.name, org.domain);
  const address = hostPort(org.host, peer.port);
  const chaincodeAddress = hostPort(org.host, peer.chaincodePort);
  const dataDir = nodeDataDir(paths, peerId);
  // Gossip starts from another peer of the org; a lone peer names itself, as Fabric's samples do.
  const otherPeers = org.peers.filter((other) => other.name !== peer.name);
  const bootstrap = (otherPeers.length > 0 ? otherPeers : [anchorPeerOf(org)])
    .map((other) => hostPort(org.host, other.port))
    .join(' ');
  return {
    FABRIC_CFG_PATH: paths.fabricConfigDir,
    CORE_PEER_ID: peerId,
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: crypto.mspDir,
    CORE_PEER_ADDRESS: address,
    CORE_PEER_LISTENADDRESS: address,
    CORE_PEER_CHAINCODEADDRESS: chaincodeAddress,
    CORE_PEER_CHAINCODELISTENADDRESS: chaincodeAddress,
    CORE_PEER_GOSSIP_BOOTSTRAP: bootstrap,
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
    CORE_PEER_GOSSIP_USELEADERELECTION: 'false',
    CORE_PEER_GOSSIP_ORGLEADER: 'true',
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_CERT_FILE: crypto.tls.cert,
    CORE_PEER_TLS_KEY_FILE: crypto.tls.key,
    CORE_PEER_TLS_ROOTCERT_FILE: crypto.tls.caCert,
    CORE_PEER_GATEWAY_ENABLED: 'true',
    CORE_PEER_FILESYSTEMPATH: dataDir,
    CORE_LEDGER_SNAPSHOTS_ROOTDIR: join(dataDir, 'snapshots'),
    CORE_LEDGER_STATE_STATEDATABASE: 'goleveldb',
    CORE_OPERATIONS_LISTENADDRESS: hostPort(org.host, peer.operationsPort),
    CORE_METRICS_PROVIDER: 'prometheus',
    // No Docker: chaincode runs as a service, found through the ccaas external builder.
    CORE_VM_ENDPOINT: '',
  };
}

/** For the peer CLI acting as an org's admin (lifecycle, channel join) against one of its peers. */
export function peerAdminEnv(
  consortium: Consortium,
  paths: NetworkPaths,
  orgName: string,
  peerName?: string,
): NodeEnv {
  const org = findMerchantOrg(consortium, orgName);
  const peer = peerName === undefined ? anchorPeerOf(org) : findPeer(org, peerName);
  const crypto = orgCryptoPaths(paths, org);
  return {
    FABRIC_CFG_PATH: paths.fabricConfigDir,
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: crypto.adminMspDir,
    CORE_PEER_ADDRESS: hostPort(org.host, peer.port),
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: crypto.tlsCaCert,
  };
}

export function ordererEnv(
  consortium: Consortium,
  paths: NetworkPaths,
  ordererName: string,
): NodeEnv {
  const org = consortium.ordererOrg;
  const orderer = findOrderer(consortium, ordererName);
  const { mspDir, tls } = ordererCryptoPaths(paths, org, orderer);
  const dataDir = nodeDataDir(paths, nodeHostName(orderer.name, org.domain));
  return {
    FABRIC_CFG_PATH: paths.fabricConfigDir,
    ORDERER_GENERAL_LISTENADDRESS: orderer.host,
    ORDERER_GENERAL_LISTENPORT: String(orderer.port),
    ORDERER_GENERAL_LOCALMSPID: org.mspId,
    ORDERER_GENERAL_LOCALMSPDIR: mspDir,
    // No system channel: channels are joined through the admin endpoint (osnadmin).
    ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
    ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
    ORDERER_GENERAL_TLS_ENABLED: 'true',
    ORDERER_GENERAL_TLS_CERTIFICATE: tls.cert,
    ORDERER_GENERAL_TLS_PRIVATEKEY: tls.key,
    ORDERER_GENERAL_TLS_ROOTCAS: list(tls.caCert),
    // Raft traffic shares the main listener and authenticates with the node's TLS pair.
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: tls.cert,
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: tls.key,
    ORDERER_GENERAL_CLUSTER_ROOTCAS: list(tls.caCert),
    ORDERER_ADMIN_LISTENADDRESS: hostPort(orderer.host, orderer.adminPort),
    ORDERER_ADMIN_TLS_ENABLED: 'true',
    ORDERER_ADMIN_TLS_CERTIFICATE: tls.cert,
    ORDERER_ADMIN_TLS_PRIVATEKEY: tls.key,
    ORDERER_ADMIN_TLS_ROOTCAS: list(tls.caCert),
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
    ORDERER_ADMIN_TLS_CLIENTROOTCAS: list(orgCryptoPaths(paths, org).tlsCaCert),
    ORDERER_FILELEDGER_LOCATION: join(dataDir, 'ledger'),
    ORDERER_CONSENSUS_WALDIR: join(dataDir, 'etcdraft', 'wal'),
    ORDERER_CONSENSUS_SNAPDIR: join(dataDir, 'etcdraft', 'snapshot'),
    ORDERER_OPERATIONS_LISTENADDRESS: hostPort(orderer.host, orderer.operationsPort),
    ORDERER_METRICS_PROVIDER: 'prometheus',
  };
}

import { findMerchantOrg, findPeer, hostPort } from '../consortium/model';
import type { Consortium } from '../consortium/schema';
import { chaincodeServiceCaPaths, peerCryptoPaths } from '../layout/crypto';
import type { NetworkPaths } from '../layout/paths';

/**
 * connection.json inside a ccaas chaincode package (Fabric 3.1 ccaas_builder and
 * core/container/externalbuilder ChaincodeServerUserData). The certificate fields hold PEM text.
 */
export interface ChaincodeConnection {
  readonly address: string;
  readonly dial_timeout: string;
  readonly tls_required: boolean;
  readonly client_auth_required: boolean;
  /** Verifies the chaincode service's server certificate. */
  readonly root_cert: string;
  /** The peer's identity when it dials the chaincode service. */
  readonly client_cert: string;
  readonly client_key: string;
}

export interface ChaincodeConnectionPems {
  readonly rootCert: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

/** metadata.json of a ccaas package: the type selects the ccaas builder. */
export interface CcaasPackageMetadata {
  readonly type: 'ccaas';
  readonly label: string;
}

export function ccaasPackageMetadata(label: string): CcaasPackageMetadata {
  return { type: 'ccaas', label };
}

/** Where a peer finds its chaincode service: the org's host, that peer's service port. */
export function chaincodeServiceAddress(
  consortium: Consortium,
  orgName: string,
  peerName: string,
): string {
  const org = findMerchantOrg(consortium, orgName);
  return hostPort(org.host, findPeer(org, peerName).chaincodeServicePort);
}

/** The files whose PEM text goes into a peer's connection.json. */
export function chaincodeConnectionPemFiles(
  consortium: Consortium,
  paths: NetworkPaths,
  orgName: string,
  peerName: string,
): ChaincodeConnectionPems {
  const org = findMerchantOrg(consortium, orgName);
  const peerTls = peerCryptoPaths(paths, org, findPeer(org, peerName)).tls;
  return {
    rootCert: chaincodeServiceCaPaths(paths, org).tlsCaCert,
    clientCert: peerTls.cert,
    clientKey: peerTls.key,
  };
}

/**
 * The connection.json for one peer's chaincode service. Mutual TLS: the peer checks the
 * service against the chaincode CA, the service checks the peer against the org's TLS CA.
 */
export function chaincodeConnection(
  consortium: Consortium,
  orgName: string,
  peerName: string,
  pems: ChaincodeConnectionPems,
  dialTimeout = '10s',
): ChaincodeConnection {
  return {
    address: chaincodeServiceAddress(consortium, orgName, peerName),
    dial_timeout: dialTimeout,
    tls_required: true,
    client_auth_required: true,
    root_cert: pems.rootCert,
    client_cert: pems.clientCert,
    client_key: pems.clientKey,
  };
}

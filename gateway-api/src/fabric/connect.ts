/**
 * The one connection of a gateway process to its org's peer: a single shared gRPC client,
 * the org's identity and signer, and per-call deadlines.
 */
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Gateway, type Network } from '@hyperledger/fabric-gateway';

export interface PeerConnection {
  mspId: string;
  /** host:port of the org's peer. */
  peerEndpoint: string;
  /** Name in the peer's TLS certificate, when it differs from the endpoint's host. */
  peerHostAlias?: string;
  tlsCaCertPath: string;
  certPath: string;
  keyPath: string;
  channel: string;
  deadlines: { evaluateMs: number; endorseMs: number; submitMs: number; commitStatusMs: number };
}

export interface Connection {
  gateway: Gateway;
  network: Network;
  close(): void;
}

function within(ms: number) {
  return (): grpc.CallOptions => ({ deadline: Date.now() + ms });
}

export async function connectToPeer(config: PeerConnection): Promise<Connection> {
  const [tlsCaCert, cert, key] = await Promise.all(
    [config.tlsCaCertPath, config.certPath, config.keyPath].map((path) => readFile(path)),
  );
  const client = new grpc.Client(config.peerEndpoint, grpc.credentials.createSsl(tlsCaCert), {
    ...(config.peerHostAlias && { 'grpc.ssl_target_name_override': config.peerHostAlias }),
  });
  const gateway = connect({
    client,
    identity: { mspId: config.mspId, credentials: cert as Buffer },
    signer: signers.newPrivateKeySigner(createPrivateKey(key as Buffer)),
    hash: hash.sha256,
    evaluateOptions: within(config.deadlines.evaluateMs),
    endorseOptions: within(config.deadlines.endorseMs),
    submitOptions: within(config.deadlines.submitMs),
    commitStatusOptions: within(config.deadlines.commitStatusMs),
  });
  return {
    gateway,
    network: gateway.getNetwork(config.channel),
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

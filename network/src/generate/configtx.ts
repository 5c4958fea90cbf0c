import { anchorPeerOf, hostPort } from '../consortium/model';
import type { Consortium, MerchantOrg, OrdererOrg } from '../consortium/schema';
import { orgCryptoPaths, ordererCryptoPaths } from '../layout/crypto';
import type { NetworkPaths } from '../layout/paths';

/*
 * configtx.yaml for configtxgen (Fabric 3.1 internal/configtxgen/genesisconfig). configtxgen
 * unmarshals it strictly, so only the keys of its TopLevel/Profile/Organization structs appear.
 */

export const CHANNEL_PROFILE = 'AllianceChannel';

export interface OrderingOptions {
  /** How long the orderer waits to fill a block (a Go duration: 250ms, 2s). */
  readonly batchTimeout: string;
  readonly maxMessageCount: number;
  readonly absoluteMaxBytes: number;
  readonly preferredMaxBytes: number;
  readonly raft: RaftOptions;
}

export interface RaftOptions {
  readonly tickInterval: string;
  readonly electionTick: number;
  readonly heartbeatTick: number;
  readonly maxInflightBlocks: number;
  readonly snapshotIntervalSize: number;
}

const MB = 1024 * 1024;

/** Short batches keep latency low for interactive use; benchmarks override them. */
export const DEFAULT_ORDERING: OrderingOptions = {
  batchTimeout: '250ms',
  maxMessageCount: 100,
  absoluteMaxBytes: 10 * MB,
  preferredMaxBytes: 2 * MB,
  // Fabric's own etcdraft defaults.
  raft: {
    tickInterval: '500ms',
    electionTick: 10,
    heartbeatTick: 1,
    maxInflightBlocks: 5,
    snapshotIntervalSize: 16 * MB,
  },
};

export interface ConfigtxOptions {
  readonly ordering?: Partial<Omit<OrderingOptions, 'raft'>> & {
    readonly raft?: Partial<RaftOptions>;
  };
}

interface Policy {
  readonly Type: 'Signature' | 'ImplicitMeta';
  readonly Rule: string;
}

export interface ConfigtxOrganization {
  readonly Name: string;
  readonly ID: string;
  readonly MSPDir: string;
  readonly Policies: Readonly<Record<string, Policy>>;
  readonly OrdererEndpoints?: readonly string[];
  readonly AnchorPeers?: readonly { readonly Host: string; readonly Port: number }[];
}

export interface Configtx {
  readonly Organizations: readonly ConfigtxOrganization[];
  readonly Profiles: Readonly<Record<string, ConfigtxProfile>>;
}

export interface ConfigtxProfile {
  readonly Policies: Readonly<Record<string, Policy>>;
  readonly Capabilities: Readonly<Record<string, boolean>>;
  readonly Orderer: Readonly<Record<string, unknown>>;
  readonly Application: Readonly<Record<string, unknown>>;
}

export function configtx(
  consortium: Consortium,
  paths: NetworkPaths,
  options: ConfigtxOptions = {},
): Configtx {
  const ordering = orderingWithDefaults(options);
  const ordererOrg = ordererOrganization(consortium.ordererOrg, paths);
  const merchantOrgs = consortium.merchantOrgs.map((org) => merchantOrganization(org, paths));
  return {
    Organizations: [ordererOrg, ...merchantOrgs],
    Profiles: {
      [CHANNEL_PROFILE]: {
        Policies: {
          Readers: implicitMeta('ANY Readers'),
          Writers: implicitMeta('ANY Writers'),
          Admins: implicitMeta('MAJORITY Admins'),
        },
        Capabilities: { V3_0: true },
        Orderer: {
          ...consensusSection(consortium, paths, ordering),
          BatchTimeout: ordering.batchTimeout,
          BatchSize: {
            MaxMessageCount: ordering.maxMessageCount,
            AbsoluteMaxBytes: byteSize(ordering.absoluteMaxBytes),
            PreferredMaxBytes: byteSize(ordering.preferredMaxBytes),
          },
          Organizations: [ordererOrg],
          Policies: {
            Readers: implicitMeta('ANY Readers'),
            Writers: implicitMeta('ANY Writers'),
            Admins: implicitMeta('MAJORITY Admins'),
            BlockValidation: implicitMeta('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: merchantOrgs,
          Policies: {
            Readers: implicitMeta('ANY Readers'),
            Writers: implicitMeta('ANY Writers'),
            Admins: implicitMeta('MAJORITY Admins'),
            LifecycleEndorsement: implicitMeta('MAJORITY Endorsement'),
            Endorsement: implicitMeta('MAJORITY Endorsement'),
          },
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}

function consensusSection(
  consortium: Consortium,
  paths: NetworkPaths,
  ordering: OrderingOptions,
): Record<string, unknown> {
  switch (consortium.channel.consensus) {
    case 'etcdraft':
      return {
        OrdererType: 'etcdraft',
        EtcdRaft: {
          Consenters: consortium.ordererOrg.orderers.map((orderer) => {
            const { tls } = ordererCryptoPaths(paths, consortium.ordererOrg, orderer);
            return {
              Host: orderer.host,
              Port: orderer.port,
              ClientTLSCert: tls.cert,
              ServerTLSCert: tls.cert,
            };
          }),
          Options: {
            TickInterval: ordering.raft.tickInterval,
            ElectionTick: ordering.raft.electionTick,
            HeartbeatTick: ordering.raft.heartbeatTick,
            MaxInflightBlocks: ordering.raft.maxInflightBlocks,
            SnapshotIntervalSize: byteSize(ordering.raft.snapshotIntervalSize),
          },
        },
      };
  }
}

/** Channel capability V3_0 requires each orderer org to list its endpoints. */
function ordererOrganization(org: OrdererOrg, paths: NetworkPaths): ConfigtxOrganization {
  const member = signature(`OR('${org.mspId}.member')`);
  return {
    Name: org.mspId,
    ID: org.mspId,
    MSPDir: orgCryptoPaths(paths, org).mspDir,
    Policies: { Readers: member, Writers: member, Admins: signature(`OR('${org.mspId}.admin')`) },
    OrdererEndpoints: org.orderers.map((orderer) => hostPort(orderer.host, orderer.port)),
  };
}

/** Orgs are named by MSP ID so a config update finds an org's group from the ID policies use. */
function merchantOrganization(org: MerchantOrg, paths: NetworkPaths): ConfigtxOrganization {
  const msp = org.mspId;
  const anchor = anchorPeerOf(org);
  return {
    Name: msp,
    ID: msp,
    MSPDir: orgCryptoPaths(paths, org).mspDir,
    Policies: {
      Readers: signature(`OR('${msp}.admin', '${msp}.peer', '${msp}.client')`),
      Writers: signature(`OR('${msp}.admin', '${msp}.client')`),
      Admins: signature(`OR('${msp}.admin')`),
      Endorsement: signature(`OR('${msp}.peer')`),
    },
    // Other orgs' peers reach this org through its anchor peer (gossip, discovery, private data).
    AnchorPeers: [{ Host: org.host, Port: anchor.port }],
  };
}

function signature(rule: string): Policy {
  return { Type: 'Signature', Rule: rule };
}

function implicitMeta(rule: string): Policy {
  return { Type: 'ImplicitMeta', Rule: rule };
}

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

function orderingWithDefaults({ ordering = {} }: ConfigtxOptions): OrderingOptions {
  const merged: OrderingOptions = {
    ...DEFAULT_ORDERING,
    ...ordering,
    raft: { ...DEFAULT_ORDERING.raft, ...ordering.raft },
  };
  const problems = [
    !GO_DURATION.test(merged.batchTimeout) &&
      `batchTimeout "${merged.batchTimeout}" is not a Go duration such as 250ms or 2s`,
    !GO_DURATION.test(merged.raft.tickInterval) &&
      `raft.tickInterval "${merged.raft.tickInterval}" is not a Go duration such as 500ms`,
    !isPositiveInteger(merged.maxMessageCount) && 'maxMessageCount must be a positive integer',
    !isPositiveInteger(merged.absoluteMaxBytes) && 'absoluteMaxBytes must be a positive integer',
    !isPositiveInteger(merged.preferredMaxBytes) && 'preferredMaxBytes must be a positive integer',
    merged.preferredMaxBytes > merged.absoluteMaxBytes &&
      'preferredMaxBytes must not exceed absoluteMaxBytes',
    merged.raft.electionTick <= merged.raft.heartbeatTick &&
      'raft.electionTick must be greater than raft.heartbeatTick',
  ].filter((problem) => problem !== false);
  if (problems.length > 0) throw new Error(`invalid ordering options: ${problems.join('; ')}`);
  return merged;
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value > 0;
}

/** Fabric's size notation ("10 MB"), falling back to plain bytes. */
function byteSize(bytes: number): string | number {
  if (bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return bytes;
}

import { parse } from 'yaml';
import { loadConsortium } from '../consortium/load';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { networkPathsUnder } from '../layout/paths';
import { CHANNEL_PROFILE, configtx, type Configtx, type ConfigtxOptions } from './configtx';
import { toYaml } from './yaml';

const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);
const paths = networkPathsUnder('/srv/pa');
const crypto = '/srv/pa/crypto';

interface ParsedProfile {
  Policies: Record<string, unknown>;
  Capabilities: Record<string, boolean>;
  Orderer: {
    OrdererType: string;
    Addresses?: unknown;
    BatchTimeout: string;
    BatchSize: Record<string, unknown>;
    EtcdRaft: { Consenters: Record<string, unknown>[]; Options: Record<string, unknown> };
    Organizations: { ID: string }[];
    Policies: Record<string, unknown>;
    Capabilities: Record<string, boolean>;
  };
  Application: {
    Organizations: { ID: string }[];
    Policies: Record<string, unknown>;
    Capabilities: Record<string, boolean>;
  };
}

/** Round-trips through the YAML text configtxgen will read. */
function generated(options?: ConfigtxOptions): Configtx {
  return parse(toYaml(configtx(consortium, paths, options))) as Configtx;
}

function profileOf(config: Configtx): ParsedProfile {
  const profile = config.Profiles[CHANNEL_PROFILE];
  if (!profile) throw new Error(`no ${CHANNEL_PROFILE} profile`);
  return profile as unknown as ParsedProfile;
}

const meta = (Rule: string) => ({ Type: 'ImplicitMeta', Rule });
const signature = (Rule: string) => ({ Type: 'Signature', Rule });

describe('configtx', () => {
  const config = generated();
  const profile = profileOf(config);

  it('defines the orderer org with its three endpoints and MSP', () => {
    expect(config.Organizations[0]).toEqual({
      Name: 'OrdererMSP',
      ID: 'OrdererMSP',
      MSPDir: `${crypto}/ordererOrganizations/orderer.pa.local/msp`,
      Policies: {
        Readers: signature("OR('OrdererMSP.member')"),
        Writers: signature("OR('OrdererMSP.member')"),
        Admins: signature("OR('OrdererMSP.admin')"),
      },
      OrdererEndpoints: ['127.0.0.1:7050', '127.0.0.1:7150', '127.0.0.1:7250'],
    });
  });

  it('defines each merchant org with role policies, peer endorsement and an anchor peer', () => {
    expect(config.Organizations).toHaveLength(5);
    expect(config.Organizations[3]).toEqual({
      Name: 'Mall1MSP',
      ID: 'Mall1MSP',
      MSPDir: `${crypto}/peerOrganizations/mall1.pa.local/msp`,
      Policies: {
        Readers: signature("OR('Mall1MSP.admin', 'Mall1MSP.peer', 'Mall1MSP.client')"),
        Writers: signature("OR('Mall1MSP.admin', 'Mall1MSP.client')"),
        Admins: signature("OR('Mall1MSP.admin')"),
        Endorsement: signature("OR('Mall1MSP.peer')"),
      },
      AnchorPeers: [{ Host: '127.0.0.1', Port: 8351 }],
    });
  });

  it('requires a majority of merchant orgs to endorse transactions and lifecycle changes', () => {
    expect(profile.Application.Policies).toEqual({
      Readers: meta('ANY Readers'),
      Writers: meta('ANY Writers'),
      Admins: meta('MAJORITY Admins'),
      LifecycleEndorsement: meta('MAJORITY Endorsement'),
      Endorsement: meta('MAJORITY Endorsement'),
    });
    expect(profile.Application.Organizations.map((org) => org.ID)).toEqual([
      'Parking1MSP',
      'Parking2MSP',
      'Mall1MSP',
      'Mall2MSP',
    ]);
  });

  it('sets the Fabric 3 capabilities', () => {
    expect(profile.Capabilities).toEqual({ V3_0: true });
    expect(profile.Orderer.Capabilities).toEqual({ V2_0: true });
    expect(profile.Application.Capabilities).toEqual({ V2_5: true });
  });

  it('sets channel and orderer policies, with block validation by the orderers', () => {
    expect(profile.Policies).toEqual({
      Readers: meta('ANY Readers'),
      Writers: meta('ANY Writers'),
      Admins: meta('MAJORITY Admins'),
    });
    expect(profile.Orderer.Policies).toMatchObject({ BlockValidation: meta('ANY Writers') });
    expect(profile.Orderer.Organizations.map((org) => org.ID)).toEqual(['OrdererMSP']);
  });

  it('orders with etcdraft over three consenters and their cryptogen TLS certificates', () => {
    expect(profile.Orderer.OrdererType).toBe('etcdraft');
    expect(profile.Orderer.EtcdRaft.Consenters).toEqual(
      ['orderer0', 'orderer1', 'orderer2'].map((name, index) => {
        const cert = `${crypto}/ordererOrganizations/orderer.pa.local/orderers/${name}.orderer.pa.local/tls/server.crt`;
        return {
          Host: '127.0.0.1',
          Port: 7050 + 100 * index,
          ClientTLSCert: cert,
          ServerTLSCert: cert,
        };
      }),
    );
    expect(profile.Orderer.EtcdRaft.Options).toEqual({
      TickInterval: '500ms',
      ElectionTick: 10,
      HeartbeatTick: 1,
      MaxInflightBlocks: 5,
      SnapshotIntervalSize: '16 MB',
    });
  });

  it('has no global orderer addresses, which channel capability V3_0 forbids', () => {
    expect(profile.Orderer).not.toHaveProperty('Addresses');
  });

  it('cuts blocks after 250ms or 100 transactions by default', () => {
    expect(profile.Orderer.BatchTimeout).toBe('250ms');
    expect(profile.Orderer.BatchSize).toEqual({
      MaxMessageCount: 100,
      AbsoluteMaxBytes: '10 MB',
      PreferredMaxBytes: '2 MB',
    });
  });

  it('takes batch and Raft settings as parameters', () => {
    const tuned = profileOf(
      generated({
        ordering: {
          batchTimeout: '2s',
          maxMessageCount: 500,
          preferredMaxBytes: 512 * 1024,
          raft: { tickInterval: '250ms' },
        },
      }),
    );
    expect(tuned.Orderer.BatchTimeout).toBe('2s');
    expect(tuned.Orderer.BatchSize).toEqual({
      MaxMessageCount: 500,
      AbsoluteMaxBytes: '10 MB',
      PreferredMaxBytes: '512 KB',
    });
    expect(tuned.Orderer.EtcdRaft.Options).toMatchObject({
      TickInterval: '250ms',
      ElectionTick: 10,
    });
  });

  it('rejects ordering settings Fabric would refuse', () => {
    expect(() => generated({ ordering: { batchTimeout: '250' } })).toThrow(/not a Go duration/);
    expect(() => generated({ ordering: { maxMessageCount: 0 } })).toThrow(/positive integer/);
    expect(() => generated({ ordering: { preferredMaxBytes: 20 * 1024 * 1024 } })).toThrow(
      /must not exceed absoluteMaxBytes/,
    );
    expect(() => generated({ ordering: { raft: { electionTick: 1 } } })).toThrow(
      /electionTick must be greater/,
    );
  });

  // configtxgen unmarshals strictly: an unknown key aborts it.
  it('uses only the keys configtxgen knows', () => {
    const known: Record<string, string[]> = {
      top: ['Profiles', 'Organizations', 'Channel', 'Application', 'Orderer', 'Capabilities'],
      profile: ['Consortium', 'Application', 'Orderer', 'Consortiums', 'Capabilities', 'Policies'],
      organization: [
        'Name',
        'ID',
        'MSPDir',
        'MSPType',
        'Policies',
        'AnchorPeers',
        'OrdererEndpoints',
        'AdminPrincipal',
      ],
      orderer: [
        'OrdererType',
        'Addresses',
        'BatchTimeout',
        'BatchSize',
        'ConsenterMapping',
        'EtcdRaft',
        'SmartBFT',
        'Organizations',
        'MaxChannels',
        'Capabilities',
        'Policies',
      ],
      application: ['Organizations', 'Capabilities', 'Policies', 'ACLs'],
    };
    const expectKnown = (value: object, kind: string) => {
      for (const key of Object.keys(value)) expect(known[kind]).toContain(key);
    };
    expectKnown(config, 'top');
    expectKnown(profile, 'profile');
    expectKnown(profile.Orderer, 'orderer');
    expectKnown(profile.Application, 'application');
    for (const org of config.Organizations) expectKnown(org, 'organization');
  });
});

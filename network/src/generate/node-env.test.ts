import { loadConsortium } from '../consortium/load';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { networkPathsUnder } from '../layout/paths';
import { ordererEnv, peerAdminEnv, peerEnv } from './node-env';

const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);
const paths = networkPathsUnder('/srv/pa');
const parking1Peer =
  '/srv/pa/crypto/peerOrganizations/parking1.pa.local/peers/peer0.parking1.pa.local';
const orderer1 =
  '/srv/pa/crypto/ordererOrganizations/orderer.pa.local/orderers/orderer1.orderer.pa.local';

describe('peerEnv', () => {
  const env = peerEnv(consortium, paths, 'parking1', 'peer0');

  it('names the peer and its identity', () => {
    expect(env).toMatchObject({
      FABRIC_CFG_PATH: '/srv/pa/config',
      CORE_PEER_ID: 'peer0.parking1.pa.local',
      CORE_PEER_LOCALMSPID: 'Parking1MSP',
      CORE_PEER_MSPCONFIGPATH: `${parking1Peer}/msp`,
    });
  });

  it('listens on the consortium file’s ports', () => {
    expect(env).toMatchObject({
      CORE_PEER_ADDRESS: '127.0.0.1:8151',
      CORE_PEER_LISTENADDRESS: '127.0.0.1:8151',
      CORE_PEER_CHAINCODEADDRESS: '127.0.0.1:8152',
      CORE_PEER_CHAINCODELISTENADDRESS: '127.0.0.1:8152',
      CORE_OPERATIONS_LISTENADDRESS: '127.0.0.1:8153',
    });
  });

  it('gossips from its own address, the only peer of its org', () => {
    expect(env).toMatchObject({
      CORE_PEER_GOSSIP_BOOTSTRAP: '127.0.0.1:8151',
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: '127.0.0.1:8151',
      CORE_PEER_GOSSIP_USELEADERELECTION: 'false',
      CORE_PEER_GOSSIP_ORGLEADER: 'true',
    });
  });

  it('serves TLS with its cryptogen certificate', () => {
    expect(env).toMatchObject({
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_CERT_FILE: `${parking1Peer}/tls/server.crt`,
      CORE_PEER_TLS_KEY_FILE: `${parking1Peer}/tls/server.key`,
      CORE_PEER_TLS_ROOTCERT_FILE: `${parking1Peer}/tls/ca.crt`,
    });
  });

  it('keeps its ledger in its own data directory, in LevelDB', () => {
    expect(env).toMatchObject({
      CORE_PEER_FILESYSTEMPATH: '/srv/pa/data/peer0.parking1.pa.local',
      CORE_LEDGER_SNAPSHOTS_ROOTDIR: '/srv/pa/data/peer0.parking1.pa.local/snapshots',
      CORE_LEDGER_STATE_STATEDATABASE: 'goleveldb',
    });
  });

  it('has no Docker endpoint', () => {
    expect(env.CORE_VM_ENDPOINT).toBe('');
    expect(Object.values(env).some((value) => /docker/i.test(value))).toBe(false);
  });

  it('gossips from the org’s other peers when it has several', () => {
    const [parking1, ...others] = consortium.merchantOrgs;
    const [peer0] = parking1?.peers ?? [];
    if (!parking1 || !peer0) throw new Error('the default consortium has parking1 with a peer');
    const peer1 = { ...peer0, name: 'peer1', port: 8161 };
    const twoPeers = {
      ...consortium,
      merchantOrgs: [{ ...parking1, peers: [peer0, peer1] }, ...others],
    };
    expect(peerEnv(twoPeers, paths, 'parking1', 'peer0').CORE_PEER_GOSSIP_BOOTSTRAP).toBe(
      '127.0.0.1:8161',
    );
    expect(peerEnv(twoPeers, paths, 'parking1', 'peer1').CORE_PEER_GOSSIP_BOOTSTRAP).toBe(
      '127.0.0.1:8151',
    );
  });

  it('gives every peer its own ports and data directory', () => {
    const envs = consortium.merchantOrgs.flatMap((org) =>
      org.peers.map((peer) => peerEnv(consortium, paths, org.name, peer.name)),
    );
    for (const key of [
      'CORE_PEER_ADDRESS',
      'CORE_PEER_CHAINCODELISTENADDRESS',
      'CORE_OPERATIONS_LISTENADDRESS',
      'CORE_PEER_FILESYSTEMPATH',
    ]) {
      expect(new Set(envs.map((peer) => peer[key])).size).toBe(envs.length);
    }
  });

  it('says which org or peer is unknown', () => {
    expect(() => peerEnv(consortium, paths, 'hotel1', 'peer0')).toThrow(
      'no merchant org "hotel1" in the consortium (known: parking1, parking2, mall1, mall2)',
    );
    expect(() => peerEnv(consortium, paths, 'mall1', 'peer9')).toThrow(
      'org "mall1" has no peer "peer9"',
    );
  });
});

describe('peerAdminEnv', () => {
  it('acts as the org admin against the org’s first peer', () => {
    expect(peerAdminEnv(consortium, paths, 'mall2')).toEqual({
      FABRIC_CFG_PATH: '/srv/pa/config',
      CORE_PEER_LOCALMSPID: 'Mall2MSP',
      CORE_PEER_MSPCONFIGPATH:
        '/srv/pa/crypto/peerOrganizations/mall2.pa.local/users/Admin@mall2.pa.local/msp',
      CORE_PEER_ADDRESS: '127.0.0.1:8451',
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_ROOTCERT_FILE:
        '/srv/pa/crypto/peerOrganizations/mall2.pa.local/tlsca/tlsca.mall2.pa.local-cert.pem',
    });
  });
});

describe('ordererEnv', () => {
  const env = ordererEnv(consortium, paths, 'orderer1');

  it('listens on the consortium file’s ports with its own identity', () => {
    expect(env).toMatchObject({
      FABRIC_CFG_PATH: '/srv/pa/config',
      ORDERER_GENERAL_LISTENADDRESS: '127.0.0.1',
      ORDERER_GENERAL_LISTENPORT: '7150',
      ORDERER_GENERAL_LOCALMSPID: 'OrdererMSP',
      ORDERER_GENERAL_LOCALMSPDIR: `${orderer1}/msp`,
      ORDERER_ADMIN_LISTENADDRESS: '127.0.0.1:7153',
      ORDERER_OPERATIONS_LISTENADDRESS: '127.0.0.1:7154',
    });
  });

  it('starts without a system channel and joins channels through its admin endpoint', () => {
    expect(env).toMatchObject({
      ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
      ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
    });
  });

  it('uses TLS for clients, for Raft and for the admin endpoint, which requires client certs', () => {
    expect(env).toMatchObject({
      ORDERER_GENERAL_TLS_ENABLED: 'true',
      ORDERER_GENERAL_TLS_CERTIFICATE: `${orderer1}/tls/server.crt`,
      ORDERER_GENERAL_TLS_PRIVATEKEY: `${orderer1}/tls/server.key`,
      ORDERER_GENERAL_TLS_ROOTCAS: `[${orderer1}/tls/ca.crt]`,
      ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: `${orderer1}/tls/server.crt`,
      ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: `${orderer1}/tls/server.key`,
      ORDERER_GENERAL_CLUSTER_ROOTCAS: `[${orderer1}/tls/ca.crt]`,
      ORDERER_ADMIN_TLS_ENABLED: 'true',
      ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
      ORDERER_ADMIN_TLS_CLIENTROOTCAS:
        '[/srv/pa/crypto/ordererOrganizations/orderer.pa.local/tlsca/tlsca.orderer.pa.local-cert.pem]',
    });
  });

  it('keeps its ledger and Raft logs in its own data directory', () => {
    const data = '/srv/pa/data/orderer1.orderer.pa.local';
    expect(env).toMatchObject({
      ORDERER_FILELEDGER_LOCATION: `${data}/ledger`,
      ORDERER_CONSENSUS_WALDIR: `${data}/etcdraft/wal`,
      ORDERER_CONSENSUS_SNAPDIR: `${data}/etcdraft/snapshot`,
    });
  });

  it('says which orderer is unknown', () => {
    expect(() => ordererEnv(consortium, paths, 'orderer7')).toThrow('no orderer "orderer7"');
  });
});

import { loadConsortium } from '../consortium/load';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { networkPathsUnder } from '../layout/paths';
import { gatewayConfig } from './gateway-config';

const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);
const paths = networkPathsUnder('/srv/pa');

describe('gateway configuration', () => {
  it('points each merchant gateway at its own peer, identity and port', () => {
    const configs = consortium.merchantOrgs.map((org) => gatewayConfig(consortium, paths, org));
    expect(configs[0]).toEqual({
      mspId: 'Parking1MSP',
      peerEndpoint: '127.0.0.1:8151',
      peerHostAlias: 'peer0.parking1.pa.local',
      tlsCaCertPath:
        '/srv/pa/crypto/peerOrganizations/parking1.pa.local/tlsca/tlsca.parking1.pa.local-cert.pem',
      certPath:
        '/srv/pa/crypto/peerOrganizations/parking1.pa.local/users/User1@parking1.pa.local/msp/signcerts/User1@parking1.pa.local-cert.pem',
      keyPath:
        '/srv/pa/crypto/peerOrganizations/parking1.pa.local/users/User1@parking1.pa.local/msp/keystore/priv_sk',
      channel: 'alliance',
      chaincode: 'points',
      host: '127.0.0.1',
      port: 8180,
      dataDir: '/srv/pa/data/gateway-parking1',
    });
    expect(new Set(configs.map((config) => config.port)).size).toBe(4);
    expect(new Set(configs.map((config) => config.dataDir)).size).toBe(4);
  });
});

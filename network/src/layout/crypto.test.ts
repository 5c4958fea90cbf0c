import { loadConsortium } from '../consortium/load';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import {
  chaincodeServiceCryptoPaths,
  orgCryptoPaths,
  ordererCryptoPaths,
  peerCryptoPaths,
} from './crypto';
import { networkPathsUnder } from './paths';

const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);
const paths = networkPathsUnder('/srv/pa');
const [mall1] = consortium.merchantOrgs.filter((org) => org.name === 'mall1');
const [orderer0] = consortium.ordererOrg.orderers;
if (!mall1 || !orderer0) throw new Error('the default consortium has mall1 and orderer0');
const [peer0] = mall1.peers;
if (!peer0) throw new Error('mall1 has a peer');

describe('cryptogen layout', () => {
  it('places an org’s MSP, TLS CA, admin and users under its domain', () => {
    const org = orgCryptoPaths(paths, mall1);
    const dir = '/srv/pa/crypto/peerOrganizations/mall1.pa.local';
    expect(org).toMatchObject({
      dir,
      mspDir: `${dir}/msp`,
      tlsCaCert: `${dir}/tlsca/tlsca.mall1.pa.local-cert.pem`,
      adminMspDir: `${dir}/users/Admin@mall1.pa.local/msp`,
      adminTls: {
        cert: `${dir}/users/Admin@mall1.pa.local/tls/client.crt`,
        key: `${dir}/users/Admin@mall1.pa.local/tls/client.key`,
        caCert: `${dir}/users/Admin@mall1.pa.local/tls/ca.crt`,
      },
    });
    expect(org.userMspDir(1)).toBe(`${dir}/users/User1@mall1.pa.local/msp`);
  });

  it('places the orderer org under ordererOrganizations', () => {
    expect(orgCryptoPaths(paths, consortium.ordererOrg).dir).toBe(
      '/srv/pa/crypto/ordererOrganizations/orderer.pa.local',
    );
  });

  it('names node directories by host name, with server TLS files', () => {
    const orderer = ordererCryptoPaths(paths, consortium.ordererOrg, orderer0);
    const dir =
      '/srv/pa/crypto/ordererOrganizations/orderer.pa.local/orderers/orderer0.orderer.pa.local';
    expect(orderer).toEqual({
      dir,
      mspDir: `${dir}/msp`,
      tls: {
        cert: `${dir}/tls/server.crt`,
        key: `${dir}/tls/server.key`,
        caCert: `${dir}/tls/ca.crt`,
      },
    });
    expect(peerCryptoPaths(paths, mall1, peer0).dir).toBe(
      '/srv/pa/crypto/peerOrganizations/mall1.pa.local/peers/peer0.mall1.pa.local',
    );
  });

  it('keeps chaincode service certificates under the chaincode CA’s own domain', () => {
    expect(chaincodeServiceCryptoPaths(paths, mall1, peer0).tls.cert).toBe(
      '/srv/pa/crypto/peerOrganizations/chaincode.mall1.pa.local/peers/peer0.chaincode.mall1.pa.local/tls/server.crt',
    );
  });
});

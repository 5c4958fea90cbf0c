import { loadConsortium } from '../consortium/load';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { networkPathsUnder } from '../layout/paths';
import {
  ccaasPackageMetadata,
  chaincodeConnection,
  chaincodeConnectionPemFiles,
  chaincodeServiceAddress,
} from './connection';

const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);
const paths = networkPathsUnder('/srv/pa');
const pems = {
  rootCert: '-----BEGIN CERTIFICATE-----\nchaincode CA\n-----END CERTIFICATE-----\n',
  clientCert: '-----BEGIN CERTIFICATE-----\npeer\n-----END CERTIFICATE-----\n',
  clientKey: '-----BEGIN PRIVATE KEY-----\npeer key\n-----END PRIVATE KEY-----\n',
};

describe('chaincodeConnection', () => {
  it('points the peer at its own chaincode service over mutual TLS', () => {
    const connection = JSON.parse(
      JSON.stringify(chaincodeConnection(consortium, 'mall1', 'peer0', pems)),
    ) as unknown;
    expect(connection).toEqual({
      address: '127.0.0.1:8360',
      dial_timeout: '10s',
      tls_required: true,
      client_auth_required: true,
      root_cert: pems.rootCert,
      client_cert: pems.clientCert,
      client_key: pems.clientKey,
    });
  });

  it('takes the dial timeout as a parameter', () => {
    expect(chaincodeConnection(consortium, 'mall1', 'peer0', pems, '3s').dial_timeout).toBe('3s');
  });

  it('gives each peer a different chaincode service', () => {
    const addresses = consortium.merchantOrgs.map((org) =>
      chaincodeServiceAddress(consortium, org.name, 'peer0'),
    );
    expect(addresses).toEqual([
      '127.0.0.1:8160',
      '127.0.0.1:8260',
      '127.0.0.1:8360',
      '127.0.0.1:8460',
    ]);
  });
});

describe('chaincodeConnectionPemFiles', () => {
  it('trusts the org’s chaincode CA and presents the peer’s TLS pair', () => {
    const crypto = '/srv/pa/crypto/peerOrganizations';
    const peerTls = `${crypto}/parking2.pa.local/peers/peer0.parking2.pa.local/tls`;
    expect(chaincodeConnectionPemFiles(consortium, paths, 'parking2', 'peer0')).toEqual({
      rootCert: `${crypto}/chaincode.parking2.pa.local/tlsca/tlsca.chaincode.parking2.pa.local-cert.pem`,
      clientCert: `${peerTls}/server.crt`,
      clientKey: `${peerTls}/server.key`,
    });
  });
});

describe('ccaasPackageMetadata', () => {
  it('selects the ccaas builder', () => {
    expect(ccaasPackageMetadata('points_1.0')).toEqual({ type: 'ccaas', label: 'points_1.0' });
  });
});

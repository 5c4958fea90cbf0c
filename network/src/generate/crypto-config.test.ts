import { parse } from 'yaml';
import { loadConsortium } from '../consortium/load';
import type { Consortium } from '../consortium/schema';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { cryptoConfig, type CryptoConfig } from './crypto-config';
import { toYaml } from './yaml';

const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);

/** Round-trips through the YAML text cryptogen will read. */
function generated(source: Consortium = consortium, usersPerOrg?: number): CryptoConfig {
  return parse(toYaml(cryptoConfig(source, { usersPerOrg }))) as CryptoConfig;
}

describe('cryptoConfig', () => {
  it('defines the orderer org with one spec per orderer and node OUs', () => {
    const { OrdererOrgs } = generated();
    expect(OrdererOrgs).toEqual([
      {
        Name: 'OrdererOrg',
        Domain: 'orderer.pa.local',
        EnableNodeOUs: true,
        Specs: ['orderer0', 'orderer1', 'orderer2'].map((Hostname) => ({
          Hostname,
          SANS: ['127.0.0.1', 'localhost'],
        })),
      },
    ]);
  });

  it('defines each merchant org with its peer, node OUs, an Admin and one user', () => {
    const parking1 = generated().PeerOrgs.find((org) => org.Domain === 'parking1.pa.local');
    expect(parking1).toEqual({
      Name: 'parking1',
      Domain: 'parking1.pa.local',
      EnableNodeOUs: true,
      Specs: [{ Hostname: 'peer0', SANS: ['127.0.0.1', 'localhost'] }],
      Users: { Count: 1 },
    });
  });

  it('gives each merchant org a separate CA for its chaincode services', () => {
    const domains = generated().PeerOrgs.map((org) => org.Domain);
    expect(domains).toEqual([
      'parking1.pa.local',
      'chaincode.parking1.pa.local',
      'parking2.pa.local',
      'chaincode.parking2.pa.local',
      'mall1.pa.local',
      'chaincode.mall1.pa.local',
      'mall2.pa.local',
      'chaincode.mall2.pa.local',
    ]);
    const mall2Chaincode = generated().PeerOrgs.find(
      (org) => org.Domain === 'chaincode.mall2.pa.local',
    );
    expect(mall2Chaincode).toMatchObject({
      EnableNodeOUs: true,
      Specs: [{ Hostname: 'peer0' }],
      Users: { Count: 0 },
    });
  });

  it('adds a node placed on another host to its certificate SANs', () => {
    const [firstOrderer, ...otherOrderers] = consortium.ordererOrg.orderers;
    const [firstOrg, ...otherOrgs] = consortium.merchantOrgs;
    if (!firstOrderer || !firstOrg) throw new Error('the default consortium has orderers and orgs');
    const spread: Consortium = {
      ...consortium,
      ordererOrg: {
        ...consortium.ordererOrg,
        orderers: [{ ...firstOrderer, host: '10.0.0.5' }, ...otherOrderers],
      },
      merchantOrgs: [{ ...firstOrg, host: 'parking1.example.net' }, ...otherOrgs],
    };
    const config = generated(spread);
    expect(config.OrdererOrgs[0]?.Specs[0]?.SANS).toEqual(['10.0.0.5', '127.0.0.1', 'localhost']);
    const sans = config.PeerOrgs.filter((org) => org.Domain.endsWith('parking1.pa.local')).map(
      (org) => org.Specs[0]?.SANS,
    );
    expect(sans).toEqual([
      ['parking1.example.net', '127.0.0.1', 'localhost'],
      ['parking1.example.net', '127.0.0.1', 'localhost'],
    ]);
  });

  it('creates as many users per merchant org as asked', () => {
    const merchants = generated(consortium, 3).PeerOrgs.filter(
      (org) => !org.Domain.startsWith('chaincode.'),
    );
    expect(merchants.map((org) => org.Users?.Count)).toEqual([3, 3, 3, 3]);
  });

  // cryptogen ignores keys it does not know, so a misspelt one would silently drop settings.
  it('uses only the keys cryptogen reads', () => {
    const orgKeys = new Set([
      'Name',
      'Domain',
      'EnableNodeOUs',
      'CA',
      'Template',
      'Specs',
      'Users',
    ]);
    const nodeKeys = new Set(['Hostname', 'CommonName', 'SANS', 'PublicKeyAlgorithm']);
    const config = generated();
    expect(Object.keys(config).sort()).toEqual(['OrdererOrgs', 'PeerOrgs']);
    for (const org of [...config.OrdererOrgs, ...config.PeerOrgs]) {
      for (const key of Object.keys(org)) expect(orgKeys).toContain(key);
      for (const spec of org.Specs) {
        for (const key of Object.keys(spec)) expect(nodeKeys).toContain(key);
      }
    }
  });
});

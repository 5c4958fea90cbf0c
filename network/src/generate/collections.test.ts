import { parseDocument } from 'yaml';
import { loadConsortium, parseConsortium } from '../consortium/load';
import { DEFAULT_CONSORTIUM_FILE } from '../default-consortium';
import { readFileSync } from 'node:fs';
import { collectionsConfig, type CollectionConfig } from './collections';

const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);

/** Round-trips through the JSON text the peer CLI will read. */
function generated(source = consortium): CollectionConfig[] {
  return JSON.parse(JSON.stringify(collectionsConfig(source))) as CollectionConfig[];
}

describe('collectionsConfig', () => {
  const collections = generated();

  it('defines one collection per unordered pair of the four merchant orgs', () => {
    expect(collections.map((collection) => collection.name)).toEqual([
      'pair_Mall1MSP_Mall2MSP',
      'pair_Mall1MSP_Parking1MSP',
      'pair_Mall1MSP_Parking2MSP',
      'pair_Mall2MSP_Parking1MSP',
      'pair_Mall2MSP_Parking2MSP',
      'pair_Parking1MSP_Parking2MSP',
    ]);
  });

  it('limits each collection to its two members, both of whose peers must endorse', () => {
    const collection = collections.find((entry) => entry.name === 'pair_Mall2MSP_Parking1MSP');
    expect(collection).toEqual({
      name: 'pair_Mall2MSP_Parking1MSP',
      policy: "OR('Mall2MSP.member', 'Parking1MSP.member')",
      requiredPeerCount: 0,
      maxPeerCount: 1,
      blockToLive: 0,
      memberOnlyRead: true,
      memberOnlyWrite: true,
      endorsementPolicy: { signaturePolicy: "AND('Mall2MSP.peer', 'Parking1MSP.peer')" },
    });
  });

  it('gives every collection exactly the two orgs its name says', () => {
    for (const { name, policy, endorsementPolicy } of collections) {
      const [, first, second] = name.split('_');
      expect(policy).toBe(`OR('${first}.member', '${second}.member')`);
      expect(endorsementPolicy.signaturePolicy).toBe(`AND('${first}.peer', '${second}.peer')`);
    }
  });

  it('leaves implicit org collections to Fabric', () => {
    expect(collections.some((entry) => entry.name.startsWith('_implicit_org_'))).toBe(false);
  });

  it('grows with the alliance: n orgs make n(n-1)/2 pairs', () => {
    const document = parseDocument(readFileSync(DEFAULT_CONSORTIUM_FILE, 'utf8'));
    document.addIn(['merchantOrgs'], {
      name: 'mall3',
      kind: 'mall',
      mspId: 'Mall3MSP',
      domain: 'mall3.pa.local',
      peers: [
        {
          name: 'peer0',
          port: 8551,
          chaincodePort: 8552,
          operationsPort: 8553,
          chaincodeServicePort: 8560,
          gatewayPort: 8580,
        },
      ],
    });
    const bigger = parseConsortium(document.toString());
    const names = generated(bigger).map((collection) => collection.name);
    expect(names).toHaveLength(10);
    expect(names.filter((name) => name.includes('Mall3MSP'))).toHaveLength(4);
  });
});

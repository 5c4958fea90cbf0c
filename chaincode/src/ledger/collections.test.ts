import { implicitCollection, pairCollection } from './collections';

describe('collection names', () => {
  it('names a pair collection pair_ and both MSP ids sorted, whichever side asks', () => {
    expect(pairCollection('Parking1MSP', 'Mall1MSP')).toBe('pair_Mall1MSP_Parking1MSP');
    expect(pairCollection('Mall1MSP', 'Parking1MSP')).toBe('pair_Mall1MSP_Parking1MSP');
  });

  it('refuses a pair of one org with itself', () => {
    expect(() => pairCollection('Mall1MSP', 'Mall1MSP')).toThrow(/two different orgs/);
  });

  it("uses Fabric's implicit collection name for an org's own data", () => {
    expect(implicitCollection('Mall1MSP')).toBe('_implicit_org_Mall1MSP');
  });
});

import { describePolicy, majorityOf, requiredOrgsAndMajority } from './endorsement-policy';

const alliance = ['Parking1MSP', 'Parking2MSP', 'Mall1MSP', 'Mall2MSP'];

describe('key-level endorsement policies', () => {
  it('computes a strict majority', () => {
    expect([1, 2, 3, 4, 5].map(majorityOf)).toEqual([1, 2, 2, 3, 3]);
  });

  it('requires the named orgs AND a majority of the alliance', () => {
    const described = describePolicy(requiredOrgsAndMajority(['Parking1MSP'], alliance));
    expect(described.orgs).toEqual(['Mall1MSP', 'Mall2MSP', 'Parking1MSP', 'Parking2MSP']);
    expect(described.rule).toEqual({
      outOf: 2,
      of: ['Parking1MSP', { outOf: 3, of: ['Mall1MSP', 'Mall2MSP', 'Parking1MSP', 'Parking2MSP'] }],
    });
  });

  it('requires both parties of an agreement AND a majority', () => {
    const described = describePolicy(
      requiredOrgsAndMajority(['Parking1MSP', 'Mall1MSP'], alliance),
    );
    expect(described.rule).toEqual({
      outOf: 3,
      of: [
        'Mall1MSP',
        'Parking1MSP',
        { outOf: 3, of: ['Mall1MSP', 'Mall2MSP', 'Parking1MSP', 'Parking2MSP'] },
      ],
    });
  });

  it('refuses orgs outside the alliance', () => {
    expect(() => requiredOrgsAndMajority(['EvilMSP'], alliance)).toThrow(
      /not alliance members: EvilMSP/,
    );
  });
});

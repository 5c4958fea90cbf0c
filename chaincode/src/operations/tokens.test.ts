import { describePolicy } from '../ledger/endorsement-policy';
import {
  DEFAULT_CAP,
  MALL1,
  MALL2,
  ORGS,
  PARKING1,
  PARKING2,
  TestAlliance,
} from '../test-support/alliance';

describe('alliance and tokens', () => {
  it('records the alliance once, only by one of its orgs', async () => {
    const alliance = await TestAlliance.create({ tokens: false });
    expect(await alliance.evaluate(MALL1, 'alliance', 'getAlliance')).toEqual({
      orgs: [...ORGS].sort(),
      suspended: [],
    });
    await expect(
      alliance.submit(MALL1, 'alliance', 'initAlliance', { orgs: [MALL1] }),
    ).rejects.toThrow(/ALREADY_EXISTS/);
  });

  it('refuses tokens before the alliance is recorded, and from orgs outside it', async () => {
    const fresh = await TestAlliance.create({ init: false });
    const token = { symbol: 'MALL2', name: 'x', cap: 10 };
    await expect(fresh.submit(MALL2, 'tokens', 'registerToken', token)).rejects.toThrow(
      /INVALID_STATE.*not initialised/,
    );
    await fresh.submit(PARKING1, 'alliance', 'initAlliance', { orgs: [PARKING1, PARKING2, MALL1] });
    await expect(fresh.submit(MALL2, 'tokens', 'registerToken', token)).rejects.toThrow(
      /NOT_AUTHORIZED.*Mall2MSP is not a merchant/,
    );
  });

  it('registers one token per merchant, with public supply figures', async () => {
    const alliance = await TestAlliance.create();
    const tokens = await alliance.evaluate<{ symbol: string; issuer: string }[]>(
      MALL2,
      'tokens',
      'listTokens',
    );
    expect(tokens.map((t) => `${t.symbol}:${t.issuer}`).sort()).toEqual([
      'MALL1:Mall1MSP',
      'MALL2:Mall2MSP',
      'PARK1:Parking1MSP',
      'PARK2:Parking2MSP',
    ]);
    expect(await alliance.supply('PARK1')).toEqual({
      symbol: 'PARK1',
      name: 'Parking1MSP points',
      issuer: PARKING1,
      cap: DEFAULT_CAP,
      issued: 0,
      redeemed: 0,
      outstanding: 0,
      allowance: DEFAULT_CAP,
    });
    await expect(
      alliance.submit(PARKING1, 'tokens', 'registerToken', {
        symbol: 'PARKX',
        name: 'second',
        cap: 10,
      }),
    ).rejects.toThrow(/ALREADY_EXISTS.*already issues a token/);
    await expect(
      alliance.submit(PARKING1, 'tokens', 'registerToken', {
        symbol: 'bad symbol',
        name: 'x',
        cap: 10,
      }),
    ).rejects.toThrow(/VALIDATION/);
  });

  it('guards token and treasury keys with "issuer AND majority"', async () => {
    const alliance = await TestAlliance.create();
    const tokenKey = alliance.net
      .stateKeys()
      .find((key) => key.startsWith('\u0000Token\u0000PARK2\u0000'));
    expect(tokenKey).toBeDefined();
    const policy = describePolicy(alliance.net.validationParameter(tokenKey as string) as Buffer);
    expect(policy.rule).toEqual({ outOf: 2, of: [PARKING2, { outOf: 3, of: [...ORGS].sort() }] });
    const shards = alliance.net
      .stateKeys()
      .filter((key) => key.startsWith('\u0000Treasury\u0000PARK2\u0000'));
    expect(shards).toHaveLength(8);
    for (const shard of shards) expect(alliance.net.validationParameter(shard)).toBeDefined();
  });

  it('raises a cap only when a majority of the alliance has approved', async () => {
    const alliance = await TestAlliance.create();
    await alliance.submit(MALL1, 'tokens', 'proposeCapRaise', {
      proposalId: 'raise-1',
      newCap: 2_000_000,
    });
    await alliance.submit(PARKING1, 'tokens', 'approveCapRaise', {
      symbol: 'MALL1',
      proposalId: 'raise-1',
    });
    expect((await alliance.supply('MALL1')).cap).toBe(DEFAULT_CAP);
    await expect(
      alliance.submit(PARKING1, 'tokens', 'approveCapRaise', {
        symbol: 'MALL1',
        proposalId: 'raise-1',
      }),
    ).rejects.toThrow(/already approved/);
    const applied = await alliance.submit(MALL2, 'tokens', 'approveCapRaise', {
      symbol: 'MALL1',
      proposalId: 'raise-1',
    });
    expect(applied).toMatchObject({ status: 'applied', approvals: [MALL1, MALL2, PARKING1] });
    expect(await alliance.supply('MALL1')).toMatchObject({ cap: 2_000_000, allowance: 2_000_000 });
    await expect(
      alliance.submit(PARKING2, 'tokens', 'approveCapRaise', {
        symbol: 'MALL1',
        proposalId: 'raise-1',
      }),
    ).rejects.toThrow(/INVALID_STATE/);
  });

  it('lowers a cap, never below the outstanding points', async () => {
    const alliance = await TestAlliance.create({ cap: 1000, shardCount: 4 });
    const member = await alliance.registerMember(PARKING1);
    await alliance.earn(PARKING1, member.id, 200);
    await expect(alliance.submit(PARKING1, 'tokens', 'lowerCap', { newCap: 199 })).rejects.toThrow(
      /CAP_EXCEEDED/,
    );
    await alliance.submit(PARKING1, 'tokens', 'lowerCap', { newCap: 200 });
    expect(await alliance.supply('PARK1')).toMatchObject({
      cap: 200,
      outstanding: 200,
      allowance: 0,
    });
    await expect(alliance.earn(PARKING1, member.id, 1)).rejects.toThrow(/CAP_EXCEEDED/);
  });
});

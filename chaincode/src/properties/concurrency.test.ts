/**
 * Concurrency on the Fabric stand-in (DESIGN.md "Concurrency"): transactions endorsed against
 * one snapshot and committed in one block, validated in order with Fabric's MVCC and phantom
 * checks. Operations on different members must not conflict; where a conflict is by design, the
 * test says which and why.
 */
import type { Caller, ReadWriteSet, TxOutcome, ValidationCode } from '../test-support/fake-fabric';
import { defaultShard } from '../operations/supply';
import {
  MALL1,
  MALL2,
  PARKING1,
  TestAlliance,
  type Invocation,
  type TestMember,
} from '../test-support/alliance';

const SECONDS = 1000;

/** Endorses every invocation against the same committed state; nothing is committed yet. */
async function endorseAll(
  alliance: TestAlliance,
  invocations: readonly { org: string; invocation: Invocation }[],
) {
  const endorsements = [];
  for (const { org, invocation } of invocations) {
    const caller: Caller = { mspId: org };
    const endorsement = await alliance.net.endorse(caller, TestAlliance.run(invocation));
    if (!endorsement.endorsed) throw endorsement.error;
    endorsements.push(endorsement);
  }
  return endorsements;
}

function codes(outcomes: readonly TxOutcome<unknown>[]): ValidationCode[] {
  return outcomes.map((outcome) => outcome.validationCode);
}

function tally(outcomes: readonly TxOutcome<unknown>[]): Partial<Record<ValidationCode, number>> {
  const counts: Partial<Record<ValidationCode, number>> = {};
  for (const code of codes(outcomes)) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

/** Keys a transaction both read and wrote in the world state: what MVCC can conflict on. */
function readAndWritten(rwset: ReadWriteSet): string[] {
  return [...rwset.writes.keys()].filter((key) => rwset.reads.has(key));
}

async function registerMembers(alliance: TestAlliance, count: number, prefix: string) {
  const members: TestMember[] = [];
  for (let i = 0; i < count; i++) {
    members.push(await alliance.registerMember(PARKING1, `${prefix}${String(i).padStart(2, '0')}`));
  }
  return members;
}

function earnRequest(memberId: string, points: number, shard?: number) {
  return {
    memberId,
    orderRef: `order-${memberId}`,
    points,
    receiptHash: 'a'.repeat(64),
    ...(shard !== undefined && { shard }),
  };
}

function earn(memberId: string, points: number, shard?: number): Invocation {
  return { contract: 'points', fn: 'earn', args: [earnRequest(memberId, points, shard)] };
}

/** The supply invariants of one token, as the queries and the raw deltas report them. */
async function expectSupplyAddsUp(alliance: TestAlliance, symbol: string) {
  const supply = await alliance.supply(symbol);
  const prefix = `\u0000SupplyDelta\u0000${symbol}\u0000`;
  const unfolded = alliance.net
    .stateKeys()
    .filter((key) => key.startsWith(prefix))
    .reduce(
      (sum, key) =>
        sum + (JSON.parse(String(alliance.net.rawState(key))) as { amount: number }).amount,
      0,
    );
  const balancePrefix = '\u0000Balance\u0000';
  const sumOfBalances = alliance.net
    .stateKeys()
    .filter((key) => key.startsWith(balancePrefix) && key.endsWith(`\u0000${symbol}\u0000`))
    .reduce((sum, key) => {
      const balance = JSON.parse(String(alliance.net.rawState(key))) as {
        lots: { amount: number }[];
      };
      return sum + balance.lots.reduce((lots, lot) => lots + lot.amount, 0);
    }, 0);
  expect({
    sumOfBalances,
    issuedMinusRedeemed: supply.issued - supply.redeemed,
    allowancePlusOutstandingPlusUnfolded: supply.allowance + supply.outstanding + unfolded,
  }).toEqual({
    sumOfBalances: supply.outstanding,
    issuedMinusRedeemed: supply.outstanding,
    allowancePlusOutstandingPlusUnfolded: supply.cap,
  });
  return { ...supply, unfolded };
}

describe('concurrent transactions in one block', () => {
  it(
    '(a) 50 earns by one issuer to 50 members, each with its own leased treasury shard, are all VALID',
    async () => {
      const alliance = await TestAlliance.create({ shardCount: 64 });
      const members = await registerMembers(alliance, 50, 'a');
      const endorsements = await endorseAll(
        alliance,
        members.map((member, shard) => ({
          org: PARKING1,
          invocation: earn(member.id, 10 + shard, shard),
        })),
      );
      // No key is both read and written by two of them: each touches its own shard and balance.
      const touched = endorsements.flatMap((endorsement) => readAndWritten(endorsement.rwset));
      expect(new Set(touched).size).toBe(touched.length);

      const outcomes = alliance.net.commitBlock(endorsements);
      expect(tally(outcomes)).toEqual({ VALID: 50 });

      const expectedTotal = members.reduce((sum, _member, shard) => sum + 10 + shard, 0);
      const supply = await expectSupplyAddsUp(alliance, 'PARK1');
      expect(supply).toMatchObject({
        issued: expectedTotal,
        redeemed: 0,
        outstanding: expectedTotal,
        allowance: supply.cap - expectedTotal,
      });
      for (const [shard, member] of members.entries()) {
        expect((await alliance.balance(member.id, 'PARK1')).total).toBe(10 + shard);
      }
    },
    30 * SECONDS,
  );

  it('(b) without distinct shards, two earns drawing on the same shard conflict: one VALID, one MVCC_READ_CONFLICT', async () => {
    const alliance = await TestAlliance.create({ shardCount: 64 });
    const [first, second] = await registerMembers(alliance, 2, 'b');
    if (!first || !second) throw new Error('members not registered');
    const endorsements = await endorseAll(alliance, [
      { org: PARKING1, invocation: earn(first.id, 100, 0) },
      { org: PARKING1, invocation: earn(second.id, 200, 0) },
    ]);
    // Both read and write treasury shard 0: the hot key the gateway's shard lease avoids.
    const shard0 = '\u0000Treasury\u0000PARK1\u00000000\u0000';
    for (const endorsement of endorsements) {
      expect(readAndWritten(endorsement.rwset)).toContain(shard0);
    }
    expect(codes(alliance.net.commitBlock(endorsements))).toEqual(['VALID', 'MVCC_READ_CONFLICT']);

    // The loser changed nothing; the gateway resubmits it (same orderRef, so never twice).
    expect((await alliance.balance(first.id, 'PARK1')).total).toBe(100);
    expect((await alliance.balance(second.id, 'PARK1')).total).toBe(0);
    expect(await expectSupplyAddsUp(alliance, 'PARK1')).toMatchObject({ issued: 100 });
    await alliance.submit(PARKING1, 'points', 'earn', earnRequest(second.id, 200, 0));
    expect(await expectSupplyAddsUp(alliance, 'PARK1')).toMatchObject({ issued: 300 });
  });

  it('(b) without a leased shard, earns fall back to a shard hashed from the member id: every collision is a conflict', async () => {
    const alliance = await TestAlliance.create({ shardCount: 64 });
    const members = await registerMembers(alliance, 50, 'h');
    const endorsements = await endorseAll(
      alliance,
      members.map((member) => ({ org: PARKING1, invocation: earn(member.id, 10) })),
    );
    const outcomes = alliance.net.commitBlock(endorsements);
    // The first earn on each shard in block order wins; every later one on that shard conflicts.
    const seen = new Set<number>();
    const expected = members.map((member): ValidationCode => {
      const shard = defaultShard(member.id, 64);
      if (seen.has(shard)) return 'MVCC_READ_CONFLICT';
      seen.add(shard);
      return 'VALID';
    });
    expect(codes(outcomes)).toEqual(expected);
    expect(seen.size).toBeLessThan(50); // 50 members on 64 shards: collisions are all but certain
    expect(await expectSupplyAddsUp(alliance, 'PARK1')).toMatchObject({ issued: 10 * seen.size });
  });

  it('(c) transfers between disjoint pairs of members are all VALID', async () => {
    const alliance = await TestAlliance.create({ shardCount: 16 });
    const members = await registerMembers(alliance, 20, 'c');
    const senders = members.slice(0, 10);
    const recipients = members.slice(10);
    for (const [i, sender] of senders.entries()) {
      await alliance.submit(PARKING1, 'points', 'earn', earnRequest(sender.id, 100, i));
    }
    const now = alliance.now;
    const endorsements = await endorseAll(
      alliance,
      senders.map((sender, i) => ({
        org: sender.homeOrg,
        invocation: {
          contract: 'points',
          fn: 'transfer',
          args: [
            sender.sign(
              'transfer',
              { symbol: 'PARK1', to: recipients[i]?.id, points: 10 + i },
              now,
            ),
          ],
        },
      })),
    );
    expect(tally(alliance.net.commitBlock(endorsements))).toEqual({ VALID: 10 });
    for (const [i, sender] of senders.entries()) {
      expect((await alliance.balance(sender.id, 'PARK1')).total).toBe(100 - (10 + i));
      expect((await alliance.balance(recipients[i]?.id ?? '', 'PARK1')).total).toBe(10 + i);
    }
    expect(await expectSupplyAddsUp(alliance, 'PARK1')).toMatchObject({ outstanding: 1000 });
  });

  it('(d) redemptions by different members are all VALID: they write fresh delta keys, never a shard', async () => {
    const alliance = await TestAlliance.create({ shardCount: 16 });
    const members = await registerMembers(alliance, 10, 'd');
    for (const [i, member] of members.entries()) {
      await alliance.submit(PARKING1, 'points', 'earn', earnRequest(member.id, 100, i));
    }
    const before = await expectSupplyAddsUp(alliance, 'PARK1');
    const now = alliance.now;
    const endorsements = await endorseAll(
      alliance,
      members.map((member, i) => ({
        org: PARKING1,
        invocation: {
          contract: 'points',
          fn: 'redeem',
          args: [member.sign('redeem', { symbol: 'PARK1', points: 5 + i }, now)],
        },
      })),
    );
    for (const endorsement of endorsements) {
      const writes = [...endorsement.rwset.writes.keys()];
      expect(writes.some((key) => key.startsWith('\u0000Treasury\u0000'))).toBe(false);
      const deltas = writes.filter((key) => key.startsWith('\u0000SupplyDelta\u0000'));
      expect(deltas).toEqual([
        `\u0000SupplyDelta\u0000PARK1\u0000${endorsement.txId}\u0000redeem\u0000`,
      ]);
      expect(deltas.some((key) => endorsement.rwset.reads.has(key))).toBe(false);
    }
    expect(tally(alliance.net.commitBlock(endorsements))).toEqual({ VALID: 10 });
    const redeemed = members.reduce((sum, _member, i) => sum + 5 + i, 0);
    const after = await expectSupplyAddsUp(alliance, 'PARK1');
    expect(after).toMatchObject({
      redeemed: before.redeemed + redeemed,
      outstanding: before.outstanding - redeemed,
      // Returned points are not mintable again until a consolidation folds them in.
      allowance: before.allowance,
      unfolded: redeemed,
    });
  });

  describe('(e) a consolidation endorsed concurrently with redemptions', () => {
    async function setup() {
      const alliance = await TestAlliance.create({ shardCount: 16 });
      const members = await registerMembers(alliance, 4, 'e');
      for (const [i, member] of members.entries()) {
        await alliance.submit(PARKING1, 'points', 'earn', earnRequest(member.id, 100, i));
      }
      // One delta already waiting to be folded.
      const [first] = members;
      if (!first) throw new Error('no member');
      await alliance.submit(
        PARKING1,
        'points',
        'redeem',
        first.sign('redeem', { symbol: 'PARK1', points: 7 }, alliance.now),
      );
      const now = alliance.now;
      const redemptions = members.map((member) => ({
        org: PARKING1,
        invocation: {
          contract: 'points' as const,
          fn: 'redeem',
          args: [member.sign('redeem', { symbol: 'PARK1', points: 10 }, now)],
        },
      }));
      const consolidation = {
        org: PARKING1,
        invocation: { contract: 'tokens' as const, fn: 'consolidateSupply', args: [{ shard: 0 }] },
      };
      return { alliance, redemptions, consolidation };
    }

    it('ordered after them, the consolidation fails with PHANTOM_READ_CONFLICT (its range read of the deltas gained keys); the redemptions are VALID', async () => {
      const { alliance, redemptions, consolidation } = await setup();
      const endorsements = await endorseAll(alliance, [...redemptions, consolidation]);
      expect(codes(alliance.net.commitBlock(endorsements))).toEqual([
        'VALID',
        'VALID',
        'VALID',
        'VALID',
        'PHANTOM_READ_CONFLICT',
      ]);
      // Nothing was folded: the earlier delta and the four new ones all wait for the next run.
      expect(await expectSupplyAddsUp(alliance, 'PARK1')).toMatchObject({
        redeemed: 47,
        unfolded: 47,
        allowance: 1_000_000 - 400,
      });
      // Consolidation is periodic housekeeping off the hot path: it simply runs again later.
      await alliance.submit(PARKING1, 'tokens', 'consolidateSupply', { shard: 0 });
      expect(await expectSupplyAddsUp(alliance, 'PARK1')).toMatchObject({
        redeemed: 47,
        unfolded: 0,
        allowance: 1_000_000 - 400 + 47,
      });
    });

    it('ordered before them, everything is VALID: it folds only the deltas it read, the new ones stay unfolded', async () => {
      const { alliance, redemptions, consolidation } = await setup();
      const endorsements = await endorseAll(alliance, [consolidation, ...redemptions]);
      expect(tally(alliance.net.commitBlock(endorsements))).toEqual({ VALID: 5 });
      expect(await expectSupplyAddsUp(alliance, 'PARK1')).toMatchObject({
        redeemed: 47,
        unfolded: 40,
        allowance: 1_000_000 - 400 + 7,
      });
    });
  });

  it('(f) exchanges by different members under one agreement, each with its own leased shard of the target token, are all VALID', async () => {
    const alliance = await TestAlliance.create({ shardCount: 16 });
    const terms = {
      pricePerThousandPointsMinor: 500,
      currency: 'EUR',
      salt: 'salt-0123456789abcdef',
    };
    const { termsHash } = await alliance.submit<{ termsHash: string }>(
      PARKING1,
      'agreements',
      'storeTerms',
      { agreementId: 'ag-1', counterparty: MALL1 },
      { transient: { terms } },
    );
    const now = alliance.now;
    await alliance.submit(PARKING1, 'agreements', 'propose', {
      agreementId: 'ag-1',
      toOrg: MALL1,
      rateNumerator: 3,
      rateDenominator: 2,
      minimum: 10,
      step: 2,
      fee: 1,
      memberDailyCap: 1000,
      validFrom: now.toISOString(),
      validUntil: new Date(now.getTime() + 86_400_000).toISOString(),
      termsHash,
    });
    await alliance.submit(MALL1, 'agreements', 'accept', { agreementId: 'ag-1', termsHash });
    const members = await registerMembers(alliance, 10, 'f');
    for (const [i, member] of members.entries()) {
      await alliance.submit(PARKING1, 'points', 'earn', earnRequest(member.id, 100, i));
    }
    const endorsements = await endorseAll(
      alliance,
      members.map((member, i) => ({
        org: PARKING1,
        invocation: {
          contract: 'agreements',
          fn: 'exchange',
          args: [
            member.sign('exchange', { agreementId: 'ag-1', amount: 20 }, alliance.now),
            { shard: i },
          ],
        },
      })),
    );
    expect(tally(alliance.net.commitBlock(endorsements))).toEqual({ VALID: 10 });
    expect(await expectSupplyAddsUp(alliance, 'PARK1')).toMatchObject({ outstanding: 1000 - 210 });
    expect(await expectSupplyAddsUp(alliance, 'MALL1')).toMatchObject({ issued: 300 });
    const obligations = await alliance.evaluate<unknown[]>(
      MALL2,
      'settlements',
      'listObligations',
      {},
    );
    expect(obligations).toEqual([]); // Mall2 is party to none of them
    expect(
      await alliance.evaluate<unknown[]>(MALL1, 'settlements', 'listObligations', {}),
    ).toHaveLength(10);
  });
});

/**
 * The workloads over the cast: earn to distinct members, transfer between disjoint
 * pairs, exchange at an agreed rate, redeem, audit queries. Each transaction workload draws its
 * members from its own pool, so no two orders in flight share a member.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { TestMember } from '@points-alliance/chaincode/dist/test-support/alliance';
import { earnBody } from '@points-alliance/gateway-api/test-support/test-gateway';
import type { Cast } from '../setup/alliance';
import { Pool } from '../setup/pool';
import type { WorkOrder, WorkloadName } from './work-order';

/** A pair of members who pass a point back and forth, alternating who sends. */
interface Pair {
  members: [TestMember, TestMember];
  turn: number;
}

function pairsOf(members: readonly TestMember[]): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i + 1 < members.length; i += 2) {
    pairs.push({ members: [members[i] as TestMember, members[i + 1] as TestMember], turn: 0 });
  }
  return pairs;
}

/** An earn order: the gateway's body, and the ledger call with a hash standing for the receipt. */
export function earnOrder(
  org: string,
  symbol: string,
  member: TestMember,
  done: () => void,
): WorkOrder {
  const orderRef = `o-${randomUUID()}`;
  const points = 5;
  return {
    workload: 'earn',
    org,
    rest: {
      method: 'POST',
      path: '/earns',
      json: earnBody(member.id, orderRef, points),
      role: 'operator',
    },
    direct: {
      mints: symbol,
      call: (shard) => ({
        contract: 'points',
        fn: 'earn',
        args: [
          {
            memberId: member.id,
            orderRef,
            points,
            receiptHash: createHash('sha256').update(orderRef).digest('hex'),
            ...(shard !== undefined && { shard }),
          },
        ],
      }),
    },
    done,
  };
}

/**
 * An order a member signed: the gateway route takes the signed request as its body, the
 * chaincode function as its one argument.
 */
function signedOrder(
  workload: WorkloadName,
  org: string,
  path: string,
  fn: string,
  signed: unknown,
  done: () => void,
): WorkOrder {
  return {
    workload,
    org,
    rest: { method: 'POST', path, json: signed },
    direct: { call: () => ({ contract: 'points', fn, args: [signed] }) },
    done,
  };
}

export class Workloads {
  private readonly earners = new Map<string, Pool<TestMember>>();
  private readonly pairs = new Map<string, Pool<Pair>>();
  private readonly exchangers = new Map<string, Pool<TestMember>>();
  private readonly redeemers = new Map<string, Pool<TestMember>>();

  constructor(private readonly cast: Cast) {
    for (const org of cast.orgs) {
      const members = cast.members[org];
      this.earners.set(org, new Pool(members?.earn ?? []));
      this.pairs.set(org, new Pool(pairsOf(members?.transfer ?? [])));
      this.exchangers.set(org, new Pool(members?.exchange ?? []));
      this.redeemers.set(org, new Pool(members?.redeem ?? []));
    }
  }

  /** The next order of a workload at an org, or undefined when all its members are busy. */
  next(workload: WorkloadName, org: string): WorkOrder | undefined {
    switch (workload) {
      case 'earn':
        return this.earn(org);
      case 'transfer':
        return this.transfer(org);
      case 'exchange':
        return this.exchange(org);
      case 'redeem':
        return this.redeem(org);
      case 'audit':
        return this.audit(org);
    }
  }

  private symbol(org: string): string {
    return this.cast.symbolOf[org] ?? '';
  }

  private earn(org: string): WorkOrder | undefined {
    const pool = this.earners.get(org);
    const member = pool?.take();
    if (!pool || !member) return undefined;
    return earnOrder(org, this.symbol(org), member, () => pool.give(member));
  }

  private transfer(org: string): WorkOrder | undefined {
    const pool = this.pairs.get(org);
    const pair = pool?.take();
    if (!pool || !pair) return undefined;
    const [from, to] = pair.turn++ % 2 === 0 ? pair.members : [pair.members[1], pair.members[0]];
    const signed = from.sign(
      'transfer',
      { symbol: this.symbol(org), to: to.id, points: 1 },
      new Date(),
    );
    return signedOrder('transfer', org, '/transfers', 'transfer', signed, () => pool.give(pair));
  }

  private exchange(org: string): WorkOrder | undefined {
    const pool = this.exchangers.get(org);
    const agreement = this.cast.agreementOf[org];
    const member = pool?.take();
    if (!pool || !member) return undefined;
    if (!agreement) throw new Error(`no agreement for ${org}'s exchanges`);
    const signed = member.sign('exchange', { agreementId: agreement.id, amount: 10 }, new Date());
    return {
      workload: 'exchange',
      org,
      rest: { method: 'POST', path: '/exchanges', json: signed },
      direct: {
        mints: agreement.toSymbol,
        call: (shard) => ({
          contract: 'agreements',
          fn: 'exchange',
          args: [signed, shard === undefined ? {} : { shard }],
        }),
      },
      done: () => pool.give(member),
    };
  }

  private redeem(org: string): WorkOrder | undefined {
    const pool = this.redeemers.get(org);
    const member = pool?.take();
    if (!pool || !member) return undefined;
    const signed = member.sign('redeem', { symbol: this.symbol(org), points: 1 }, new Date());
    return signedOrder('redeem', org, '/redemptions', 'redeem', signed, () => pool.give(member));
  }

  private audit(org: string): WorkOrder {
    return {
      workload: 'audit',
      org,
      rest: { method: 'GET', path: `/audit?limit=20&token=${this.symbol(org)}`, role: 'auditor' },
      done: () => undefined,
    };
  }
}

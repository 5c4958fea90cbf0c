/**
 * A four-merchant alliance on the Fabric stand-in, with the real contracts deployed: the common
 * starting point of the chaincode's operation and property tests.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import { AgreementContract } from '../contracts/agreement-contract';
import { AllianceContract } from '../contracts/alliance-contract';
import { CouponContract } from '../contracts/coupon-contract';
import { MemberContract } from '../contracts/member-contract';
import { PointsContract } from '../contracts/points-contract';
import { SettlementContract } from '../contracts/settlement-contract';
import { TokenContract } from '../contracts/token-contract';
import { parseLedgerError, type ErrorCode } from '../domain/errors';
import type { ExchangeQuote } from '../domain/exchange';
import type { Agreement, Obligation, RateCard } from '../domain/model';
import { implicitCollection, pairCollection } from '../ledger/state';
import {
  encodeMemberPublicKey,
  signMemberRequest,
  type MemberOperation,
  type SignedMemberRequest,
} from '../member-request';
import { FakeFabric, type Caller } from './fake-fabric';

export const PARKING1 = 'Parking1MSP';
export const PARKING2 = 'Parking2MSP';
export const MALL1 = 'Mall1MSP';
export const MALL2 = 'Mall2MSP';
export const ORGS = [PARKING1, PARKING2, MALL1, MALL2] as const;
export const SYMBOL: Record<string, string> = {
  [PARKING1]: 'PARK1',
  [PARKING2]: 'PARK2',
  [MALL1]: 'MALL1',
  [MALL2]: 'MALL2',
};
export const DEFAULT_CAP = 1_000_000;

/** The rate card agreements get unless a test says otherwise: 3 B-points per 2 A-points. */
export const RATE_CARD: RateCard = {
  rateNumerator: 3,
  rateDenominator: 2,
  minimum: 100,
  step: 10,
  fee: 5,
  memberDailyCap: 600,
  validFrom: '2026-03-01T00:00:00.000Z',
  validUntil: '2026-06-01T00:00:00.000Z',
};

/** Commercial terms of an agreement, as its proposer stores them privately. */
export function agreementTerms(agreementId: string): Record<string, unknown> {
  return {
    pricePerThousandPointsMinor: 4250,
    currency: 'EUR',
    salt: `terms-${agreementId}-0123456789abcdef`,
  };
}

/** How a transaction that should have been refused went: its error code, what it changed. */
export interface Refusal {
  code: ErrorCode | undefined;
  message: string;
  /** Public keys, and `collection/key` private ones, whose value differs afterwards. */
  changed: string[];
}

const contracts = {
  alliance: new AllianceContract(),
  tokens: new TokenContract(),
  members: new MemberContract(),
  points: new PointsContract(),
  agreements: new AgreementContract(),
  settlements: new SettlementContract(),
  coupons: new CouponContract(),
};
export type ContractName = keyof typeof contracts;
type Invocable = Record<string, (ctx: Context, ...args: string[]) => Promise<string>>;

/**
 * Contracts deployed in place of the shipped ones, by name: a variant of a contract (a subclass)
 * for a benchmark that compares designs on the stand-in. Production code never sees these.
 */
export type ContractOverrides = { readonly [Name in ContractName]?: (typeof contracts)[Name] };

/** The function a transaction runs: the contract's method with JSON-encoded arguments. */
function invocationOn(deployed: typeof contracts, { contract, fn, args = [] }: Invocation) {
  const target = deployed[contract] as unknown as Invocable;
  const method = target[fn];
  if (!method) throw new Error(`${contract} has no function ${fn}`);
  return async (ctx: Context): Promise<unknown> =>
    JSON.parse(
      await method.call(target, ctx, ...args.map((arg) => JSON.stringify(arg))),
    ) as unknown;
}

export interface CallOptions extends Omit<Caller, 'mspId' | 'transient'> {
  transient?: Record<string, unknown>;
}

/** A transaction to run: which contract function, with which JSON arguments. */
export interface Invocation {
  contract: ContractName;
  fn: string;
  args?: unknown[];
}

export class TestMember {
  constructor(
    readonly id: string,
    readonly homeOrg: string,
    public privateKey: KeyObject,
    readonly publicKey: string,
  ) {}

  private counter = 0;

  /** Signs a request with a fresh nonce, valid for an hour from `now`. */
  sign<P>(
    op: MemberOperation,
    params: P,
    now: Date,
    overrides: Partial<SignedMemberRequest<P>> = {},
  ) {
    const request = {
      op,
      memberId: this.id,
      params,
      nonce: `${this.id}-n${++this.counter}`,
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      ...overrides,
    };
    return {
      ...signMemberRequest(request, this.privateKey),
      ...('signature' in overrides ? overrides : {}),
    };
  }
}

export class TestAlliance {
  readonly net: FakeFabric;
  /** Every private data collection: each org's implicit one, then each pair's. */
  readonly collections: string[];

  /** The contracts this alliance runs: the shipped ones, with any override in their place. */
  private readonly deployed: typeof contracts;

  private constructor(spareOrgs: readonly string[], overrides: ContractOverrides = {}) {
    this.deployed = { ...contracts, ...overrides };
    // Spare orgs are on the channel (they have peers) but not yet in the alliance: a merchant
    // about to be admitted.
    const orgs = [...ORGS, ...spareOrgs];
    const collections = [];
    for (const [i, a] of orgs.entries()) {
      for (const b of orgs.slice(i + 1)) {
        collections.push({
          name: pairCollection(a, b),
          members: [a, b],
          memberOnlyRead: true,
          memberOnlyWrite: true,
        });
      }
    }
    this.net = new FakeFabric({ orgs, collections, time: new Date('2026-03-02T10:00:00Z') });
    this.collections = [...orgs.map(implicitCollection), ...collections.map((c) => c.name)];
  }

  /** An alliance with its membership recorded and, unless told otherwise, every merchant's token. */
  static async create(
    options: {
      init?: boolean;
      tokens?: boolean;
      cap?: number;
      shardCount?: number;
      spareOrgs?: readonly string[];
      contracts?: ContractOverrides;
    } = {},
  ): Promise<TestAlliance> {
    const alliance = new TestAlliance(options.spareOrgs ?? [], options.contracts);
    if (options.init === false) return alliance;
    await alliance.submit(PARKING1, 'alliance', 'initAlliance', { orgs: [...ORGS] });
    if (options.tokens !== false) {
      for (const org of ORGS) {
        await alliance.submit(org, 'tokens', 'registerToken', {
          symbol: SYMBOL[org],
          name: `${org} points`,
          cap: options.cap ?? DEFAULT_CAP,
          shardCount: options.shardCount ?? 8,
        });
      }
    }
    return alliance;
  }

  get now(): Date {
    return this.net.now();
  }

  private caller(org: string, options: CallOptions): Caller {
    const { transient, ...rest } = options;
    if (!transient) return { ...rest, mspId: org };
    const encoded = Object.entries(transient).map(([name, value]) => [
      name,
      Buffer.from(JSON.stringify(value)),
    ]);
    return {
      ...rest,
      mspId: org,
      transient: Object.fromEntries(encoded) as Record<string, Uint8Array>,
    };
  }

  /** The function a transaction runs on the shipped contracts. */
  static run(invocation: Invocation) {
    return invocationOn(contracts, invocation);
  }

  /** The function a transaction runs on this alliance's contracts (overrides included). */
  invocation(invocation: Invocation) {
    return invocationOn(this.deployed, invocation);
  }

  /** Endorses and commits one transaction; resolves with its result or rejects with its error. */
  async submit<T = Record<string, unknown>>(
    org: string,
    contract: ContractName,
    fn: string,
    request?: unknown,
    options: CallOptions = {},
    ...more: unknown[]
  ): Promise<T> {
    const args = request === undefined ? [] : [request, ...more];
    return (await this.net.submit(
      this.caller(org, options),
      this.invocation({ contract, fn, args }),
    )) as T;
  }

  async evaluate<T = Record<string, unknown>>(
    org: string,
    contract: ContractName,
    fn: string,
    request?: unknown,
    options: CallOptions = {},
  ): Promise<T> {
    const args = request === undefined ? [] : [request];
    return (await this.net.evaluate(
      this.caller(org, options),
      this.invocation({ contract, fn, args }),
    )) as T;
  }

  /** Registers a member at its home org: the private half, then the public half. */
  async registerMember(
    homeOrg: string,
    id: string = `m-${randomUUID().slice(0, 8)}`,
  ): Promise<TestMember> {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicKey = encodeMemberPublicKey(keys.publicKey);
    const personal = { name: `Member ${id}`, plates: ['AB-123-CD'], salt: `salt-${id}-0123456789` };
    const stored = await this.submit<{ personalDataHash: string }>(
      homeOrg,
      'members',
      'storePersonalData',
      { memberId: id },
      { transient: { personal } },
    );
    await this.submit(homeOrg, 'members', 'registerMember', {
      memberId: id,
      publicKey,
      personalDataHash: stored.personalDataHash,
    });
    return new TestMember(id, homeOrg, keys.privateKey, publicKey);
  }

  /** The issuer credits points (receipt hash made up: receipts are tested on their own). */
  async earn(
    issuer: string,
    memberId: string,
    points: number,
    extra: Record<string, unknown> = {},
  ) {
    return this.submit(issuer, 'points', 'earn', {
      memberId,
      orderRef: `o-${randomUUID().slice(0, 12)}`,
      points,
      receiptHash: 'a'.repeat(64),
      ...extra,
    });
  }

  async balance(memberId: string, symbol: string) {
    return this.evaluate<{
      available: number;
      pending: number;
      expired: number;
      locked: number;
      total: number;
    }>(PARKING1, 'points', 'getBalance', { memberId, symbol });
  }

  async supply(symbol: string) {
    return this.evaluate<{
      cap: number;
      issued: number;
      redeemed: number;
      outstanding: number;
      allowance: number;
    }>(PARKING1, 'tokens', 'getSupply', { symbol });
  }

  /** Both halves of a proposal: the terms into the pair's collection, then the public card. */
  async proposeAgreement(
    from: string,
    to: string,
    agreementId: string,
    card: Partial<RateCard> = {},
    terms: Record<string, unknown> = agreementTerms(agreementId),
  ): Promise<Agreement> {
    const { termsHash } = await this.submit<{ termsHash: string }>(
      from,
      'agreements',
      'storeTerms',
      { agreementId, counterparty: to },
      { transient: { terms } },
    );
    return this.submit<Agreement>(from, 'agreements', 'propose', {
      agreementId,
      toOrg: to,
      ...RATE_CARD,
      ...card,
      termsHash,
    });
  }

  /** An agreement proposed by `from` and accepted by `to`. */
  async makeAgreement(
    from: string,
    to: string,
    agreementId: string,
    card: Partial<RateCard> = {},
  ): Promise<Agreement> {
    const { termsHash } = await this.proposeAgreement(from, to, agreementId, card);
    return this.submit<Agreement>(to, 'agreements', 'accept', { agreementId, termsHash });
  }

  /** A member signs an exchange now; its home org submits it, with the leased shard if any. */
  async exchange(
    member: TestMember,
    agreementId: string,
    amount: number,
    options: { shard?: number } = {},
  ): Promise<{ obligation: Obligation; quote: ExchangeQuote }> {
    const request = member.sign('exchange', { agreementId, amount }, this.now);
    return this.submit(member.homeOrg, 'agreements', 'exchange', request, {}, options);
  }

  /** Every public key with its value and key-level policy. */
  publicState(): Record<string, string> {
    const state: Record<string, string> = {};
    for (const key of this.net.stateKeys()) {
      const policy = this.net.validationParameter(key)?.toString('hex') ?? '';
      state[key] = `${this.net.rawState(key)?.toString('utf8') ?? ''}${policy && ` @${policy}`}`;
    }
    return state;
  }

  /** Every private value, keyed `collection/key`. */
  privateState(): Record<string, string> {
    const state: Record<string, string> = {};
    for (const collection of this.collections) {
      for (const key of this.net.privateKeys(collection)) {
        state[`${collection}/${key}`] = this.net.rawPrivateState(collection, key)?.toString() ?? '';
      }
    }
    return state;
  }

  /** Runs a transaction expected to fail; reports its error code and what it changed. */
  async refusal(attempt: () => Promise<unknown>): Promise<Refusal> {
    const before = { ...this.publicState(), ...this.privateState() };
    let error: unknown;
    try {
      await attempt();
    } catch (caught) {
      error = caught;
    }
    if (error === undefined) throw new Error('the transaction was not refused');
    const after = { ...this.publicState(), ...this.privateState() };
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const message = error instanceof Error ? error.message : String(error);
    return {
      code: parseLedgerError(message)?.code,
      message,
      changed: [...keys].filter((key) => before[key] !== after[key]).sort(),
    };
  }
}

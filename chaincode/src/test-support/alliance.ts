/**
 * A four-merchant alliance on the Fabric stand-in, with the real contracts deployed: the common
 * starting point of the chaincode's operation and property tests.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import {
  AgreementContract,
  AllianceContract,
  MemberContract,
  PointsContract,
  SettlementContract,
  TokenContract,
} from '../index';
import { pairCollection } from '../ledger/state';
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

const contracts = {
  alliance: new AllianceContract(),
  tokens: new TokenContract(),
  members: new MemberContract(),
  points: new PointsContract(),
  agreements: new AgreementContract(),
  settlements: new SettlementContract(),
};
export type ContractName = keyof typeof contracts;
type Invocable = Record<string, (ctx: Context, ...args: string[]) => Promise<string>>;

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

  private constructor() {
    const collections = [];
    for (const [i, a] of ORGS.entries()) {
      for (const b of ORGS.slice(i + 1)) {
        collections.push({
          name: pairCollection(a, b),
          members: [a, b],
          memberOnlyRead: true,
          memberOnlyWrite: true,
        });
      }
    }
    this.net = new FakeFabric({ orgs: ORGS, collections, time: new Date('2026-03-02T10:00:00Z') });
  }

  /** An alliance with its membership recorded and, unless told otherwise, every merchant's token. */
  static async create(
    options: { init?: boolean; tokens?: boolean; cap?: number; shardCount?: number } = {},
  ): Promise<TestAlliance> {
    const alliance = new TestAlliance();
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

  /** The function a transaction runs: the contract's method with JSON-encoded arguments. */
  static run({ contract, fn, args = [] }: Invocation) {
    const target = contracts[contract] as unknown as Invocable;
    const method = target[fn];
    if (!method) throw new Error(`${contract} has no function ${fn}`);
    return async (ctx: Context): Promise<unknown> =>
      JSON.parse(
        await method.call(target, ctx, ...args.map((arg) => JSON.stringify(arg))),
      ) as unknown;
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
      TestAlliance.run({ contract, fn, args }),
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
      TestAlliance.run({ contract, fn, args }),
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
    return this.evaluate<{ available: number; pending: number; expired: number; total: number }>(
      PARKING1,
      'points',
      'getBalance',
      { memberId, symbol },
    );
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
}

/**
 * The one place that talks to Fabric's stub. Everything else works with typed records and
 * plain values; this layer owns key layout, serialization, private data, key-level policies,
 * events and the transaction's identity and time.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import canonicalize from 'canonicalize';
import type * as model from '../domain/model';
import { LedgerError } from '../domain/errors';

export { implicitCollection, pairCollection } from './collections';

/** Record kinds and the composite-key attributes that identify one record of each kind. */
interface Records {
  Alliance: { key: []; value: model.Alliance };
  MembershipProposal: { key: [proposalId: string]; value: model.MembershipProposal };
  Token: { key: [symbol: string]; value: model.Token };
  TokenIssuer: { key: [org: string]; value: { symbol: string } };
  Treasury: { key: [symbol: string, shard: string]; value: model.TreasuryShard };
  SupplyDelta: { key: [symbol: string, txId: string, reason: string]; value: model.SupplyDelta };
  CapProposal: { key: [symbol: string, proposalId: string]; value: model.CapProposal };
  Member: { key: [memberId: string]; value: model.Member };
  Nonce: { key: [memberId: string, nonce: string]; value: { txId: string } };
  Balance: { key: [memberId: string, symbol: string]; value: model.Balance };
  Earn: { key: [symbol: string, orderRef: string]; value: model.EarnRecord };
  Reversal: { key: [symbol: string, refundRef: string]; value: model.ReversalRecord };
  Legacy: { key: [symbol: string, appRef: string]; value: model.LegacyRecord };
  Agreement: { key: [agreementId: string]; value: model.Agreement };
  ExchangeDay: {
    key: [agreementId: string, memberId: string, day: string];
    value: model.ExchangeDay;
  };
  Obligation: { key: [debtor: string, creditor: string, id: string]; value: model.Obligation };
  Settlement: { key: [settlementId: string]; value: model.Settlement };
  Request: { key: [org: string, requestId: string]; value: model.RequestRecord };
  CouponClass: { key: [classId: string]; value: model.CouponClass };
  Coupon: { key: [classId: string, serial: string]; value: model.Coupon };
  /** Which coupons a member holds: an index kept beside each coupon's owner. */
  Holding: {
    key: [memberId: string, classId: string, serial: string];
    value: { couponId: string };
  };
  Offer: { key: [offerId: string]; value: model.Offer };
  Auction: { key: [auctionId: string]; value: model.Auction };
}
export type RecordKind = keyof Records;
export type KeyOf<K extends RecordKind> = Records[K]['key'];
export type ValueOf<K extends RecordKind> = Records[K]['value'];

/** Every prefix of a record's key, for partial composite-key queries. */
type Prefixes<T extends readonly string[]> = T extends readonly [
  ...infer Head extends string[],
  string,
]
  ? T | Prefixes<Head>
  : T;

export interface HistoryEntry<T> {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  value?: T;
}

export function encodeRecord(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('record cannot be encoded');
  return Buffer.from(text, 'utf8');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class Ledger {
  constructor(private readonly ctx: Context) {}

  get txId(): string {
    return this.ctx.stub.getTxID();
  }

  /** The transaction's timestamp: the only clock a deterministic contract may read. */
  get now(): Date {
    return this.ctx.stub.getDateTimestamp();
  }

  get callerOrg(): string {
    return this.ctx.clientIdentity.getMSPID();
  }

  callerAttribute(name: string): string | undefined {
    return this.ctx.clientIdentity.getAttributeValue(name) ?? undefined;
  }

  private key<K extends RecordKind>(kind: K, parts: readonly string[]): string {
    return this.ctx.stub.createCompositeKey(kind, [...parts]);
  }

  async get<K extends RecordKind>(kind: K, ...parts: KeyOf<K>): Promise<ValueOf<K> | undefined> {
    const bytes = await this.ctx.stub.getState(this.key(kind, parts));
    if (!bytes || bytes.length === 0) return undefined;
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as ValueOf<K>;
  }

  async getOrFail<K extends RecordKind>(kind: K, ...parts: KeyOf<K>): Promise<ValueOf<K>> {
    const value = await this.get(kind, ...parts);
    if (value === undefined)
      throw new LedgerError('NOT_FOUND', `${kind} ${parts.join('/')} not found`);
    return value;
  }

  async put<K extends RecordKind>(kind: K, parts: KeyOf<K>, value: ValueOf<K>): Promise<void> {
    await this.ctx.stub.putState(this.key(kind, parts), encodeRecord(value));
  }

  async delete<K extends RecordKind>(kind: K, ...parts: KeyOf<K>): Promise<void> {
    await this.ctx.stub.deleteState(this.key(kind, parts));
  }

  /** Records whose key starts with `prefix`, with their keys. For queries and rare admin
   * updates only: a range read inside a frequent update invites phantom-read conflicts. */
  async entries<K extends RecordKind>(
    kind: K,
    ...prefix: Prefixes<KeyOf<K>> | []
  ): Promise<{ key: KeyOf<K>; value: ValueOf<K> }[]> {
    const found: { key: KeyOf<K>; value: ValueOf<K> }[] = [];
    const iterator = await this.ctx.stub.getStateByPartialCompositeKey(kind, [...prefix]);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        found.push({
          key: this.ctx.stub.splitCompositeKey(next.value.key).attributes as KeyOf<K>,
          value: JSON.parse(Buffer.from(next.value.value).toString('utf8')) as ValueOf<K>,
        });
      }
    } finally {
      await iterator.close();
    }
    return found;
  }

  async list<K extends RecordKind>(
    kind: K,
    ...prefix: Prefixes<KeyOf<K>> | []
  ): Promise<ValueOf<K>[]> {
    return (await this.entries(kind, ...prefix)).map((entry) => entry.value);
  }

  async history<K extends RecordKind>(
    kind: K,
    ...parts: KeyOf<K>
  ): Promise<HistoryEntry<ValueOf<K>>[]> {
    const entries: HistoryEntry<ValueOf<K>>[] = [];
    const iterator = await this.ctx.stub.getHistoryForKey(this.key(kind, parts));
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const mod = next.value;
        const seconds = Number(mod.timestamp.seconds.toString());
        const millis = seconds * 1000 + Math.floor(mod.timestamp.nanos / 1e6);
        const entry: HistoryEntry<ValueOf<K>> = {
          txId: mod.txId,
          timestamp: new Date(millis).toISOString(),
          isDelete: mod.isDelete,
        };
        if (!mod.isDelete && mod.value.length > 0) {
          entry.value = JSON.parse(Buffer.from(mod.value).toString('utf8')) as ValueOf<K>;
        }
        entries.push(entry);
      }
    } finally {
      await iterator.close();
    }
    return entries;
  }

  /** Sets the key-level endorsement policy of a record (serialized SignaturePolicyEnvelope). */
  async setKeyPolicy<K extends RecordKind>(
    kind: K,
    parts: KeyOf<K>,
    policy: Uint8Array,
  ): Promise<void> {
    await this.ctx.stub.setStateValidationParameter(this.key(kind, parts), policy);
  }

  /** Transient input by name, or undefined. Transient data never reaches the ledger. */
  transient(name: string): Buffer | undefined {
    const value = this.ctx.stub.getTransient().get(name);
    return value ? Buffer.from(value) : undefined;
  }

  async putPrivate(collection: string, key: string, bytes: Uint8Array): Promise<void> {
    await this.ctx.stub.putPrivateData(collection, key, bytes);
  }

  async getPrivate(collection: string, key: string): Promise<Buffer | undefined> {
    const bytes = await this.ctx.stub.getPrivateData(collection, key);
    return bytes && bytes.length > 0 ? Buffer.from(bytes) : undefined;
  }

  /** The hash of a private value as every peer of the channel knows it (hex), or undefined. */
  async privateHash(collection: string, key: string): Promise<string | undefined> {
    const bytes = await this.ctx.stub.getPrivateDataHash(collection, key);
    return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('hex') : undefined;
  }

  /** Fabric keeps one event per transaction; every mutating operation sets exactly one. */
  emit(name: string, payload: Record<string, unknown>): void {
    this.ctx.stub.setEvent(name, encodeRecord(payload));
  }
}

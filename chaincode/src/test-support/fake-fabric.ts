// An in-memory stand-in for a Fabric channel running one chaincode, for unit and property tests.
// Transactions are simulated against committed state and validated at commit exactly where Fabric
// would reject them (MVCC and phantom reads), so concurrency bugs show up in tests.
import { createHash } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import {
  compareKeys,
  emptySnapshot,
  PendingBlock,
  type ReadWriteSet,
  type Snapshot,
  type Versioned,
} from './fake-ledger';
import { type Collection, FakeClientIdentity, FakeStub } from './fake-stub';

export type { ReadWriteSet } from './fake-ledger';

export interface CollectionDefinition {
  readonly name: string;
  readonly members: readonly string[];
  /** Clients of other orgs may not read it, on any peer. */
  readonly memberOnlyRead?: boolean;
  /** Clients of other orgs may not write it, on any peer. */
  readonly memberOnlyWrite?: boolean;
}

export interface FakeFabricOptions {
  readonly orgs: readonly string[];
  readonly collections?: readonly CollectionDefinition[];
  readonly channelId?: string;
  readonly chaincodeName?: string;
  /** Initial value of the network clock (default 2026-01-01T00:00:00Z). */
  readonly time?: Date;
  /** What ctx.logging.getLogger() returns (default: a logger that discards everything). */
  readonly logger?: ConsoleLike;
}

export type ConsoleLike = Pick<Console, 'debug' | 'info' | 'warn' | 'error'>;

/** Who submits a transaction, and where and when it is endorsed. */
export interface Caller {
  readonly mspId: string;
  /** The CN of the client certificate (default "user1"). */
  readonly commonName?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  /** The org of the peer that endorses (default: the client's own org). */
  readonly peerMspId?: string;
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  readonly txId?: string;
  /** The proposal timestamp (default: the network clock). */
  readonly timestamp?: Date;
}

export type TxFunction<T> = (ctx: Context) => T | Promise<T>;

export type Endorsement<T> =
  | {
      readonly endorsed: true;
      readonly txId: string;
      /** The submitting client's org, as the transaction's signature header names it. */
      readonly creatorMspId: string;
      readonly timestamp: Date;
      readonly result: T;
      readonly rwset: ReadWriteSet;
    }
  | { readonly endorsed: false; readonly txId: string; readonly error: unknown };

/** The result type of an endorsement, or the union of them for a mixed block. */
export type ResultOf<E> = E extends { readonly result: infer T } ? T : never;

export type ValidationCode =
  'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'DUPLICATE_TXID' | 'ENDORSEMENT_ERROR';

export interface TxOutcome<T> {
  readonly txId: string;
  readonly validationCode: ValidationCode;
  /** Set when VALID. */
  readonly result?: T;
  /** The chaincode's error, set when ENDORSEMENT_ERROR. */
  readonly error?: unknown;
}

/** A transaction as a committed block carries it (endorsement failures never reach a block). */
export interface BlockTransaction {
  readonly txId: string;
  readonly creatorMspId: string;
  readonly timestamp: Date;
  readonly validationCode: Exclude<ValidationCode, 'ENDORSEMENT_ERROR'>;
  readonly event?: { readonly name: string; readonly payload: Buffer };
}

export interface CommittedBlock {
  readonly number: number;
  readonly transactions: readonly BlockTransaction[];
}

export interface ChaincodeEvent {
  readonly txId: string;
  readonly name: string;
  readonly payload: Buffer;
}

/** Thrown by submit() when the endorsed transaction is invalidated at commit. */
export class CommitError extends Error {
  constructor(
    readonly txId: string,
    readonly validationCode: ValidationCode,
  ) {
    super(`transaction ${txId} failed to commit with status code ${validationCode}`);
    this.name = 'CommitError';
  }
}

export function implicitCollectionName(mspId: string): string {
  return `_implicit_org_${mspId}`;
}

type ContractLogger = ReturnType<Context['logging']['getLogger']>;

const silentLogger: ConsoleLike = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export class FakeFabric {
  readonly channelId: string;
  readonly chaincodeName: string;
  private readonly orgs: ReadonlySet<string>;
  private readonly collections: ReadonlyMap<string, Collection>;
  private readonly logger: ConsoleLike;
  private snapshot: Snapshot;
  private clock: number;
  private height = 0;
  private txCounter = 0;
  private readonly committedTxIds = new Set<string>();
  private readonly committedEvents: ChaincodeEvent[] = [];
  private readonly committedBlocks: CommittedBlock[] = [];
  private readonly blockListeners = new Set<(block: CommittedBlock) => void>();

  constructor(options: FakeFabricOptions) {
    this.channelId = options.channelId ?? 'mychannel';
    this.chaincodeName = options.chaincodeName ?? 'points';
    this.orgs = new Set(options.orgs);
    this.logger = options.logger ?? silentLogger;
    this.clock = (options.time ?? new Date('2026-01-01T00:00:00Z')).getTime();
    const collections = new Map<string, Collection>();
    for (const mspId of this.orgs) {
      const name = implicitCollectionName(mspId);
      const members = new Set([mspId]);
      collections.set(name, { name, members, memberOnlyRead: false, memberOnlyWrite: false });
    }
    for (const definition of options.collections ?? []) {
      if (collections.has(definition.name)) {
        throw new Error(`collection ${definition.name} is declared twice`);
      }
      definition.members.forEach((mspId) => this.requireOrg(mspId));
      collections.set(definition.name, {
        name: definition.name,
        members: new Set(definition.members),
        memberOnlyRead: definition.memberOnlyRead ?? false,
        memberOnlyWrite: definition.memberOnlyWrite ?? false,
      });
    }
    this.collections = collections;
    this.snapshot = emptySnapshot(collections.keys());
  }

  now(): Date {
    return new Date(this.clock);
  }

  setTime(time: Date): void {
    this.clock = time.getTime();
  }

  advanceTime(milliseconds: number): void {
    this.clock += milliseconds;
  }

  /** Endorses and commits one transaction in its own block; rethrows the chaincode's error. */
  async submit<T>(caller: Caller, fn: TxFunction<T>): Promise<T> {
    const endorsement = await this.endorse(caller, fn);
    if (!endorsement.endorsed) {
      throw endorsement.error;
    }
    for (const { txId, validationCode } of this.commitBlock([endorsement])) {
      if (validationCode !== 'VALID') {
        throw new CommitError(txId, validationCode);
      }
    }
    return endorsement.result;
  }

  /** Runs a transaction on a peer and returns its result; nothing is ever committed. */
  async evaluate<T>(caller: Caller, fn: TxFunction<T>): Promise<T> {
    const endorsement = await this.endorse(caller, fn);
    if (!endorsement.endorsed) {
      throw endorsement.error;
    }
    return endorsement.result;
  }

  /**
   * Simulates a transaction against the state committed when endorse() is called, without
   * committing it. A chaincode error is captured in the endorsement; endorse() itself rejects
   * only for an org outside the network.
   */
  async endorse<T>(caller: Caller, fn: TxFunction<T>): Promise<Endorsement<T>> {
    this.requireOrg(caller.mspId);
    const peerMspId = caller.peerMspId ?? caller.mspId;
    this.requireOrg(peerMspId);
    this.txCounter += 1;
    const txId =
      caller.txId ?? createHash('sha256').update(`fake-fabric-tx-${this.txCounter}`).digest('hex');
    const timestamp = caller.timestamp ?? this.now();
    const clientIdentity = new FakeClientIdentity(
      caller.mspId,
      caller.commonName ?? 'user1',
      caller.attributes ?? {},
    );
    const stub = new FakeStub({
      txId,
      channelId: this.channelId,
      chaincodeName: this.chaincodeName,
      timestamp,
      peerMspId,
      creator: clientIdentity,
      transient: new Map(Object.entries(caller.transient ?? {})),
      snapshot: this.snapshot,
      collections: this.collections,
    });
    // Contracts use only the console-style methods of fabric-contract-api's winston logger.
    const logger = this.logger as ContractLogger;
    const ctx: Context = {
      stub,
      clientIdentity,
      logging: { setLevel: () => undefined, getLogger: () => logger },
    };
    try {
      const result = await fn(ctx);
      return {
        endorsed: true,
        txId,
        creatorMspId: caller.mspId,
        timestamp,
        result,
        rwset: stub.rwset,
      };
    } catch (error) {
      return { endorsed: false, txId, error };
    }
  }

  /**
   * Orders endorsed transactions into one block and commits it: each is validated, in order,
   * against the committed state plus the transactions before it in the block. Invalid
   * transactions change nothing.
   */
  commitBlock<E extends Endorsement<unknown>>(
    endorsements: readonly E[],
  ): TxOutcome<ResultOf<E>>[] {
    this.height += 1;
    const block = new PendingBlock(this.snapshot, this.height);
    const transactions: BlockTransaction[] = [];
    const outcomes = endorsements.map((endorsement, txIndex): TxOutcome<unknown> => {
      const { txId } = endorsement;
      if (!endorsement.endorsed) {
        return { txId, validationCode: 'ENDORSEMENT_ERROR', error: endorsement.error };
      }
      const { creatorMspId, timestamp } = endorsement;
      if (this.committedTxIds.has(txId)) {
        transactions.push({ txId, creatorMspId, timestamp, validationCode: 'DUPLICATE_TXID' });
        return { txId, validationCode: 'DUPLICATE_TXID' };
      }
      this.committedTxIds.add(txId);
      const validationCode = block.commit(endorsement, txIndex);
      if (validationCode !== 'VALID') {
        transactions.push({ txId, creatorMspId, timestamp, validationCode });
        return { txId, validationCode };
      }
      const { event } = endorsement.rwset;
      if (event) {
        this.committedEvents.push({ txId, ...event });
      }
      transactions.push({ txId, creatorMspId, timestamp, validationCode, event });
      return { txId, validationCode, result: endorsement.result };
    });
    this.snapshot = block.snapshot;
    const committed = { number: this.height, transactions };
    this.committedBlocks.push(committed);
    this.blockListeners.forEach((listener) => listener(committed));
    return outcomes as TxOutcome<ResultOf<E>>[];
  }

  /** Chaincode events of valid transactions, in commit order. */
  get events(): readonly ChaincodeEvent[] {
    return this.committedEvents;
  }

  /** Committed blocks, numbered from 1 (block 0 would be the channel's genesis block). */
  get blocks(): readonly CommittedBlock[] {
    return this.committedBlocks;
  }

  /** Calls `listener` with each block as it commits; returns the unsubscribe function. */
  onBlock(listener: (block: CommittedBlock) => void): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  /** Number of blocks committed. */
  get blockHeight(): number {
    return this.height;
  }

  /** Every key in the world state, composite keys included, in LevelDB order. */
  stateKeys(): string[] {
    return [...this.snapshot.world.keys()].sort(compareKeys);
  }

  rawState(key: string): Buffer | undefined {
    const entry = this.snapshot.world.get(key);
    return entry && Buffer.from(entry.value);
  }

  /** The key-level endorsement policy bytes set with setStateValidationParameter. */
  validationParameter(key: string): Buffer | undefined {
    const parameter = this.snapshot.world.get(key)?.validationParameter;
    return parameter && Buffer.from(parameter);
  }

  privateKeys(collection: string): string[] {
    return [...this.privateData(collection).keys()].sort(compareKeys);
  }

  rawPrivateState(collection: string, key: string): Buffer | undefined {
    const entry = this.privateData(collection).get(key);
    return entry && Buffer.from(entry.value);
  }

  private privateData(collection: string): ReadonlyMap<string, Versioned> {
    const data = this.snapshot.collections.get(collection);
    if (!data) {
      throw new Error(`collection ${collection} is not declared`);
    }
    return data;
  }

  private requireOrg(mspId: string): void {
    if (!this.orgs.has(mspId)) {
      throw new Error(`${mspId} is not an org of this FakeFabric network`);
    }
  }
}

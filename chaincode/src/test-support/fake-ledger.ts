// The committed state of a FakeFabric channel and the MVCC validation of a block against it,
// following Fabric's LevelDB state database and its committer
// (core/ledger/kvledger/txmgmt/validation in hyperledger/fabric).

/** Fabric's version of a key: the height (block:tx) of the transaction that last wrote it. */
export type Version = string;

export interface Versioned {
  readonly value: Buffer;
  readonly version: Version;
  readonly validationParameter?: Buffer;
}

export interface HistoryEntry {
  readonly txId: string;
  readonly timestamp: Date;
  readonly isDelete: boolean;
  readonly value: Buffer;
}

export interface Snapshot {
  readonly world: ReadonlyMap<string, Versioned>;
  readonly collections: ReadonlyMap<string, ReadonlyMap<string, Versioned>>;
  /** Newest first, as Fabric 2.x returns history. */
  readonly history: ReadonlyMap<string, readonly HistoryEntry[]>;
}

interface MutableSnapshot extends Snapshot {
  readonly world: Map<string, Versioned>;
  readonly collections: Map<string, Map<string, Versioned>>;
  readonly history: Map<string, readonly HistoryEntry[]>;
}

export interface RangeRead {
  readonly start: string;
  readonly end: string;
  readonly results: readonly { readonly key: string; readonly version: Version }[];
}

/** What one simulated transaction read and wrote; a delete is recorded as a null value. */
export class ReadWriteSet {
  readonly reads = new Map<string, Version | undefined>();
  readonly rangeReads: RangeRead[] = [];
  readonly privateReads = new Map<string, Map<string, Version | undefined>>();
  readonly writes = new Map<string, Buffer | null>();
  readonly validationParameterWrites = new Map<string, Buffer>();
  readonly privateWrites = new Map<string, Map<string, Buffer | null>>();
  event?: { readonly name: string; readonly payload: Buffer };
}

export type MvccCode = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT';

/** Orders keys as LevelDB does: by their UTF-8 bytes (JS string order differs above U+FFFF). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Entries with start <= key < end, in key order; an empty end means no upper bound. */
export function scan<V>(
  entries: ReadonlyMap<string, V>,
  start: string,
  end: string,
): [string, V][] {
  return [...entries]
    .filter(([key]) => compareKeys(key, start) >= 0 && (end === '' || compareKeys(key, end) < 0))
    .sort(([a], [b]) => compareKeys(a, b));
}

export function emptySnapshot(collectionNames: Iterable<string>): Snapshot {
  return {
    world: new Map(),
    collections: new Map([...collectionNames].map((name) => [name, new Map()])),
    history: new Map(),
  };
}

export interface CommittableTx {
  readonly txId: string;
  readonly timestamp: Date;
  readonly rwset: ReadWriteSet;
}

/**
 * A block being committed, like Fabric's committer: each transaction's reads are checked against
 * the committed state plus the writes of the valid transactions before it in the block. The base
 * snapshot is left intact for endorsements still running against it.
 */
export class PendingBlock {
  private readonly state: MutableSnapshot;
  private readonly updated = new BlockUpdates();

  constructor(
    base: Snapshot,
    private readonly blockNumber: number,
  ) {
    this.state = {
      world: new Map(base.world),
      collections: new Map([...base.collections].map(([name, data]) => [name, new Map(data)])),
      history: new Map(base.history),
    };
  }

  get snapshot(): Snapshot {
    return this.state;
  }

  /** Validates the transaction and, if valid, applies its writes. */
  commit(tx: CommittableTx, txIndex: number): MvccCode {
    const code = validate(tx.rwset, this.state, this.updated);
    if (code === 'VALID') {
      apply(tx, `${this.blockNumber}:${txIndex}`, this.state, this.updated);
    }
    return code;
  }
}

class BlockUpdates {
  private readonly publicKeys = new Set<string>();
  private readonly privateKeys = new Set<string>();

  addPublic(key: string): void {
    this.publicKeys.add(key);
  }
  addPrivate(collection: string, key: string): void {
    this.privateKeys.add(JSON.stringify([collection, key]));
  }
  hasPublic(key: string): boolean {
    return this.publicKeys.has(key);
  }
  hasPrivate(collection: string, key: string): boolean {
    return this.privateKeys.has(JSON.stringify([collection, key]));
  }
}

// Fabric also fails a read of a key an earlier transaction in the block merely deleted while
// absent (its version did not change), hence the explicit BlockUpdates check.
function validate(rwset: ReadWriteSet, state: Snapshot, updated: BlockUpdates): MvccCode {
  for (const [key, version] of rwset.reads) {
    if (updated.hasPublic(key) || state.world.get(key)?.version !== version) {
      return 'MVCC_READ_CONFLICT';
    }
  }
  for (const range of rwset.rangeReads) {
    const now = scan(state.world, range.start, range.end);
    const same =
      now.length === range.results.length &&
      now.every(([key, entry], i) => {
        const read = range.results[i];
        return read?.key === key && read.version === entry.version;
      });
    if (!same) {
      return 'PHANTOM_READ_CONFLICT';
    }
  }
  for (const [collection, reads] of rwset.privateReads) {
    for (const [key, version] of reads) {
      const current = state.collections.get(collection)?.get(key)?.version;
      if (updated.hasPrivate(collection, key) || current !== version) {
        return 'MVCC_READ_CONFLICT';
      }
    }
  }
  return 'VALID';
}

function apply(
  tx: CommittableTx,
  version: Version,
  state: MutableSnapshot,
  updated: BlockUpdates,
): void {
  const { writes, validationParameterWrites } = tx.rwset;
  for (const key of new Set([...writes.keys(), ...validationParameterWrites.keys()])) {
    const current = state.world.get(key);
    const validationParameter = validationParameterWrites.get(key) ?? current?.validationParameter;
    const value = writes.get(key);
    if (value === undefined) {
      // A validation-parameter-only write re-versions an existing key and is dropped for an
      // absent one (Fabric's prepareTxOps).
      if (current) {
        state.world.set(key, { value: current.value, version, validationParameter });
        updated.addPublic(key);
      }
      continue;
    }
    updated.addPublic(key);
    const entry: HistoryEntry = {
      txId: tx.txId,
      timestamp: tx.timestamp,
      isDelete: value === null,
      value: value ?? Buffer.alloc(0),
    };
    state.history.set(key, [entry, ...(state.history.get(key) ?? [])]);
    if (value === null) {
      state.world.delete(key);
    } else {
      state.world.set(key, { value, version, validationParameter });
    }
  }
  for (const [collection, collectionWrites] of tx.rwset.privateWrites) {
    const data = state.collections.get(collection);
    if (!data) {
      throw new Error(`collection ${collection} has no state`);
    }
    for (const [key, value] of collectionWrites) {
      updated.addPrivate(collection, key);
      if (value === null) {
        data.delete(key);
      } else {
        data.set(key, { value, version });
      }
    }
  }
}

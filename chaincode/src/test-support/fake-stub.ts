// The ChaincodeStub and ClientIdentity a FakeFabric transaction sees. Reads come from the
// committed snapshot the transaction was endorsed against, never from its own writes, and every
// read and write is recorded in a ReadWriteSet for validation at commit, as a Fabric peer does.
import { createHash } from 'node:crypto';
import Long from 'long';
import type {
  ChaincodeStub,
  ClientIdentity,
  Iterators,
  SerializedIdentity,
  SplitCompositekey,
  Timestamp,
} from 'fabric-shim-api';
import { ReadWriteSet, scan, type Snapshot, type Version, type Versioned } from './fake-ledger';

export interface Collection {
  readonly name: string;
  readonly members: ReadonlySet<string>;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
}

export interface TxEnvironment {
  readonly txId: string;
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly timestamp: Date;
  readonly peerMspId: string;
  readonly creator: FakeClientIdentity;
  readonly transient: ReadonlyMap<string, Uint8Array>;
  readonly snapshot: Snapshot;
  readonly collections: ReadonlyMap<string, Collection>;
}

type QueryResult<T> = Promise<Iterators.CommonIterator<T>> & AsyncIterable<T>;

const COMPOSITE_KEY_NAMESPACE = '\u0000';
const MIN_UNICODE_RUNE = '\u0000';
const MAX_UNICODE_RUNE = '\u{10ffff}';
const EMPTY_KEY_SUBSTITUTE = '\u0001';

/** For values Fabric returns although its own typings exclude them (undefined, null, numbers). */
function untyped<T>(value: unknown): T {
  return value as T;
}

function copyOrEmpty(value: Buffer | undefined): Buffer {
  return value ? Buffer.from(value) : Buffer.alloc(0);
}

// Fabric turns an empty value into a delete at commit (hyperledger/fabric#2305).
function toWrite(value: Uint8Array): Buffer | null {
  return value.length === 0 ? null : Buffer.from(value);
}

function requireString(value: string, name: string): void {
  if (!value || typeof value !== 'string') {
    throw new Error(`${name} must be a valid string`);
  }
}

function validateCompositeKeyAttribute(attribute: string): void {
  if (!attribute || typeof attribute !== 'string') {
    throw new Error('object type or attribute not a non-zero length string');
  }
}

/** Like fabric-shim: the query runs (and is recorded) at call time; results are fetched eagerly. */
function queryResult<T>(load: () => T[]): QueryResult<T> {
  const promise = new Promise<Iterators.CommonIterator<T>>((resolve) => {
    const items = load()[Symbol.iterator]();
    resolve({
      next: async () => {
        const item = items.next();
        return item.done ? untyped({ done: true }) : { value: item.value, done: false };
      },
      close: async () => undefined,
    });
  });
  return Object.assign(promise, {
    async *[Symbol.asyncIterator]() {
      const iterator = await promise;
      try {
        for (let item = await iterator.next(); !item.done; item = await iterator.next()) {
          yield item.value;
        }
      } finally {
        await iterator.close();
      }
    },
  });
}

export class FakeClientIdentity implements ClientIdentity {
  private readonly attributes: ReadonlyMap<string, string>;

  constructor(
    private readonly mspId: string,
    private readonly commonName: string,
    attributes: Readonly<Record<string, string>>,
  ) {
    this.attributes = new Map(Object.entries(attributes));
  }

  getMSPID(): string {
    return this.mspId;
  }

  /** Same shape as fabric-shim's "x509::{subject DN}::{issuer DN}". */
  getID(): string {
    return `x509::/OU=client/CN=${this.commonName}::/O=${this.mspId}/CN=ca.${this.mspId}`;
  }

  /** Stands in for the PEM certificate. */
  getIDBytes(): Uint8Array {
    return Buffer.from(this.getID());
  }

  getAttributeValue(name: string): string | null {
    return this.attributes.get(name) || null;
  }

  assertAttributeValue(name: string, value: string): boolean {
    return this.getAttributeValue(name) === value;
  }
}

export class FakeStub implements ChaincodeStub {
  readonly rwset = new ReadWriteSet();
  private writePerformed = false;
  private privateQueryPerformed = false;

  constructor(private readonly env: TxEnvironment) {}

  getTxID(): string {
    return this.env.txId;
  }

  getChannelID(): string {
    return this.env.channelId;
  }

  getMspID(): string {
    return this.env.peerMspId;
  }

  getCreator(): SerializedIdentity {
    return { mspid: this.env.creator.getMSPID(), idBytes: this.env.creator.getIDBytes() };
  }

  getTransient(): Map<string, Uint8Array> {
    return new Map([...this.env.transient].map(([key, value]) => [key, Buffer.from(value)]));
  }

  getTxTimestamp(): Timestamp {
    const millis = this.env.timestamp.getTime();
    const seconds = Math.floor(millis / 1000);
    return { seconds: Long.fromNumber(seconds, true), nanos: (millis - seconds * 1000) * 1e6 };
  }

  getDateTimestamp(): Date {
    return new Date(this.env.timestamp.getTime());
  }

  async getState(key: string): Promise<Uint8Array> {
    return copyOrEmpty(this.readPublic(key)?.value);
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    this.checkWrite('PUT_STATE');
    this.rwset.writes.set(key, toWrite(value));
  }

  async deleteState(key: string): Promise<void> {
    this.checkWrite('DEL_STATE');
    this.rwset.writes.set(key, null);
  }

  async setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
    this.checkWrite('PUT_STATE_METADATA');
    this.rwset.validationParameterWrites.set(key, Buffer.from(ep));
  }

  /** Like fabric-shim, resolves to undefined when the key has no validation parameter. */
  async getStateValidationParameter(key: string): Promise<Uint8Array> {
    const parameter = this.readPublic(key)?.validationParameter;
    return parameter ? Buffer.from(parameter) : untyped(undefined);
  }

  getStateByRange(startKey: string, endKey: string): QueryResult<Iterators.KV> {
    return queryResult(() => {
      const start = startKey || EMPTY_KEY_SUBSTITUTE;
      for (const key of [start, endKey]) {
        if (key.startsWith(COMPOSITE_KEY_NAMESPACE)) {
          throw new Error(
            `first character of the key [${key}] contains a null character which is not allowed`,
          );
        }
      }
      return this.rangeRead(start, endKey);
    });
  }

  getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): QueryResult<Iterators.KV> {
    const prefix = this.createCompositeKey(objectType, attributes);
    return queryResult(() => this.rangeRead(prefix, prefix + MAX_UNICODE_RUNE));
  }

  getHistoryForKey(key: string): QueryResult<Iterators.KeyModification> {
    return queryResult(() =>
      (this.env.snapshot.history.get(key) ?? []).map((entry) => {
        const millis = entry.timestamp.getTime();
        const seconds = Math.floor(millis / 1000);
        return {
          txId: entry.txId,
          isDelete: entry.isDelete,
          value: Buffer.from(entry.value),
          // fabric-shim 2.5 decodes this with protobuf toObject(): plain numbers, not Long.
          timestamp: untyped<Timestamp>({ seconds, nanos: (millis - seconds * 1000) * 1e6 }),
        };
      }),
    );
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (typeof name !== 'string' || name === '') {
      throw new Error('Event name must be a non-empty string');
    }
    this.rwset.event = { name, payload: Buffer.from(payload) };
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    validateCompositeKeyAttribute(objectType);
    if (!Array.isArray(attributes)) {
      throw new Error('attributes must be an array');
    }
    let key = COMPOSITE_KEY_NAMESPACE + objectType + MIN_UNICODE_RUNE;
    for (const attribute of attributes) {
      validateCompositeKeyAttribute(attribute);
      key += attribute + MIN_UNICODE_RUNE;
    }
    return key;
  }

  /** Like fabric-shim, objectType is null when the key is not a composite key. */
  splitCompositeKey(compositeKey: string): SplitCompositekey {
    if (compositeKey.length <= 1 || !compositeKey.startsWith(COMPOSITE_KEY_NAMESPACE)) {
      return { objectType: untyped(null), attributes: [] };
    }
    const [objectType, ...rest] = compositeKey.substring(1).split(MIN_UNICODE_RUNE);
    return { objectType: objectType ?? '', attributes: rest.slice(0, -1) };
  }

  async getPrivateData(collection: string, key: string): Promise<Uint8Array> {
    requireString(collection, 'collection');
    requireString(key, 'key');
    const { members } = this.readableCollection('GET_STATE', collection);
    const entry = this.env.snapshot.collections.get(collection)?.get(key);
    if (entry && !members.has(this.env.peerMspId)) {
      // A non-member peer holds only the hash, so Fabric finds the versions disagree.
      throw this.peerError(
        'GET_STATE',
        `private data matching public hash version is not available. Public hash version = ${entry.version}, Private data version = <nil>`,
      );
    }
    this.recordPrivateRead(collection, key, entry);
    return copyOrEmpty(entry?.value);
  }

  async getPrivateDataHash(collection: string, key: string): Promise<Uint8Array> {
    requireString(collection, 'collection');
    requireString(key, 'key');
    this.collection('GET_PRIVATE_DATA_HASH', collection);
    const entry = this.env.snapshot.collections.get(collection)?.get(key);
    this.recordPrivateRead(collection, key, entry);
    return entry ? createHash('sha256').update(entry.value).digest() : Buffer.alloc(0);
  }

  async putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
    requireString(collection, 'collection');
    requireString(key, 'key');
    if (!value) {
      throw new Error('value must be valid');
    }
    this.writePrivate('PUT_STATE', collection, key, toWrite(value));
  }

  async deletePrivateData(collection: string, key: string): Promise<void> {
    requireString(collection, 'collection');
    requireString(key, 'key');
    this.writePrivate('DEL_STATE', collection, key, null);
  }

  getPrivateDataByRange(
    collection: string,
    startKey: string,
    endKey: string,
  ): QueryResult<Iterators.KV> {
    return queryResult(() => {
      requireString(collection, 'collection');
      return this.privateRangeRead(collection, startKey || EMPTY_KEY_SUBSTITUTE, endKey);
    });
  }

  getPrivateDataByPartialCompositeKey(
    collection: string,
    objectType: string,
    attributes: string[],
  ): QueryResult<Iterators.KV> {
    const prefix = this.createCompositeKey(objectType, attributes);
    return queryResult(() => {
      requireString(collection, 'collection');
      return this.privateRangeRead(collection, prefix, prefix + MAX_UNICODE_RUNE);
    });
  }

  getArgs(): never {
    return this.unsupported('getArgs');
  }
  getStringArgs(): never {
    return this.unsupported('getStringArgs');
  }
  getFunctionAndParameters(): never {
    return this.unsupported('getFunctionAndParameters');
  }
  getSignedProposal(): never {
    return this.unsupported('getSignedProposal');
  }
  getBinding(): never {
    return this.unsupported('getBinding');
  }
  getStateByRangeWithPagination(): never {
    return this.unsupported('getStateByRangeWithPagination');
  }
  getStateByPartialCompositeKeyWithPagination(): never {
    return this.unsupported('getStateByPartialCompositeKeyWithPagination');
  }
  getQueryResult(): never {
    return this.unsupported('getQueryResult');
  }
  getQueryResultWithPagination(): never {
    return this.unsupported('getQueryResultWithPagination');
  }
  invokeChaincode(): never {
    return this.unsupported('invokeChaincode');
  }
  purgePrivateData(): never {
    return this.unsupported('purgePrivateData');
  }
  setPrivateDataValidationParameter(): never {
    return this.unsupported('setPrivateDataValidationParameter');
  }
  getPrivateDataValidationParameter(): never {
    return this.unsupported('getPrivateDataValidationParameter');
  }
  getPrivateDataQueryResult(): never {
    return this.unsupported('getPrivateDataQueryResult');
  }

  private unsupported(method: string): never {
    throw new Error(`${method} is not supported by FakeFabric`);
  }

  /** Errors raised by the peer reach chaincode with this prefix. */
  private peerError(operation: string, message: string): Error {
    return new Error(`${operation} failed: transaction ID: ${this.env.txId}: ${message}`);
  }

  private readPublic(key: string): Versioned | undefined {
    const entry = this.env.snapshot.world.get(key);
    this.rwset.reads.set(key, entry?.version);
    return entry;
  }

  private rangeRead(start: string, end: string): Iterators.KV[] {
    const results = scan(this.env.snapshot.world, start, end);
    this.rwset.rangeReads.push({
      start,
      end,
      results: results.map(([key, entry]) => ({ key, version: entry.version })),
    });
    return results.map(([key, entry]) => this.kv(key, entry));
  }

  // Fabric neither records private range queries for phantom checks nor allows them in a
  // transaction that writes (txSimulator.checkBeforePvtdataQueries).
  private privateRangeRead(collection: string, start: string, end: string): Iterators.KV[] {
    const { members } = this.readableCollection('GET_STATE_BY_RANGE', collection);
    if (this.writePerformed) {
      throw this.peerError(
        'GET_STATE_BY_RANGE',
        `txid [${this.env.txId}]: unsuppored transaction. Queries on pvt data is supported only in a read-only transaction`,
      );
    }
    this.privateQueryPerformed = true;
    if (!members.has(this.env.peerMspId)) {
      return [];
    }
    const data = this.env.snapshot.collections.get(collection) ?? new Map<string, Versioned>();
    return scan(data, start, end).map(([key, entry]) => this.kv(key, entry));
  }

  private kv(key: string, entry: Versioned): Iterators.KV {
    return { namespace: this.env.chaincodeName, key, value: Buffer.from(entry.value) };
  }

  private recordPrivateRead(collection: string, key: string, entry: Versioned | undefined): void {
    const reads = this.rwset.privateReads.get(collection) ?? new Map<string, Version | undefined>();
    reads.set(key, entry?.version);
    this.rwset.privateReads.set(collection, reads);
  }

  private writePrivate(
    operation: string,
    collection: string,
    key: string,
    value: Buffer | null,
  ): void {
    const { members, memberOnlyWrite } = this.collection(operation, collection);
    if (memberOnlyWrite && !members.has(this.env.creator.getMSPID())) {
      throw this.peerError(
        operation,
        `tx creator does not have write access permission on privatedata in chaincodeName:${this.env.chaincodeName} collectionName: ${collection}`,
      );
    }
    this.checkWrite(operation);
    const writes = this.rwset.privateWrites.get(collection) ?? new Map<string, Buffer | null>();
    writes.set(key, value);
    this.rwset.privateWrites.set(collection, writes);
  }

  private checkWrite(operation: string): void {
    if (this.privateQueryPerformed) {
      throw this.peerError(
        operation,
        `txid [${this.env.txId}]: unsuppored transaction. Transaction has already performed queries on pvt data. Writes are not allowed`,
      );
    }
    this.writePerformed = true;
  }

  private collection(operation: string, name: string): Collection {
    const collection = this.env.collections.get(name);
    if (!collection) {
      throw this.peerError(
        operation,
        `collection [${name}] not defined in the collection config for chaincode [${this.env.chaincodeName}]`,
      );
    }
    return collection;
  }

  private readableCollection(operation: string, name: string): Collection {
    const collection = this.collection(operation, name);
    if (collection.memberOnlyRead && !collection.members.has(this.env.creator.getMSPID())) {
      throw this.peerError(
        operation,
        `tx creator does not have read access permission on privatedata in chaincodeName:${this.env.chaincodeName} collectionName: ${name}`,
      );
    }
    return collection;
  }
}

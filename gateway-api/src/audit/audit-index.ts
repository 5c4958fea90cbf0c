/**
 * The gateway's audit index: every endorser transaction of the channel, from block events, in
 * SQLite (node:sqlite). A block's rows and the checkpoint move in one SQL transaction, and a
 * block is accepted only right after the checkpoint, so a restart resumes with no gap and no
 * duplicate.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { AuditPage, AuditRecord } from './audit-record';
import type { BlockTransaction } from './block-parser';

export type { AuditPage, AuditRecord } from './audit-record';

/** Payload fields that name a member, a token or an org: what the audit view filters on. */
const TAG_FIELDS = {
  member: ['memberId', 'from', 'to', 'maker', 'taker', 'seller', 'bidder', 'outbid', 'winner'],
  token: ['symbol', 'fromSymbol', 'toSymbol'],
  org: ['org', 'issuer', 'homeOrg', 'fromOrg', 'toOrg', 'debtor', 'creditor'],
} as const;
type TagKind = keyof typeof TAG_FIELDS;

export interface AuditFilter {
  member?: string;
  token?: string;
  org?: string;
  type?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
  /** Include transactions that were invalidated at commit (default: only valid ones). */
  includeInvalid?: boolean;
  cursor?: string;
  limit?: number;
}

function tags(tx: BlockTransaction): [TagKind, string][] {
  const payload = (
    typeof tx.payload === 'object' && tx.payload !== null ? tx.payload : {}
  ) as Record<string, unknown>;
  const found = new Set<string>();
  const result: [TagKind, string][] = [];
  const add = (kind: TagKind, value: unknown) => {
    if (typeof value !== 'string' || found.has(`${kind}\u0000${value}`)) return;
    found.add(`${kind}\u0000${value}`);
    result.push([kind, value]);
  };
  add('org', tx.creatorMsp);
  for (const [kind, fields] of Object.entries(TAG_FIELDS) as [TagKind, readonly string[]][]) {
    for (const field of fields) add(kind, payload[field]);
  }
  return result;
}

function encodeCursor(record: AuditRecord): string {
  return Buffer.from(`${record.blockNumber}:${record.txIndex}`).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  const match = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new RangeError('invalid cursor');
  return [Number(match[1]), Number(match[2])];
}

export class AuditIndex {
  private readonly db: DatabaseSync;
  private readonly statements;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), block INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tx (
        block INTEGER NOT NULL, tx_index INTEGER NOT NULL, tx_id TEXT NOT NULL, ts TEXT NOT NULL,
        org TEXT NOT NULL, validation TEXT NOT NULL, type TEXT, payload TEXT,
        PRIMARY KEY (block, tx_index));
      CREATE INDEX IF NOT EXISTS tx_ts ON tx (ts);
      CREATE INDEX IF NOT EXISTS tx_type ON tx (type, block, tx_index);
      CREATE TABLE IF NOT EXISTS block (number INTEGER PRIMARY KEY, min_ts TEXT NOT NULL, max_ts TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS tag (
        kind TEXT NOT NULL, value TEXT NOT NULL, block INTEGER NOT NULL, tx_index INTEGER NOT NULL,
        PRIMARY KEY (kind, value, block, tx_index));
    `);
    // Prepared once: indexing runs them for every transaction of every block.
    this.statements = {
      checkpoint: this.db.prepare('SELECT block FROM checkpoint WHERE id = 1'),
      insertTx: this.db.prepare(
        'INSERT INTO tx (block, tx_index, tx_id, ts, org, validation, type, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertTag: this.db.prepare(
        'INSERT INTO tag (kind, value, block, tx_index) VALUES (?, ?, ?, ?)',
      ),
      insertBlock: this.db.prepare('INSERT INTO block (number, min_ts, max_ts) VALUES (?, ?, ?)'),
      advance: this.db.prepare(
        'INSERT INTO checkpoint (id, block) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block',
      ),
      firstBlockUntil: this.db.prepare(
        'SELECT number FROM block WHERE max_ts >= ? ORDER BY number LIMIT 1',
      ),
      lastBlockFrom: this.db.prepare(
        'SELECT number FROM block WHERE min_ts <= ? ORDER BY number DESC LIMIT 1',
      ),
    };
  }

  /** The last block fully indexed, or -1 before the first. */
  checkpoint(): number {
    const row = this.statements.checkpoint.get() as { block: number } | undefined;
    return row?.block ?? -1;
  }

  /** Indexes one block's transactions and advances the checkpoint, all or nothing. */
  recordBlock(blockNumber: number, transactions: readonly BlockTransaction[]): void {
    const expected = this.checkpoint() + 1;
    if (blockNumber < expected) return; // Already indexed: a replay after a reconnect.
    if (blockNumber > expected)
      throw new Error(`block ${blockNumber} would leave a gap after ${expected - 1}`);
    const { insertTx, insertTag, insertBlock, advance } = this.statements;
    this.db.exec('BEGIN');
    try {
      for (const tx of transactions) {
        insertTx.run(
          blockNumber,
          tx.txIndex,
          tx.txId,
          tx.timestamp,
          tx.creatorMsp,
          tx.validationCode,
          tx.eventName ?? null,
          tx.payload === undefined ? null : JSON.stringify(tx.payload),
        );
        for (const [kind, value] of tags(tx)) insertTag.run(kind, value, blockNumber, tx.txIndex);
      }
      const times = transactions.map((tx) => tx.timestamp).sort();
      const [first, last] = [times[0], times[times.length - 1]];
      if (first !== undefined && last !== undefined) {
        insertBlock.run(blockNumber, first, last);
      }
      advance.run(blockNumber);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  query(filter: AuditFilter): AuditPage {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
    // The most selective filter drives the scan: a tag's primary key is already in block order.
    const tagFilters = (['member', 'token', 'org'] as const).flatMap((kind) => {
      const value = filter[kind];
      return value === undefined ? [] : [[kind, value] as const];
    });
    const [driver, ...others] = tagFilters;
    const order = driver ? 'd' : 'tx';
    let from = 'tx';
    const where: string[] = [];
    const values: SQLInputValue[] = [];
    if (driver) {
      // CROSS JOIN keeps the tag as the outer loop, so rows come out already in order.
      from = 'tag d CROSS JOIN tx ON tx.block = d.block AND tx.tx_index = d.tx_index';
      where.push('d.kind = ? AND d.value = ?');
      values.push(...driver);
    }
    for (const [kind, value] of others) {
      where.push(
        'EXISTS (SELECT 1 FROM tag WHERE tag.kind = ? AND tag.value = ? AND tag.block = tx.block AND tag.tx_index = tx.tx_index)',
      );
      values.push(kind, value);
    }
    if (filter.type !== undefined) {
      where.push('tx.type = ?');
      values.push(filter.type);
    }
    if (filter.from !== undefined) {
      where.push('tx.ts >= ?');
      values.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('tx.ts <= ?');
      values.push(filter.to);
    }
    if (filter.from !== undefined || filter.to !== undefined) {
      // Bound the scan to the blocks that can hold such times, so it seeks instead of walking.
      const [low, high] = this.blockRange(filter.from, filter.to);
      where.push(`${order}.block BETWEEN ? AND ?`);
      values.push(low, high);
    }
    if (!filter.includeInvalid) where.push("tx.validation = 'VALID'");
    if (filter.cursor !== undefined) {
      const [block, txIndex] = decodeCursor(filter.cursor);
      where.push(`(${order}.block, ${order}.tx_index) < (?, ?)`);
      values.push(block, txIndex);
    }
    const sql =
      `SELECT tx.block, tx.tx_index, tx.tx_id, tx.ts, tx.org, tx.validation, tx.type, tx.payload FROM ${from}` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ${order}.block DESC, ${order}.tx_index DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...values, limit + 1) as {
      block: number;
      tx_index: number;
      tx_id: string;
      ts: string;
      org: string;
      validation: string;
      type: string | null;
      payload: string | null;
    }[];
    const records = rows.slice(0, limit).map((row) => ({
      blockNumber: row.block,
      txIndex: row.tx_index,
      txId: row.tx_id,
      timestamp: row.ts,
      org: row.org,
      validationCode: row.validation,
      type: row.type,
      payload: row.payload === null ? null : (JSON.parse(row.payload) as unknown),
    }));
    const last = records[records.length - 1];
    return rows.length > limit && last ? { records, nextCursor: encodeCursor(last) } : { records };
  }

  /** Valid transactions of the given event types, oldest first: what the explorer charts. */
  ofTypes(types: readonly string[]): Pick<AuditRecord, 'timestamp' | 'type' | 'payload'>[] {
    if (types.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT ts, type, payload FROM tx WHERE validation = 'VALID' AND type IN (${types.map(() => '?').join(', ')}) ORDER BY block, tx_index`,
      )
      .all(...types) as { ts: string; type: string; payload: string | null }[];
    return rows.map((row) => ({
      timestamp: row.ts,
      type: row.type,
      payload: row.payload === null ? null : (JSON.parse(row.payload) as unknown),
    }));
  }

  /** The first and last block that hold any transaction inside [from, to]. */
  private blockRange(from: string | undefined, to: string | undefined): [number, number] {
    const found = (row: unknown) => (row as { number: number } | undefined)?.number;
    const low =
      from === undefined ? 0 : (found(this.statements.firstBlockUntil.get(from)) ?? Infinity);
    const high = to === undefined ? Infinity : (found(this.statements.lastBlockFrom.get(to)) ?? -1);
    // SQLite compares integers; an empty range is one that no block falls in.
    return [Math.min(low, Number.MAX_SAFE_INTEGER), Math.min(high, Number.MAX_SAFE_INTEGER)];
  }

  close(): void {
    this.db.close();
  }
}

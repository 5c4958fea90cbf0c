/**
 * Remembers the outcome of each mutating request by its Idempotency-Key, in SQLite (node:sqlite)
 * under the gateway's data folder, so a repeat gets the first answer, also after a restart.
 * The ledger itself refuses to apply a request id twice; this store answers repeats without a
 * round trip and tells a reused key from a retry.
 */
import { DatabaseSync } from 'node:sqlite';

export type Claim =
  | { state: 'new' }
  /** An earlier attempt did not finish (crash or in flight): run again; the ledger dedupes. */
  | { state: 'unfinished' }
  | { state: 'done'; status: number; body: unknown }
  | { state: 'mismatch' };

export class IdempotencyStore {
  private readonly db: DatabaseSync;
  private readonly statements;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS requests (
        key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      )`);
    // Prepared once: every mutating request runs two of these.
    this.statements = {
      find: this.db.prepare('SELECT fingerprint, status, body FROM requests WHERE key = ?'),
      insert: this.db.prepare('INSERT INTO requests (key, fingerprint) VALUES (?, ?)'),
      complete: this.db.prepare('UPDATE requests SET status = ?, body = ? WHERE key = ?'),
      release: this.db.prepare('DELETE FROM requests WHERE key = ? AND status IS NULL'),
    };
  }

  /** Records the start of a request, or reports what is known about an earlier one. */
  claim(key: string, fingerprint: string): Claim {
    const row = this.statements.find.get(key) as
      { fingerprint: string; status: number | null; body: string | null } | undefined;
    if (!row) {
      this.statements.insert.run(key, fingerprint);
      return { state: 'new' };
    }
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (row.status === null || row.body === null) return { state: 'unfinished' };
    return { state: 'done', status: row.status, body: JSON.parse(row.body) as unknown };
  }

  /** Stores the answer given, for repeats. */
  complete(key: string, status: number, body: unknown): void {
    this.statements.complete.run(status, JSON.stringify(body), key);
  }

  /** Forgets an attempt that failed without any effect, so the key can be used again. */
  release(key: string): void {
    this.statements.release.run(key);
  }

  close(): void {
    this.db.close();
  }
}

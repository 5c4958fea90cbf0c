/**
 * What the audit index answers, on its own (no SQLite, no Node.js): the explorer page reads the
 * same shapes.
 */
export interface AuditRecord {
  blockNumber: number;
  txIndex: number;
  txId: string;
  timestamp: string;
  org: string;
  validationCode: string;
  type: string | null;
  payload: unknown;
}

export interface AuditPage {
  records: AuditRecord[];
  /** Pass back to get the next (older) page; absent on the last page. */
  nextCursor?: string;
}

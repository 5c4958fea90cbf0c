/**
 * What the HTTP layer needs from the ledger, independent of Fabric's client API: submit a
 * transaction (with optional private data) or evaluate a query. The Fabric implementation is
 * in fabric-ledger.ts; tests of the HTTP layer may use any implementation.
 */
import { parseLedgerError, type ErrorCode } from '@points-alliance/chaincode/dist/domain/errors';

export interface LedgerCall {
  /** The chaincode's contract, e.g. 'points'. */
  contract: string;
  /** The transaction function, e.g. 'earn'. */
  fn: string;
  /** Arguments, each sent as JSON text. */
  args: unknown[];
  /** Private inputs, each sent as JSON text in the transient map; never recorded on the ledger. */
  transient?: Record<string, unknown>;
  /**
   * Orgs that must endorse a private-data transaction. The collection's members: the Fabric
   * gateway sends transient data only to them.
   */
  endorsingOrgs?: string[];
}

export interface Committed<T> {
  result: T;
  txId: string;
}

export interface LedgerClient {
  submit<T>(call: LedgerCall): Promise<Committed<T>>;
  evaluate<T>(call: LedgerCall): Promise<T>;
  /** True when the org's peer answers. */
  ready(): Promise<boolean>;
}

/** The chaincode refused the request: the client's mistake or a business rule. */
export class LedgerRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(`[${code}] ${detail}`);
    this.name = 'LedgerRefusal';
  }
}

/** The chaincode's refusal carried in any of these error texts, if one is there. */
export function refusalIn(texts: readonly string[]): LedgerRefusal | undefined {
  for (const text of texts) {
    const refusal = parseLedgerError(text);
    if (refusal) return new LedgerRefusal(refusal.code, refusal.message);
  }
  return undefined;
}

/** The network could not be reached or did not answer in time; the request may be retried. */
export class LedgerUnavailable extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'LedgerUnavailable';
  }
}

/** The transaction was ordered but invalidated at commit (after retries where they help). */
export class LedgerCommitFailure extends Error {
  constructor(
    readonly validationCode: string,
    readonly txId: string,
  ) {
    super(`transaction ${txId} was invalidated at commit: ${validationCode}`);
    this.name = 'LedgerCommitFailure';
  }
}

/** Gateway-side helpers that routes share: salts, treasury shard leases, receipt batching. */
import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { LedgerClient } from './fabric/ledger';

export interface Services {
  org: string;
  /**
   * Salt for a private record. Derived from the request id when there is one, so a retried
   * request stores byte-identical private data with the same hash; random otherwise.
   */
  saltFor(purpose: string, requestId: string | undefined): string;
  shards: ShardLeases;
  receipts: ReceiptBatcher;
  tokens: TokenDirectory;
}

interface TokenInfo {
  symbol: string;
  issuer: string;
  shardCount: number;
}

/** The alliance's tokens, looked up once: they are registered once and never change shape. */
export class TokenDirectory {
  private bySymbol = new Map<string, TokenInfo>();

  constructor(private readonly ledger: LedgerClient) {}

  private async refresh(): Promise<void> {
    const tokens = await this.ledger.evaluate<TokenInfo[]>({
      contract: 'tokens',
      fn: 'listTokens',
      args: [],
    });
    this.bySymbol = new Map(tokens.map((token) => [token.symbol, token]));
  }

  async bySymbolOrUndefined(symbol: string): Promise<TokenInfo | undefined> {
    if (!this.bySymbol.has(symbol)) await this.refresh();
    return this.bySymbol.get(symbol);
  }

  async ofIssuer(org: string): Promise<TokenInfo | undefined> {
    const find = () => [...this.bySymbol.values()].find((token) => token.issuer === org);
    if (!find()) await this.refresh();
    return find();
  }
}

export function saltSource(secret: Buffer) {
  return (purpose: string, requestId: string | undefined): string =>
    requestId === undefined
      ? randomBytes(16).toString('hex')
      : createHmac('sha256', secret)
          .update(`${purpose}\u0000${requestId}`)
          .digest('hex')
          .slice(0, 32);
}

/**
 * Leases treasury shards to in-flight mints so that no two concurrent transactions of this
 * gateway read and write the same shard (which would make Fabric reject one of them).
 */
export class ShardLeases {
  private readonly busy = new Map<string, Set<number>>();
  private readonly next = new Map<string, number>();

  async with<T>(
    symbol: string,
    shardCount: number,
    work: (shard: number) => Promise<T>,
  ): Promise<T> {
    const busy = this.busy.get(symbol) ?? new Set<number>();
    this.busy.set(symbol, busy);
    const start = this.next.get(symbol) ?? 0;
    let shard = start % shardCount;
    for (let i = 0; i < shardCount && busy.has(shard); i++) shard = (start + i + 1) % shardCount;
    // With every shard busy, share one: a conflict is retried, never wrong.
    this.next.set(symbol, shard + 1);
    busy.add(shard);
    try {
      return await work(shard);
    } finally {
      busy.delete(shard);
    }
  }
}

export interface Receipt {
  orderRef: string;
  purchaseAmountMinor: number;
  currency: string;
  store: string;
  plate?: string;
  salt: string;
}

/**
 * Writes earn receipts to the org's implicit collection in batches, off the earn's hot path:
 * one private-only transaction per batch.
 */
export class ReceiptBatcher {
  private queue: Receipt[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ledger: LedgerClient,
    private readonly org: string,
    private readonly logger: Logger,
    private readonly options = { maxBatch: 200, maxDelayMs: 500 },
  ) {}

  add(receipt: Receipt): void {
    this.queue.push(receipt);
    if (this.queue.length >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes what is queued; failed batches go back to the queue for the next flush. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(async () => {
      const batch = this.queue.splice(0, this.options.maxBatch);
      if (batch.length === 0) return;
      try {
        await this.ledger.submit({
          contract: 'points',
          fn: 'storeReceipts',
          args: [],
          transient: { receipts: batch },
          endorsingOrgs: [this.org],
        });
      } catch (error) {
        this.logger.warn(
          { err: error, count: batch.length },
          'receipt batch not stored; will retry',
        );
        this.queue.unshift(...batch);
        this.timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs * 4);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

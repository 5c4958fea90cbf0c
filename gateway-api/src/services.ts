/** Gateway-side helpers that routes share: salts, treasury shard leases, receipt batching. */
import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditIndex } from './audit/audit-index';
import { LedgerRefusal, type LedgerClient } from './fabric/ledger';
import type { MemberSessions } from './member-session/member-sessions';

export interface Services {
  org: string;
  /**
   * Salt for a private record. Derived from `sameAs` when there is one (the request id, or the
   * business reference that makes two requests the same), so a retried request stores
   * byte-identical private data with the same hash; random otherwise.
   */
  saltFor(purpose: string, sameAs: string | undefined): string;
  shards: ShardLeases;
  receipts: ReceiptBatcher;
  tokens: TokenDirectory;
  /** The channel's transactions, indexed from block events. */
  audit: AuditIndex;
  /** Member sign-in challenges and session tokens. */
  memberSessions: MemberSessions;
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
  return (purpose: string, sameAs: string | undefined): string =>
    sameAs === undefined
      ? randomBytes(16).toString('hex')
      : createHmac('sha256', secret).update(`${purpose}\u0000${sameAs}`).digest('hex').slice(0, 32);
}

/**
 * Leases treasury shards to in-flight mints so that no two concurrent transactions of this
 * gateway read and write the same shard (which would make Fabric reject one of them). With every
 * shard in flight, a mint waits for the first one back instead of sharing one: a shared shard
 * fails one of the two at commit, and its retry costs a whole round through the orderer.
 */
export class ShardLeases {
  private readonly busy = new Map<string, Set<number>>();
  private readonly next = new Map<string, number>();
  /** Mints waiting for a shard, first come first served: a released shard goes to the first. */
  private readonly waiting = new Map<string, ((shard: number) => void)[]>();

  async with<T>(
    symbol: string,
    shardCount: number,
    work: (shard: number) => Promise<T>,
  ): Promise<T> {
    const shard = await this.acquire(symbol, shardCount);
    try {
      return await work(shard);
    } finally {
      this.release(symbol, shard);
    }
  }

  private acquire(symbol: string, shardCount: number): Promise<number> {
    const busy = this.busy.get(symbol) ?? new Set<number>();
    this.busy.set(symbol, busy);
    // Round robin from where the last lease left off, so every shard's allowance is drawn on.
    const start = this.next.get(symbol) ?? 0;
    for (let i = 0; i < shardCount; i++) {
      const shard = (start + i) % shardCount;
      if (!busy.has(shard)) {
        busy.add(shard);
        this.next.set(symbol, shard + 1);
        return Promise.resolve(shard);
      }
    }
    const queue = this.waiting.get(symbol) ?? [];
    this.waiting.set(symbol, queue);
    return new Promise((resolve) => queue.push(resolve));
  }

  private release(symbol: string, shard: number): void {
    const first = this.waiting.get(symbol)?.shift();
    // Handed straight on, still busy: no newcomer can take it in between.
    if (first) first(shard);
    else this.busy.get(symbol)?.delete(shard);
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
  /** By order reference: a request run again queues its (identical) receipt again. */
  private queue = new Map<string, Receipt>();
  private timer: NodeJS.Timeout | undefined;
  /** After close, nothing schedules another flush: a failing ledger must not keep us alive. */
  private closed = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ledger: LedgerClient,
    private readonly org: string,
    private readonly logger: Logger,
    private readonly options = { maxBatch: 200, maxDelayMs: 500 },
  ) {}

  add(receipt: Receipt): void {
    this.queue.set(receipt.orderRef, receipt);
    if (this.queue.size >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs);
  }

  get pending(): number {
    return this.queue.size;
  }

  private take(): Receipt[] {
    const batch = [...this.queue.values()].slice(0, this.options.maxBatch);
    for (const receipt of batch) this.queue.delete(receipt.orderRef);
    return batch;
  }

  /**
   * Writes everything queued, a batch at a time. A batch the network did not take goes back to
   * the queue for a later flush; one the chaincode refuses would be refused again, so it is
   * logged and dropped rather than holding up every receipt after it.
   */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(async () => {
      for (let batch = this.take(); batch.length > 0; batch = this.take()) {
        try {
          const { result } = await this.ledger.submit<{
            rejected: { orderRef: string; reason: string }[];
          }>({
            contract: 'points',
            fn: 'storeReceipts',
            args: [],
            transient: { receipts: batch },
            endorsingOrgs: [this.org],
          });
          // The ledger keeps only receipts that match their earn; the rest are worth a look.
          for (const rejected of result.rejected) this.logger.warn(rejected, 'receipt not stored');
        } catch (error) {
          const count = batch.length;
          if (error instanceof LedgerRefusal) {
            this.logger.error({ err: error, count }, 'receipt batch refused; receipts dropped');
            continue;
          }
          this.logger.warn({ err: error, count }, 'receipt batch not stored; will retry');
          // Back in front of anything queued since, unless a newer copy was queued meanwhile.
          this.queue = new Map([...batch.map((r) => [r.orderRef, r] as const), ...this.queue]);
          if (!this.closed) {
            this.timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs * 4);
          }
          return;
        }
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

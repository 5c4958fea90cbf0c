/**
 * Ordering for the sandbox. The stand-in on its own commits each transaction the moment it is
 * endorsed, in a block of its own: almost nothing overlaps, so MVCC conflicts never show, and
 * every block copies the whole state, which grows through a run. This orders as Fabric's
 * orderer cuts blocks: endorsed transactions wait until MaxMessageCount are waiting or
 * BatchTimeout has passed since the first, then commit together as one block, validated in
 * arrival order. The values are the consortium's orderer defaults
 * (network/src/generate/configtx.ts).
 */
import type {
  Endorsement,
  FakeFabric,
  TxOutcome,
} from '@points-alliance/chaincode/dist/test-support/fake-fabric';
import { DEFAULT_ORDERING } from '@points-alliance/network';

/** Milliseconds of a Go duration such as 250ms or 2s (the forms configtx.ts accepts). */
export function durationMs(duration: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(duration);
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

interface Waiting {
  endorsement: Endorsement<unknown>;
  committed(outcome: TxOutcome<unknown>): void;
}

export class BlockCutter {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly net: FakeFabric,
    readonly batchTimeoutMs = durationMs(DEFAULT_ORDERING.batchTimeout),
    readonly maxMessageCount = DEFAULT_ORDERING.maxMessageCount,
  ) {}

  /** As a SimulatedLedger's orderer: resolves with the outcome once the block is committed. */
  readonly order = (endorsement: Endorsement<unknown>): Promise<TxOutcome<unknown>> =>
    new Promise((committed) => {
      this.waiting.push({ endorsement, committed });
      if (this.waiting.length >= this.maxMessageCount) this.cut();
      else this.timer ??= setTimeout(() => this.cut(), this.batchTimeoutMs);
    });

  private cut(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const block = this.waiting.splice(0, this.maxMessageCount);
    const outcomes = this.net.commitBlock(block.map(({ endorsement }) => endorsement));
    block.forEach(({ committed }, i) => {
      const outcome = outcomes[i];
      if (outcome) committed(outcome);
    });
    // The batch timer starts again with the first transaction of the next block.
    if (this.waiting.length > 0) this.timer = setTimeout(() => this.cut(), this.batchTimeoutMs);
  }

  /** Commits everything waiting and stops the timer. */
  stop(): void {
    while (this.waiting.length > 0) this.cut();
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

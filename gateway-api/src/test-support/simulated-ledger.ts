/**
 * A LedgerClient for tests: the real chaincode on the chaincode's Fabric stand-in, as one org of
 * a shared TestAlliance. Failures come out as the Fabric client's would: chaincode refusals as
 * LedgerRefusal, invalidated transactions as LedgerCommitFailure, and a switch makes the
 * network unreachable (LedgerUnavailable).
 */
import {
  CommitError,
  type Caller,
  type Endorsement,
  type TxOutcome,
} from '@points-alliance/chaincode/dist/test-support/fake-fabric';
import type {
  ContractName,
  TestAlliance,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import {
  LedgerCommitFailure,
  refusalIn,
  LedgerUnavailable,
  type Committed,
  type LedgerCall,
  type LedgerClient,
} from '../fabric/ledger';

/**
 * A function whose calls all resolve once it has been called `count` times. As a ledger's
 * `beforeCommit`, it holds `count` transactions between endorsement and commit until all are
 * endorsed: they overlap as on a busy network, and conflicting ones fail at commit.
 */
export function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived += 1;
    if (arrived >= count) open();
    return opened;
  };
}

/** Chaincode errors as the Fabric client reports them; anything else passes through. */
function translate(error: unknown): unknown {
  if (error instanceof CommitError)
    return new LedgerCommitFailure(error.validationCode, error.txId);
  return (error instanceof Error && refusalIn([error.message])) || error;
}

/**
 * Orders an endorsed transaction and commits it, answering its outcome: the stand-in's
 * default commits it at once in a block of its own; a benchmark cuts blocks as Fabric's
 * orderer does, many transactions to a block.
 */
export type Orderer = (endorsement: Endorsement<unknown>) => Promise<TxOutcome<unknown>>;

export class SimulatedLedger implements LedgerClient {
  /** False simulates a network this gateway cannot reach. */
  reachable = true;
  /** Runs between a transaction's endorsement and its commit (ordering, as it were). */
  beforeCommit: ((call: LedgerCall) => Promise<void>) | undefined;
  /** Orders and commits each endorsed transaction (default: at once, in a block of its own). */
  orderer: Orderer | undefined;
  /** Runs after a transaction committed, before the gateway hears of it. */
  afterCommit: ((call: LedgerCall) => Promise<void>) | undefined;
  /** Every call made, in order, for tests that look at what the gateway sent. */
  readonly calls: { kind: 'submit' | 'evaluate'; call: LedgerCall }[] = [];

  constructor(
    readonly alliance: TestAlliance,
    readonly org: string,
    /**
     * Whether transactions take the machine's time, as on a real network: for clients outside
     * the test (a browser, a fuzzer) that sign member requests with their own clock.
     */
    readonly wallClock = false,
  ) {}

  /** Set by halt(): the process this client lives in has died. */
  private halted = false;

  /**
   * Simulates the death of the gateway's process: no call of this client makes progress any
   * more, including those in flight (a transaction not yet committed never will be).
   */
  halt(): void {
    this.halted = true;
  }

  /** Never settles once halted: a dead process neither answers nor fails. */
  private async alive(): Promise<void> {
    if (this.halted) await new Promise<never>(() => undefined);
  }

  private caller(call: LedgerCall): Caller {
    if (!call.transient) return { mspId: this.org };
    const transient = Object.fromEntries(
      Object.entries(call.transient).map(([name, value]) => [
        name,
        Buffer.from(JSON.stringify(value)),
      ]),
    );
    return { mspId: this.org, transient };
  }

  private invocation(call: LedgerCall) {
    if (!this.reachable) throw new LedgerUnavailable(`${this.org}'s peer cannot be reached`);
    const now = Date.now();
    if (this.wallClock && now > this.alliance.now.getTime())
      this.alliance.net.setTime(new Date(now));
    return this.alliance.invocation({
      contract: call.contract as ContractName,
      fn: call.fn,
      args: call.args,
    });
  }

  async submit<T>(call: LedgerCall): Promise<Committed<T>> {
    this.calls.push({ kind: 'submit', call });
    const net = this.alliance.net;
    await this.alive();
    try {
      const endorsement = await net.endorse(this.caller(call), this.invocation(call));
      if (!endorsement.endorsed) throw endorsement.error;
      await this.beforeCommit?.(call);
      await this.alive();
      const outcome = this.orderer
        ? await this.orderer(endorsement)
        : net.commitBlock([endorsement])[0];
      if (outcome?.validationCode !== 'VALID') {
        throw new CommitError(endorsement.txId, outcome?.validationCode ?? 'ENDORSEMENT_ERROR');
      }
      await this.afterCommit?.(call);
      return { result: endorsement.result as T, txId: endorsement.txId };
    } catch (error) {
      throw translate(error);
    }
  }

  async evaluate<T>(call: LedgerCall): Promise<T> {
    this.calls.push({ kind: 'evaluate', call });
    await this.alive();
    try {
      return (await this.alliance.net.evaluate(this.caller(call), this.invocation(call))) as T;
    } catch (error) {
      throw translate(error);
    }
  }

  async ready(): Promise<boolean> {
    return this.reachable;
  }

  /** The submissions of one transaction function, in order. */
  submitted(fn: string): LedgerCall[] {
    return this.calls.filter((c) => c.kind === 'submit' && c.call.fn === fn).map((c) => c.call);
  }
}

/**
 * Forms and buttons that commit one transaction: the error as a readable sentence, and the
 * transaction id once the ledger has it. Each coupon and market action is one of these.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Committed } from '../types';
import { ErrorNote } from './notes';
import { useAction } from './use-load';

export interface Commit<A extends unknown[] = []> {
  run(...args: A): Promise<unknown>;
  busy: boolean;
  error: Error | undefined;
  /** The last committed transaction's id. */
  txId: string | undefined;
}

/** Runs `send` on demand, keeping its transaction id; `onDone` follows each success. */
export function useCommit<A extends unknown[] = []>(
  send: (...args: A) => Promise<Committed<unknown>>,
  onDone?: () => void,
): Commit<A> {
  const [txId, setTxId] = useState<string>();
  const action = useAction(async (...args: A) => {
    setTxId(undefined);
    const outcome = await send(...args);
    setTxId(outcome.txId);
    onDone?.();
  });
  return { run: action.run, busy: action.busy, error: action.error, txId };
}

/** The outcome of the last commit: why it failed, or its transaction id. */
export function CommitNote<A extends unknown[]>({
  commit,
  done,
}: {
  commit: Commit<A>;
  /** What the success says before the transaction id ("Gifted."). */
  done: string;
}) {
  return (
    <>
      <ErrorNote error={commit.error} />
      {commit.txId && (
        <p class="success done" role="status">
          {done} Transaction <code class="txid">{commit.txId}</code>
        </p>
      )}
    </>
  );
}

export function ActionForm({
  id,
  title,
  submitLabel,
  done,
  commit,
  disabled = false,
  wide = false,
  children,
}: {
  id: string;
  title: string;
  submitLabel: string;
  done: string;
  commit: Commit;
  disabled?: boolean;
  /** Lays many fields out in columns, as the merchant's longer forms do. */
  wide?: boolean;
  children: ComponentChildren;
}) {
  return (
    <form
      id={id}
      class="panel"
      onSubmit={(event) => {
        event.preventDefault();
        void commit.run();
      }}
    >
      <h3>{title}</h3>
      {wide ? <div class="grid-form">{children}</div> : children}
      <button type="submit" disabled={commit.busy || disabled}>
        {submitLabel}
      </button>
      <CommitNote commit={commit} done={done} />
    </form>
  );
}

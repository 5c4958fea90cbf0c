/**
 * Keeps the audit index up with the channel: reads blocks from the one after the checkpoint,
 * indexes each as a whole, and reconnects after a failure from wherever the index stopped.
 */
import type { common } from '@hyperledger/fabric-protos';
import type { Logger } from 'pino';
import type { AuditIndex } from './audit-index';
import { parseBlock } from './block-parser';

/** Where blocks come from: Fabric's block events, or anything that yields blocks in order. */
export type BlockSource = (
  startBlock: number,
) => Promise<AsyncIterable<common.Block> & { close(): void }>;

export interface FollowOptions {
  /** Wait after a failure before reconnecting (ms). */
  retryDelayMs?: number;
  signal: AbortSignal;
}

export async function followBlocks(
  source: BlockSource,
  index: AuditIndex,
  logger: Logger,
  options: FollowOptions,
): Promise<void> {
  while (!options.signal.aborted) {
    let blocks: (AsyncIterable<common.Block> & { close(): void }) | undefined;
    const stop = () => blocks?.close();
    options.signal.addEventListener('abort', stop, { once: true });
    try {
      blocks = await source(index.checkpoint() + 1);
      for await (const block of blocks) {
        const number = Number(block.getHeader()?.getNumber() ?? 0);
        index.recordBlock(number, parseBlock(block));
      }
    } catch (error) {
      if (!options.signal.aborted) {
        logger.warn(
          { err: error, checkpoint: index.checkpoint() },
          'block events interrupted; reconnecting',
        );
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
      blocks?.close();
    }
    // A stream that ended, with or without an error, is reopened after a pause.
    if (!options.signal.aborted) await pause(options.retryDelayMs ?? 1000, options.signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

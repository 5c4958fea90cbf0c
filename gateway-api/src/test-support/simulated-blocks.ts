/**
 * Block events from the chaincode's Fabric stand-in, as a peer would deliver them: the channel's
 * genesis block first, then each committed block as real block bytes, waiting for new blocks
 * until closed. Lets the audit index follow a simulated alliance as it follows a channel.
 */
import { peer, type common } from '@hyperledger/fabric-protos';
import type {
  BlockTransaction,
  FakeFabric,
} from '@points-alliance/chaincode/dist/test-support/fake-fabric';
import type { BlockSource } from '../audit/block-follower';
import { testBlock, type TestTransaction } from './blocks';

const GENESIS: TestTransaction = {
  txId: 'genesis',
  mspId: 'OrdererMSP',
  at: new Date(0),
  config: true,
};

function asTestTransaction(tx: BlockTransaction): TestTransaction {
  return {
    txId: tx.txId,
    mspId: tx.creatorMspId,
    at: tx.timestamp,
    validationCode: peer.TxValidationCode[tx.validationCode],
    ...(tx.event && {
      eventName: tx.event.name,
      payload: JSON.parse(tx.event.payload.toString('utf8')) as unknown,
    }),
  };
}

function blockAt(net: FakeFabric, number: number): common.Block | undefined {
  if (number === 0) return testBlock(0, [GENESIS]);
  const committed = net.blocks[number - 1];
  return committed && testBlock(number, committed.transactions.map(asTestTransaction));
}

export function simulatedBlocks(net: FakeFabric): BlockSource {
  return async (startBlock) => {
    let closed = false;
    let wake: () => void = () => undefined;
    const unsubscribe = net.onBlock(() => wake());
    async function* follow(): AsyncGenerator<common.Block> {
      for (let next = startBlock; !closed;) {
        const block = blockAt(net, next);
        if (block) {
          yield block;
          next += 1;
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
    }
    const blocks = follow();
    return Object.assign(blocks, {
      close: () => {
        closed = true;
        unsubscribe();
        wake();
      },
    });
  };
}

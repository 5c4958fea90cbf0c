/** A merchant's gateway process: one org, one peer connection, one HTTP listener. */
import pino from 'pino';
import { loadConfig } from './config';
import { connectToPeer } from './fabric/connect';
import { FabricLedger } from './fabric/fabric-ledger';
import { assembleGateway } from './gateway';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, base: { org: config.mspId } });

  const connection = await connectToPeer({
    ...config,
    deadlines: {
      evaluateMs: config.evaluateTimeoutMs,
      endorseMs: config.endorseTimeoutMs,
      submitMs: config.submitTimeoutMs,
      commitStatusMs: config.commitStatusTimeoutMs,
    },
  });
  const ledger = new FabricLedger(connection.network, { chaincode: config.chaincode });
  const { app, close } = assembleGateway({
    org: config.mspId,
    dataDir: config.dataDir,
    ledger,
    logger,
    blocks: (startBlock) => connection.network.getBlockEvents({ startBlock: BigInt(startBlock) }),
  });

  const server = app.listen(config.port, config.host, () => {
    logger.info({ url: `http://${config.host}:${config.port}` }, 'gateway listening');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Finish in-flight requests, write queued receipts, then let go of the peer and the stores.
    server.close(() => {
      void close().finally(() => {
        connection.close();
        process.exit(0);
      });
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

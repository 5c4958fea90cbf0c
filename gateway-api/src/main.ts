/** A merchant's gateway process: one org, one peer connection, one HTTP listener. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { CredentialStore } from './auth/credentials';
import { loadConfig } from './config';
import { connectToPeer } from './fabric/connect';
import { FabricLedger } from './fabric/fabric-ledger';
import { createApp } from './http/app';
import { createMetrics } from './http/metrics';
import { openApiDocument } from './http/openapi';
import { IdempotencyStore } from './idempotency/store';
import { routes } from './routes';
import { ReceiptBatcher, saltSource, ShardLeases, TokenDirectory } from './services';

/** The gateway's own secret (salts of private records), created once in its data folder. */
function gatewaySecret(dataDir: string): Buffer {
  const path = join(dataDir, 'secret');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  return readFileSync(path);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, base: { org: config.mspId } });
  mkdirSync(config.dataDir, { recursive: true });

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
  const idempotency = new IdempotencyStore(join(config.dataDir, 'idempotency.sqlite'));
  const receipts = new ReceiptBatcher(ledger, config.mspId, logger);
  const app = createApp({
    routes,
    ledger,
    credentials: CredentialStore.open(join(config.dataDir, 'credentials.json'), config.mspId),
    idempotency,
    services: {
      org: config.mspId,
      saltFor: saltSource(gatewaySecret(config.dataDir)),
      shards: new ShardLeases(),
      receipts,
      tokens: new TokenDirectory(ledger),
    },
    logger,
    metrics: createMetrics(config.mspId),
    documents: {
      '/openapi.json': openApiDocument(routes, {
        title: `Points Alliance gateway (${config.mspId})`,
        version: '0.1.0',
      }),
    },
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
      void receipts.close().finally(() => {
        idempotency.close();
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

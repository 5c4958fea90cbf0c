/**
 * One org's gateway put together from its ledger connection and its data folder: credentials,
 * idempotency records, services, metrics, the routes and their document. The process entry and
 * the tests build the same thing here, so what the tests exercise is what runs.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type express from 'express';
import type { Logger } from 'pino';
import { AuditIndex } from './audit/audit-index';
import { followBlocks, type BlockSource } from './audit/block-follower';
import { CredentialStore } from './auth/credentials';
import type { LedgerClient } from './fabric/ledger';
import { createApp } from './http/app';
import { DEFAULT_EXPLORER_DIR } from './http/explorer-site';
import { createMetrics, type Metrics } from './http/metrics';
import { openApiDocument } from './http/openapi';
import { IdempotencyStore } from './idempotency/store';
import { MemberSessions } from './member-session/member-sessions';
import { routes } from './routes';
import { ReceiptBatcher, saltSource, ShardLeases, TokenDirectory, type Services } from './services';

export const VERSION = '0.1.0';

/** The gateway's own secret (salts of private records), created once in its data folder. */
export function gatewaySecret(dataDir: string): Buffer {
  const path = join(dataDir, 'secret');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  return readFileSync(path);
}

/** A key for one purpose from the gateway's secret, so no two uses share a key. */
function derivedKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`key:${purpose}`).digest();
}

export interface GatewayOptions {
  org: string;
  /** Credentials, idempotency records and the gateway's secret live here. */
  dataDir: string;
  ledger: LedgerClient;
  logger: Logger;
  /** Where the audit index reads blocks from; without one the index only answers queries. */
  blocks?: BlockSource;
  /** The explorer's build output, served at `/` (default: the explorer workspace's dist). */
  explorerDir?: string;
}

export interface Gateway {
  app: express.Express;
  credentials: CredentialStore;
  idempotency: IdempotencyStore;
  services: Services;
  metrics: Metrics;
  /** Writes queued receipts and closes the stores; the ledger connection is the caller's. */
  close(): Promise<void>;
}

export function assembleGateway({
  org,
  dataDir,
  ledger,
  logger,
  blocks,
  explorerDir = DEFAULT_EXPLORER_DIR,
}: GatewayOptions): Gateway {
  mkdirSync(dataDir, { recursive: true });
  const credentials = CredentialStore.open(join(dataDir, 'credentials.json'), org);
  const idempotency = new IdempotencyStore(join(dataDir, 'idempotency.sqlite'));
  const audit = new AuditIndex(join(dataDir, 'audit.sqlite'));
  const following = new AbortController();
  const followed = blocks
    ? followBlocks(blocks, audit, logger, { signal: following.signal })
    : Promise.resolve();
  const secret = gatewaySecret(dataDir);
  const services: Services = {
    org,
    saltFor: saltSource(secret),
    shards: new ShardLeases(),
    receipts: new ReceiptBatcher(ledger, org, logger),
    tokens: new TokenDirectory(ledger),
    audit,
    memberSessions: new MemberSessions(org, derivedKey(secret, 'member-sessions')),
  };
  const metrics = createMetrics(org);
  const app = createApp({
    routes,
    ledger,
    credentials,
    idempotency,
    services,
    logger,
    metrics,
    explorerDir,
    documents: {
      '/openapi.json': openApiDocument(routes, {
        title: `Points Alliance gateway (${org})`,
        version: VERSION,
      }),
    },
  });
  return {
    app,
    credentials,
    idempotency,
    services,
    metrics,
    close: async () => {
      following.abort();
      try {
        await services.receipts.close();
        await followed;
      } finally {
        idempotency.close();
        audit.close();
      }
    },
  };
}

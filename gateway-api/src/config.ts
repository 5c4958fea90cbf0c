/**
 * A gateway's configuration: from a JSON file named by PA_GATEWAY_CONFIG, with any field
 * overridable by its environment variable (PA_GATEWAY_<FIELD> in upper snake case).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Config = z.strictObject({
  mspId: z.string().min(1),
  peerEndpoint: z.string().min(1),
  peerHostAlias: z.string().min(1).optional(),
  tlsCaCertPath: z.string().min(1),
  certPath: z.string().min(1),
  keyPath: z.string().min(1),
  channel: z.string().min(1).default('alliance'),
  chaincode: z.string().min(1).default('points'),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(1).max(65535),
  /** Credentials, idempotency records and the gateway's secret live here. */
  dataDir: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  evaluateTimeoutMs: z.coerce.number().int().positive().default(5_000),
  endorseTimeoutMs: z.coerce.number().int().positive().default(15_000),
  submitTimeoutMs: z.coerce.number().int().positive().default(5_000),
  commitStatusTimeoutMs: z.coerce.number().int().positive().default(60_000),
});
export type GatewayConfig = z.infer<typeof Config>;

function envName(field: string): string {
  return `PA_GATEWAY_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const fromFile = env.PA_GATEWAY_CONFIG
    ? (JSON.parse(readFileSync(env.PA_GATEWAY_CONFIG, 'utf8')) as Record<string, unknown>)
    : {};
  const fromEnv = Object.fromEntries(
    Object.keys(Config.shape)
      .map((field) => [field, env[envName(field)]] as const)
      .filter(([, value]) => value !== undefined),
  );
  const result = Config.safeParse({ ...fromFile, ...fromEnv });
  if (!result.success) {
    throw new Error(`gateway configuration: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`);
  }
  return result.data;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CONSORTIUM_FILE,
  gatewayConfig,
  loadConsortium,
  networkPathsUnder,
} from '@points-alliance/network';
import { loadConfig } from './config';

function writeConfig(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pa-config-')), 'gateway.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('gateway configuration', () => {
  const consortium = loadConsortium(DEFAULT_CONSORTIUM_FILE);
  const [mall] = consortium.merchantOrgs.filter((org) => org.kind === 'mall');
  const generated = gatewayConfig(
    consortium,
    networkPathsUnder('/srv/pa'),
    mall as (typeof consortium.merchantOrgs)[number],
  );

  it('reads the file the network tooling generates, with defaults for the rest', () => {
    expect(loadConfig({ PA_GATEWAY_CONFIG: writeConfig(generated) })).toEqual({
      ...generated,
      logLevel: 'info',
      evaluateTimeoutMs: 5_000,
      endorseTimeoutMs: 15_000,
      submitTimeoutMs: 5_000,
      commitStatusTimeoutMs: 60_000,
    });
  });

  it('lets the environment override any field', () => {
    const config = loadConfig({
      PA_GATEWAY_CONFIG: writeConfig(generated),
      PA_GATEWAY_PORT: '9999',
      PA_GATEWAY_LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({ port: 9999, logLevel: 'debug', mspId: generated.mspId });
  });

  it('names every missing or wrong field', () => {
    expect(() => loadConfig({ PA_GATEWAY_PORT: 'eighty' })).toThrow(/mspId[\s\S]*port/);
    expect(() =>
      loadConfig({ PA_GATEWAY_CONFIG: writeConfig({ ...generated, colour: 'red' }) }),
    ).toThrow(/colour/);
  });
});

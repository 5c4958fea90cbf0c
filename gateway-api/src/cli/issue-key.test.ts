import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialStore } from '../auth/credentials';
import { issueKey } from './issue-key';

describe('issue-key', () => {
  it('issues a key the gateway accepts, storing only its hash', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-keys-'));
    const { key } = issueKey([
      '--data-dir',
      dataDir,
      '--org',
      'Mall1MSP',
      '--role',
      'operator',
      '--name',
      'Otto',
    ]);
    expect(key).toMatch(/^pa\.Mall1MSP\.[0-9a-f]{16}\./);
    const file = readFileSync(join(dataDir, 'credentials.json'), 'utf8');
    expect(file).not.toContain(key.split('.')[3]);
    const staff = await CredentialStore.open(
      join(dataDir, 'credentials.json'),
      'Mall1MSP',
    ).authenticate(key);
    expect(staff).toMatchObject({ org: 'Mall1MSP', role: 'operator', name: 'Otto' });
  });

  it('refuses unknown roles, missing options and another org’s file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-keys-'));
    const base = ['--data-dir', dataDir, '--org', 'Mall1MSP', '--name', 'X'];
    expect(() => issueKey([...base, '--role', 'root'])).toThrow(/role must be one of/);
    expect(() => issueKey(['--org', 'Mall1MSP'])).toThrow(/usage/);
    expect(() => issueKey([...base, '--role', 'admin', '--colour', 'red'])).toThrow(
      /Unknown option/,
    );
    issueKey([...base, '--role', 'admin']);
    expect(() =>
      issueKey(['--data-dir', dataDir, '--org', 'Mall2MSP', '--name', 'Y', '--role', 'admin']),
    ).toThrow(/holds credentials of Mall1MSP/);
  });
});

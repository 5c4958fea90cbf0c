/**
 * Issues a staff API key for one org's gateway and prints it once; only its hash is kept.
 *
 *   node gateway-api/dist/cli/issue-key.js --data-dir DIR --org MSPID --role admin|operator|auditor --name "Ada Admin"
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CredentialStore, ROLES, type Role } from '../auth/credentials';

export function issueKey(argv: string[]): { key: string; role: Role; org: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'];
  const { org, role, name } = values;
  if (!dataDir || !org || !role || !name) {
    throw new Error(
      'usage: issue-key --data-dir DIR --org MSPID --role admin|operator|auditor --name NAME',
    );
  }
  if (!(ROLES as readonly string[]).includes(role))
    throw new Error(`role must be one of ${ROLES.join(', ')}`);
  mkdirSync(dataDir, { recursive: true });
  const store = CredentialStore.open(join(dataDir, 'credentials.json'), org);
  const { key } = store.issue(name, role as Role);
  return { key, role: role as Role, org };
}

if (require.main === module) {
  try {
    console.log(issueKey(process.argv.slice(2)).key);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

import type { DraftConsortium, DraftEndpoint, DraftOrg } from './draft';
import type { ConsortiumIssue, IssuePath } from './errors';
import { chaincodeServiceDomain } from './model';

/** The checks no single field can make: uniqueness, port clashes, the orderer count. */
export function crossFieldIssues(draft: DraftConsortium): ConsortiumIssue[] {
  return [
    ...duplicates(
      draft.orgs.map((org) => ({ value: org.name, path: [...org.path, 'name'] })),
      (name) => `duplicate org name "${name}"`,
    ),
    ...duplicates(
      draft.orgs.map((org) => ({ value: org.mspId, path: [...org.path, 'mspId'] })),
      (mspId) => `duplicate MSP ID "${mspId}"`,
    ),
    ...domainClashes(draft.orgs),
    ...draft.orgs.flatMap((org) =>
      duplicates(
        org.nodes.map((node) => ({ value: node.name, path: [...node.path, 'name'] })),
        (name) => `duplicate node name "${name}" in org ${org.name ?? '(unnamed)'}`,
      ),
    ),
    ...endpointClashes(draft.orgs.flatMap((org) => org.nodes.flatMap((node) => node.endpoints))),
    ...ordererCountIssues(draft),
  ];
}

interface Keyed {
  readonly value: string | undefined;
  readonly path: IssuePath;
}

function duplicates(entries: readonly Keyed[], message: (value: string) => string) {
  const firstSeen = new Map<string, IssuePath>();
  const issues: ConsortiumIssue[] = [];
  for (const { value, path } of entries) {
    if (value === undefined) continue;
    const earlier = firstSeen.get(value);
    if (earlier) issues.push({ path, message: message(value), conflictsWith: earlier });
    else firstSeen.set(value, path);
  }
  return issues;
}

/** cryptogen writes each domain into its own directory, so two orgs must never share one. */
function domainClashes(orgs: readonly DraftOrg[]): ConsortiumIssue[] {
  const firstSeen = new Map<string, { path: IssuePath; derived: boolean }>();
  const issues: ConsortiumIssue[] = [];
  const claim = (domain: string, path: IssuePath, derived: boolean): void => {
    const key = domain.toLowerCase();
    const earlier = firstSeen.get(key);
    if (!earlier) {
      firstSeen.set(key, { path, derived });
      return;
    }
    const why = derived || earlier.derived ? ' (chaincode service certificates use it)' : '';
    issues.push({
      path,
      message: `domain "${domain}" is used twice${why}`,
      conflictsWith: earlier.path,
    });
  };
  for (const org of orgs) {
    if (org.domain === undefined) continue;
    const path = [...org.path, 'domain'];
    claim(org.domain, path, false);
    if (org.isMerchant) claim(chaincodeServiceDomain(org.domain), path, true);
  }
  return issues;
}

function endpointClashes(endpoints: readonly DraftEndpoint[]): ConsortiumIssue[] {
  const issues: ConsortiumIssue[] = [];
  endpoints.forEach((endpoint, index) => {
    const earlier = endpoints
      .slice(0, index)
      .find((other) => other.port === endpoint.port && sameInterface(other.host, endpoint.host));
    if (earlier) {
      issues.push({
        path: endpoint.path,
        message: `port ${endpoint.port} on ${endpoint.host} is already in use`,
        conflictsWith: earlier.path,
      });
    }
  });
  return issues;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);

function sameInterface(a: string, b: string): boolean {
  if (WILDCARD_HOSTS.has(a) || WILDCARD_HOSTS.has(b)) return true;
  return loopbackAlias(a) === loopbackAlias(b);
}

function loopbackAlias(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'localhost' ? '127.0.0.1' : lower;
}

/**
 * Raft needs a majority of its nodes alive. An even count tolerates no more failures than one
 * node fewer (4 survives one failure, like 3; 2 survives none), so it only adds a failure point.
 */
function ordererCountIssues(draft: DraftConsortium): ConsortiumIssue[] {
  const count = draft.ordererCount;
  const raft = draft.consensus === undefined || draft.consensus === 'etcdraft';
  if (!raft || count === undefined || count === 0 || count % 2 === 1) return [];
  return [
    {
      path: ['ordererOrg', 'orderers'],
      message:
        `etcdraft needs an odd number of orderers, got ${count}: ` +
        `${count} tolerate no more failures than ${count - 1}`,
    },
  ];
}

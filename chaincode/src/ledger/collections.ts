/**
 * Names of the private data collections the chaincode writes. The network's collections config
 * is generated from the same functions, so the two cannot drift apart.
 */

/** Fabric's implicit collection of one org: only that org's peers hold the data. */
export function implicitCollection(org: string): string {
  return `_implicit_org_${org}`;
}

/** Collection shared by exactly two merchants; named the same whichever side asks. */
export function pairCollection(orgA: string, orgB: string): string {
  if (orgA === orgB)
    throw new Error(`a pair collection needs two different orgs, got ${orgA} twice`);
  return `pair_${[orgA, orgB].sort().join('_')}`;
}

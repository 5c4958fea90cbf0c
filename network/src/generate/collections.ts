import type { Consortium } from '../consortium/schema';

/**
 * One entry of the JSON array that `peer lifecycle chaincode approveformyorg
 * --collections-config` reads (Fabric 3.1 internal/peer/chaincode collectionConfigJson).
 */
export interface CollectionConfig {
  readonly name: string;
  readonly policy: string;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
  readonly endorsementPolicy: { readonly signaturePolicy: string };
}

/**
 * The private collection two merchants share: `pair_` and both MSP IDs, sorted, joined by `_`.
 * The chaincode derives the same name, so either side may name the pair in either order.
 */
export function pairCollectionName(mspA: string, mspB: string): string {
  if (mspA === mspB)
    throw new Error(`a pair collection needs two different orgs, got ${mspA} twice`);
  return ['pair', ...[mspA, mspB].sort()].join('_');
}

/**
 * One collection per unordered pair of merchant orgs. Each org's own collection needs no entry:
 * Fabric provides _implicit_org_<MSP> for every org.
 */
export function collectionsConfig(consortium: Consortium): CollectionConfig[] {
  const mspIds = consortium.merchantOrgs.map((org) => org.mspId).sort();
  return mspIds.flatMap((first, index) =>
    mspIds.slice(index + 1).map((second) => pairCollection(first, second)),
  );
}

function pairCollection(mspA: string, mspB: string): CollectionConfig {
  const [first, second] = [mspA, mspB].sort();
  return {
    name: pairCollectionName(mspA, mspB),
    policy: `OR('${first}.member', '${second}.member')`,
    requiredPeerCount: 0,
    maxPeerCount: 1,
    // Kept forever: settlement terms and bank references must stay auditable by both parties.
    blockToLive: 0,
    memberOnlyRead: true,
    memberOnlyWrite: true,
    // Both parties' peers must endorse a write to what they share.
    endorsementPolicy: { signaturePolicy: `AND('${first}.peer', '${second}.peer')` },
  };
}

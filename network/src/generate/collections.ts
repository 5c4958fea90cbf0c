import type { Consortium } from '../consortium/schema';
import { pairCollection } from '@points-alliance/chaincode/dist/ledger/collections';

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
 * One collection per unordered pair of merchant orgs. Each org's own collection needs no entry:
 * Fabric provides _implicit_org_<MSP> for every org.
 */
export function collectionsConfig(consortium: Consortium): CollectionConfig[] {
  const mspIds = consortium.merchantOrgs.map((org) => org.mspId).sort();
  return mspIds.flatMap((first, index) =>
    mspIds.slice(index + 1).map((second) => pairCollectionConfig(first, second)),
  );
}

function pairCollectionConfig(mspA: string, mspB: string): CollectionConfig {
  const [first, second] = [mspA, mspB].sort();
  return {
    name: pairCollection(mspA, mspB),
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

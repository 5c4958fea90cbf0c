import { common, msp } from '@hyperledger/fabric-protos';
import { majorityOf } from '../domain/approvals';

export { majorityOf };

function signedBy(index: number): common.SignaturePolicy {
  const rule = new common.SignaturePolicy();
  rule.setSignedBy(index);
  return rule;
}

function nOutOf(n: number, rules: common.SignaturePolicy[]): common.SignaturePolicy {
  const inner = new common.SignaturePolicy.NOutOf();
  inner.setN(n);
  inner.setRulesList(rules);
  const rule = new common.SignaturePolicy();
  rule.setNOutOf(inner);
  return rule;
}

function peerOf(mspId: string): msp.MSPPrincipal {
  const role = new msp.MSPRole();
  role.setMspIdentifier(mspId);
  role.setRole(msp.MSPRole.MSPRoleType.PEER);
  const principal = new msp.MSPPrincipal();
  principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  principal.setPrincipal(role.serializeBinary());
  return principal;
}

/**
 * Key-level policy "every one of `required` AND a majority of `alliance`", as a serialized
 * SignaturePolicyEnvelope. A key-level policy replaces the chaincode's MAJORITY policy for its
 * key, so it must never be weaker than the majority: the required orgs are added on top.
 */
export function requiredOrgsAndMajority(
  required: readonly string[],
  alliance: readonly string[],
): Uint8Array {
  const orgs = [...new Set(alliance)].sort();
  const missing = required.filter((org) => !orgs.includes(org));
  if (missing.length > 0) throw new Error(`not alliance members: ${missing.join(', ')}`);
  const indexOf = (org: string): number => orgs.indexOf(org);
  const mustSign = [...new Set(required)].sort().map((org) => signedBy(indexOf(org)));
  const majority = nOutOf(
    majorityOf(orgs.length),
    orgs.map((org) => signedBy(indexOf(org))),
  );
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setRule(nOutOf(mustSign.length + 1, [...mustSign, majority]));
  envelope.setIdentitiesList(orgs.map(peerOf));
  return envelope.serializeBinary();
}

/** Reads a policy back into a plain description; used by tests and audits of stored policies. */
export function describePolicy(bytes: Uint8Array): { orgs: string[]; rule: unknown } {
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
  const orgs = envelope
    .getIdentitiesList()
    .map((principal) =>
      msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8()).getMspIdentifier(),
    );
  const describe = (rule: common.SignaturePolicy | undefined): unknown => {
    if (!rule) return null;
    if (rule.hasSignedBy()) return orgs[rule.getSignedBy()];
    const inner = rule.getNOutOf();
    return { outOf: inner?.getN(), of: inner?.getRulesList().map(describe) ?? [] };
  };
  return { orgs, rule: describe(envelope.getRule()) };
}

/** Putting a sandbox alliance in shape through the merchants' gateways, as their staff would. */
import { randomUUID } from 'node:crypto';
import { RATE_CARD, type TestMember } from '@points-alliance/chaincode/dist/test-support/alliance';
import type { Sandbox, SandboxGateway } from '@points-alliance/gateway-api/test-support/sandbox';
import { earnBody } from '@points-alliance/gateway-api/test-support/test-gateway';
import { send, type Answer } from './http';

const HOUR = 3_600_000;

export function gatewayOf(sandbox: Sandbox, org: string): SandboxGateway {
  const gateway = sandbox.gateways[org];
  if (!gateway) throw new Error(`the sandbox runs no gateway of ${org}`);
  return gateway;
}

function expectOk(answer: Answer, what: string): Answer {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${answer.text}`);
  return answer;
}

/** Credits a member with the gateway's own points for a purchase; answers the earn's txId. */
export async function earn(
  gateway: SandboxGateway,
  memberId: string,
  points: number,
  orderRef = `o-${randomUUID()}`,
): Promise<string> {
  const answer = await send(gateway.url, '/earns', {
    apiKey: gateway.gateway.keys.operator,
    json: earnBody(memberId, orderRef, points),
  });
  return String(expectOk(answer, `earn at ${gateway.org}`).body?.txId);
}

/** Private commercial terms, as the proposer's admin enters them. */
export interface Terms {
  pricePerThousandPointsMinor: number;
  currency: string;
}

/**
 * An agreement `from` proposes and `to` accepts, each through its own gateway, in force from
 * an hour ago for a month (the sandbox runs on the wall clock).
 */
export async function makeAgreement(
  sandbox: Sandbox,
  from: string,
  to: string,
  agreementId: string,
  terms: Terms,
  card: Partial<typeof RATE_CARD> = {},
): Promise<void> {
  const proposer = gatewayOf(sandbox, from);
  const now = Date.now();
  const proposed = await send(proposer.url, '/agreements', {
    apiKey: proposer.gateway.keys.admin,
    json: {
      agreementId,
      toOrg: to,
      ...RATE_CARD,
      validFrom: new Date(now - HOUR).toISOString(),
      validUntil: new Date(now + 30 * 24 * HOUR).toISOString(),
      ...card,
      terms,
    },
  });
  expectOk(proposed, `propose ${agreementId}`);
  const acceptor = gatewayOf(sandbox, to);
  const accepted = await send(acceptor.url, `/agreements/${agreementId}/acceptance`, {
    apiKey: acceptor.gateway.keys.admin,
    json: {},
  });
  expectOk(accepted, `accept ${agreementId}`);
}

/** Members registered at each org's gateway, `perOrg` each, ids `<prefix>-<org index>-<n>`. */
export async function registerMembers(
  sandbox: Sandbox,
  prefix: string,
  perOrg: number,
): Promise<TestMember[]> {
  const members: TestMember[] = [];
  for (const [index, gateway] of Object.values(sandbox.gateways).entries()) {
    for (let n = 0; n < perOrg; n += 1) {
      members.push(await gateway.gateway.registerMember(`${prefix}-${index}-${n}`));
    }
  }
  return members;
}

/**
 * Writes the receipts the gateways still hold (earns store them in a later, batched private
 * transaction), so a before/after comparison sees only what the test itself does.
 */
export async function flushReceipts(sandbox: Sandbox): Promise<void> {
  await Promise.all(
    Object.values(sandbox.gateways).map(({ gateway }) => gateway.services.receipts.flush()),
  );
}

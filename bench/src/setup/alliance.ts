/**
 * Puts an alliance in shape for the benchmark through the merchants' REST gateways, as their
 * staff would, so the same steps serve the sandbox and the network: each merchant's token (if
 * it has none), members at every merchant, a ring of exchange agreements, and points for the
 * members whose workloads spend them. Nothing here is measured.
 */
import { generateKeyPairSync } from 'node:crypto';
import { encodeMemberPublicKey } from '@points-alliance/chaincode/dist/member-request';
import {
  RATE_CARD,
  SYMBOL,
  TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { earnBody } from '@points-alliance/gateway-api/test-support/test-gateway';
import { send, type Answer } from '../../../test/src/support/http';
import type { RestEndpoint, Target } from '../targets/target';
import { mapLimited } from './limit';

/** The workloads that use members, each from its own members so they never touch each other's. */
export const MEMBER_WORKLOADS = ['earn', 'transfer', 'exchange', 'redeem'] as const;
export type MemberWorkload = (typeof MEMBER_WORKLOADS)[number];

export interface Cast {
  orgs: readonly string[];
  /** Each org's own token. */
  symbolOf: Record<string, string>;
  /** Members registered at each org, by the workload that uses them. */
  members: Record<string, Record<MemberWorkload, TestMember[]>>;
  /** The agreement each org's members exchange on, and the token it pays out. */
  agreementOf: Record<string, { id: string; toSymbol: string }>;
}

export interface SetupOptions {
  /** Members registered at each org, shared out evenly among MEMBER_WORKLOADS. */
  membersPerOrg: number;
  /** Makes member and agreement ids unique to this run (a network keeps what earlier runs left). */
  runId: string;
  /** Whether to fund members and make agreements (the hot key variant needs only earners). */
  full: boolean;
}

const SETUP_CONCURRENCY = 64;
/** Points each spending member starts with: far more than a run spends. */
const FUNDS = 100_000;
const TOKEN_CAP = 1_000_000_000;
/** Exchanges of 10 points, never limited by the daily cap. */
export const EXCHANGE_CARD = { minimum: 10, step: 10, fee: 1, memberDailyCap: 1_000_000_000 };
const HOUR = 3_600_000;

function ok(answer: Answer, what: string): Answer {
  if (answer.status >= 300) throw new Error(`setup: ${what}: ${answer.status} ${answer.text}`);
  return answer;
}

async function tokens(endpoint: RestEndpoint): Promise<{ symbol: string; issuer: string }[]> {
  const answer = ok(
    await send(endpoint.url, '/tokens', { apiKey: endpoint.keys.auditor }),
    'tokens',
  );
  return JSON.parse(answer.text) as { symbol: string; issuer: string }[];
}

/** Each org's token symbol, registering (with the chaincode's defaults) those not there yet. */
async function ensureTokens(target: Target): Promise<Record<string, string>> {
  const first = target.rest(target.orgs[0] ?? '');
  const issued = new Set((await tokens(first)).map((token) => token.issuer));
  const missing = target.orgs.filter((org) => !issued.has(org));
  await mapLimited(missing, missing.length, async (org) => {
    const endpoint = target.rest(org);
    const json = {
      symbol: SYMBOL[org] ?? org.slice(0, 8).toUpperCase(),
      name: `${org} points`,
      cap: TOKEN_CAP,
    };
    ok(
      await send(endpoint.url, '/tokens', { apiKey: endpoint.keys.admin, json }),
      `token of ${org}`,
    );
  });
  return Object.fromEntries((await tokens(first)).map((token) => [token.issuer, token.symbol]));
}

async function registerMember(endpoint: RestEndpoint, memberId: string): Promise<TestMember> {
  const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKey = encodeMemberPublicKey(keyPair.publicKey);
  const json = { memberId, publicKey, personal: { name: `Member ${memberId}` } };
  ok(await send(endpoint.url, '/members', { apiKey: endpoint.keys.operator, json }), memberId);
  return new TestMember(memberId, endpoint.org, keyPair.privateKey, publicKey);
}

/** An agreement `from` proposes and `to` accepts, in force from an hour ago for a month. */
async function agree(target: Target, from: string, to: string, agreementId: string) {
  const proposer = target.rest(from);
  const now = Date.now();
  const proposal = {
    agreementId,
    toOrg: to,
    ...RATE_CARD,
    ...EXCHANGE_CARD,
    validFrom: new Date(now - HOUR).toISOString(),
    validUntil: new Date(now + 720 * HOUR).toISOString(),
    terms: { pricePerThousandPointsMinor: 1000, currency: 'EUR' },
  };
  ok(
    await send(proposer.url, '/agreements', { apiKey: proposer.keys.admin, json: proposal }),
    agreementId,
  );
  const acceptor = target.rest(to);
  const path = `/agreements/${agreementId}/acceptance`;
  ok(await send(acceptor.url, path, { apiKey: acceptor.keys.admin, json: {} }), agreementId);
}

export async function prepareAlliance(target: Target, options: SetupOptions): Promise<Cast> {
  const { orgs } = target;
  const symbolOf = await ensureTokens(target);
  const wanted = orgs.flatMap((org, orgIndex) =>
    Array.from({ length: options.membersPerOrg }, (_, n) => ({
      org,
      id: `bench-${options.runId}-${orgIndex}-${n}`,
    })),
  );
  const registered = await mapLimited(wanted, SETUP_CONCURRENCY, ({ org, id }) =>
    registerMember(target.rest(org), id),
  );
  const share = Math.floor(options.membersPerOrg / MEMBER_WORKLOADS.length);
  const members: Cast['members'] = Object.fromEntries(
    orgs.map((org) => {
      const own = registered.filter((member) => member.homeOrg === org);
      const byWorkload = MEMBER_WORKLOADS.map((workload, i) => [
        workload,
        own.slice(i * share, (i + 1) * share),
      ]);
      return [org, Object.fromEntries(byWorkload) as Record<MemberWorkload, TestMember[]>];
    }),
  );
  const agreementOf: Cast['agreementOf'] = {};
  if (options.full) {
    // A ring, so every org's members exchange out of their own points.
    await mapLimited([...orgs.entries()], orgs.length, async ([index, from]) => {
      const to = orgs[(index + 1) % orgs.length] ?? from;
      const id = `bench-${options.runId}-${index}`;
      await agree(target, from, to, id);
      agreementOf[from] = { id, toSymbol: symbolOf[to] ?? '' };
    });
    const spenders = orgs.flatMap((org) =>
      (['transfer', 'exchange', 'redeem'] as const).flatMap((workload) =>
        (members[org]?.[workload] ?? []).map((member) => ({ org, member })),
      ),
    );
    await mapLimited(spenders, SETUP_CONCURRENCY, async ({ org, member }, n) => {
      const endpoint = target.rest(org);
      const json = earnBody(member.id, `bench-${options.runId}-fund-${n}`, FUNDS);
      ok(await send(endpoint.url, '/earns', { apiKey: endpoint.keys.operator, json }), 'funding');
    });
  }
  return { orgs, symbolOf, members, agreementOf };
}

/**
 * Whole-system scenarios through the four merchants' gateways at once, each ending with the
 * ledger's invariants and a row of issue #5's table (printed at the end): every acknowledged
 * operation is on the ledger exactly once, nothing is applied twice, and per token
 * outstanding = Σ balances = issued − redeemed ≤ cap, with obligations matching exchanges.
 */
import type { Obligation } from '@points-alliance/chaincode/dist/domain/model';
import {
  MALL1,
  MALL2,
  ORGS,
  PARKING1,
  PARKING2,
  SYMBOL,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import {
  startSandbox,
  type Sandbox,
  type SandboxGateway,
} from '@points-alliance/gateway-api/test-support/sandbox';
import type { LedgerCall } from '@points-alliance/gateway-api/fabric/ledger';
import { earnBody } from '@points-alliance/gateway-api/test-support/test-gateway';
import { gatewayOf, makeAgreement, registerMembers } from '../support/alliance-setup';
import { send, type Answer } from '../support/http';
import {
  balanceViolations,
  obligationViolations,
  supplyViolations,
  type AcknowledgedExchange,
} from '../support/invariants';
import { scenarioTable, type ScenarioRow } from '../support/scenario-table';

const TERMS = { pricePerThousandPointsMinor: 1000, currency: 'EUR' };
const CARD = { minimum: 10, step: 10, fee: 1, memberDailyCap: 1_000_000 };
const AGREEMENTS = [
  { id: 'load-park1-mall1', from: PARKING1, to: MALL1 },
  { id: 'load-mall2-park2', from: MALL2, to: PARKING2 },
];
/** Attempts per operation before a client gives up (conflicts and in-flight retries). */
const MAX_ATTEMPTS = 30;

let sandbox: Sandbox;
let members: TestMember[];
const rows: ScenarioRow[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  members = await registerMembers(sandbox, 'load', 2);
  for (const agreement of AGREEMENTS) {
    await makeAgreement(sandbox, agreement.from, agreement.to, agreement.id, TERMS, CARD);
  }
});

afterAll(async () => {
  await sandbox.close();
  if (rows.length > 0) console.log(`issue #5 scenarios\n${scenarioTable(rows)}`);
});

/** One logical operation as a client application would run it. */
interface Operation {
  /** The Idempotency-Key: every attempt of this operation sends it. */
  key: string;
  event: 'Earned' | 'Transferred' | 'Exchanged';
  gateway: SandboxGateway;
  path: string;
  body: unknown;
  apiKey?: string;
  /** Sent twice at once and once more after, as a client that timed out and retried would. */
  retried: boolean;
  /** Balance changes (`member/symbol` → points) once acknowledged, from its answer. */
  effect(result: Record<string, unknown>): [string, number][];
}

interface Outcome {
  operation: Operation;
  /** The final answer: a success, or a refusal that retrying will not change. */
  final: Answer;
  /** Distinct transaction ids the successes named: one, unless it was applied twice. */
  txIds: Set<string>;
}

const isFinal = (answer: Answer) =>
  answer.status < 500 && !(answer.status === 409 && answer.body?.code === 'REQUEST_IN_PROGRESS');

async function perform(operation: Operation): Promise<Outcome> {
  const attempt = () =>
    send(operation.gateway.url, operation.path, {
      json: operation.body,
      idempotencyKey: operation.key,
      ...(operation.apiKey !== undefined && { apiKey: operation.apiKey }),
    });
  const answers = operation.retried ? await Promise.all([attempt(), attempt()]) : [await attempt()];
  for (let tries = 1; !answers.some(isFinal) && tries < MAX_ATTEMPTS; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10 * tries));
    answers.push(await attempt());
  }
  if (operation.retried) answers.push(await attempt());
  const final = answers.find(isFinal) ?? answers[answers.length - 1];
  if (!final) throw new Error(`no answer for ${operation.key}`);
  const txIds = new Set(
    answers.filter((answer) => answer.status < 300).map((answer) => String(answer.body?.txId)),
  );
  return { operation, final, txIds };
}

const homeOf = (memberId: string) =>
  members.find((member) => member.id === memberId)?.homeOrg ?? PARKING1;

/** Balances every acknowledged operation should have left, and the exchanges acknowledged. */
const expected = new Map<string, number>();
const exchanges: AcknowledgedExchange[] = [];

/**
 * Checks the ledger's invariants, adds the scenario's row to the table, and asserts that every
 * one of `sent` operations was acknowledged and is on the ledger once.
 */
async function scoreScenario(
  counts: Omit<ScenarioRow, 'invariantViolations'>,
  sent: number,
): Promise<void> {
  const violations = [
    ...(await supplyViolations(sandbox)),
    ...(await obligationViolations(sandbox, exchanges)),
    ...(await balanceViolations(sandbox, homeOf, expected)),
  ];
  const row: ScenarioRow = { ...counts, invariantViolations: violations.length };
  rows.push(row);
  expect(violations).toEqual([]);
  expect(row).toEqual({ ...row, acknowledged: sent, foundOnLedger: sent, appliedTwice: 0 });
}

/** Runs operations all at once and scores them for the table. */
async function runScenario(
  scenario: string,
  operations: Operation[],
  expected: Map<string, number>,
  exchanges: AcknowledgedExchange[],
): Promise<Outcome[]> {
  const eventsBefore = sandbox.alliance.net.events.length;
  const outcomes = await Promise.all(operations.map(perform));
  const acknowledged = outcomes.filter((outcome) => outcome.final.status < 300);
  for (const { operation, final } of acknowledged) {
    const result = final.body?.result as Record<string, unknown>;
    for (const [held, points] of operation.effect(result)) {
      expected.set(held, (expected.get(held) ?? 0) + points);
    }
    if (operation.event === 'Exchanged') {
      const { obligation } = result as { obligation: Obligation };
      exchanges.push({ txId: String(final.body?.txId), obligation });
    }
  }
  const events = sandbox.alliance.net.events.slice(eventsBefore);
  const found = acknowledged.filter(
    ({ operation, final }) =>
      events.filter((event) => event.txId === final.body?.txId && event.name === operation.event)
        .length === 1,
  );
  const kinds = new Set(operations.map((operation) => operation.event));
  const extraEvents = events.filter((event) => kinds.has(event.name as Operation['event'])).length;
  await scoreScenario(
    {
      scenario,
      acknowledged: acknowledged.length,
      foundOnLedger: found.length,
      appliedTwice:
        outcomes.filter((outcome) => outcome.txIds.size > 1).length +
        Math.max(0, extraEvents - acknowledged.length),
    },
    operations.length,
  );
  return outcomes;
}

let signedOutcomes: Outcome[] = [];

test('concurrent earns from every merchant, some retried with the same Idempotency-Key', async () => {
  const operations = ORGS.flatMap((org, orgIndex) =>
    members.map((member, memberIndex): Operation => {
      const symbol = SYMBOL[org] ?? '';
      const points = 200 + 10 * memberIndex + orgIndex;
      const gateway = gatewayOf(sandbox, org);
      return {
        key: `earn-${org}-${member.id}`,
        event: 'Earned',
        gateway,
        path: '/earns',
        body: earnBody(member.id, `load-${member.id}`, points),
        apiKey: gateway.gateway.keys.operator,
        retried: (orgIndex + memberIndex) % 3 === 0,
        effect: () => [[`${member.id}/${symbol}`, points]],
      };
    }),
  );
  await runScenario('concurrent earns, 4 gateways, retries', operations, expected, exchanges);
});

test('concurrent transfers and exchanges signed by members, some retried', async () => {
  const now = new Date();
  const operations = members.flatMap((member, index): Operation[] => {
    const gateway = gatewayOf(sandbox, member.homeOrg);
    const next = members[(index + 1) % members.length] ?? member;
    const symbol = SYMBOL[ORGS[index % ORGS.length] ?? PARKING1] ?? '';
    const agreement = AGREEMENTS[index % AGREEMENTS.length] ?? AGREEMENTS[0];
    const transfer = { symbol, to: next.id, points: 7 };
    const exchange = { agreementId: agreement?.id ?? '', amount: 20 };
    return [
      {
        key: `transfer-${member.id}`,
        event: 'Transferred',
        gateway,
        path: '/transfers',
        body: member.sign('transfer', transfer, now),
        retried: index % 2 === 0,
        effect: () => [
          [`${member.id}/${symbol}`, -7],
          [`${next.id}/${symbol}`, 7],
        ],
      },
      {
        key: `exchange-${member.id}`,
        event: 'Exchanged',
        gateway,
        path: '/exchanges',
        body: member.sign('exchange', exchange, now),
        retried: index % 2 === 1,
        effect: (result) => {
          const { quote } = result as { quote: { debit: number; credit: number } };
          const from = SYMBOL[agreement?.from ?? ''] ?? '';
          const to = SYMBOL[agreement?.to ?? ''] ?? '';
          return [
            [`${member.id}/${from}`, -quote.debit],
            [`${member.id}/${to}`, quote.credit],
          ];
        },
      },
    ];
  });
  signedOutcomes = await runScenario(
    'concurrent transfers + exchanges, retries',
    operations,
    expected,
    exchanges,
  );
});

test('every acknowledged signed request replayed at every other gateway applies nothing', async () => {
  expect(signedOutcomes.length).toBeGreaterThan(0);
  const replays = signedOutcomes.flatMap(({ operation }) =>
    ORGS.filter((org) => org !== operation.gateway.org).map((org): Operation => ({
      ...operation,
      key: `replay-${org}-${operation.key}`,
      gateway: gatewayOf(sandbox, org),
      retried: false,
    })),
  );
  const eventsBefore = sandbox.alliance.net.events.length;
  const outcomes = await Promise.all(replays.map(perform));
  const applied = outcomes.filter((outcome) => outcome.final.status < 300).length;
  const refusedAsReplays = outcomes.filter(
    (outcome) => outcome.final.status === 409 && outcome.final.body?.code === 'REPLAYED_NONCE',
  ).length;
  const violations = [
    ...(await supplyViolations(sandbox)),
    ...(await obligationViolations(sandbox, exchanges)),
    ...(await balanceViolations(sandbox, homeOf, expected)),
  ];
  rows.push({
    scenario: `${replays.length} signed requests replayed at other gateways`,
    acknowledged: applied,
    foundOnLedger: sandbox.alliance.net.events.length - eventsBefore,
    appliedTwice: applied,
    invariantViolations: violations.length,
  });
  expect({ applied, refusedAsReplays, violations }).toEqual({
    applied: 0,
    refusedAsReplays: replays.length,
    violations: [],
  });
});

/** Polls until `done` holds (the gateway works asynchronously), failing after five seconds. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One attempt as a client sees it: an answer, or the connection dropped without one. */
async function tryOnce(operation: Operation): Promise<Answer | undefined> {
  try {
    return await send(operation.gateway.url, operation.path, {
      json: operation.body,
      idempotencyKey: operation.key,
      ...(operation.apiKey !== undefined && { apiKey: operation.apiKey }),
    });
  } catch {
    return undefined;
  }
}

/** An operation of a crash scenario, and how to find its effect among the ledger's events. */
interface CrashOperation extends Operation {
  /** Whether a committed event's payload is this operation's. */
  isMine(payload: Record<string, unknown>): boolean;
}

/**
 * Sends the operations to one gateway at once, holds each first attempt between endorsement
 * and commit, and kills the gateway at three moments: a third of the operations die after their
 * commit, before the gateway records or answers it; a third commit and are recorded, but the
 * answers never leave; the rest never reach the ledger. The clients retry with the same Idempotency-Key
 * against the restarted gateway until they get an answer.
 */
async function crashMidFlight(scenario: string, org: string, operations: CrashOperation[]) {
  const ledger = gatewayOf(sandbox, org).gateway.ledger;
  const requestIdOf = (call: LedgerCall) =>
    (call.args[0] as { requestId?: string } | undefined)?.requestId;
  const held = new Map<string, () => void>();
  const dying = new Set<string>();
  const committed = new Set<string>();
  ledger.beforeCommit = (call) => {
    const id = requestIdOf(call);
    if (id === undefined || held.has(id)) return Promise.resolve();
    return new Promise<void>((resolve) => held.set(id, resolve));
  };
  ledger.afterCommit = (call) => {
    const id = requestIdOf(call) ?? '';
    committed.add(id);
    return dying.has(id) ? new Promise<void>(() => undefined) : Promise.resolve();
  };
  const eventsBefore = sandbox.alliance.net.events.length;
  const firstAttempts = Promise.all(operations.map(tryOnce));
  await until(() => held.size === operations.length, 'every operation to be endorsed');
  const inArrivalOrder = [...held.keys()];
  const third = Math.floor(operations.length / 3);
  inArrivalOrder.slice(0, third).forEach((id) => dying.add(id));
  const landing = inArrivalOrder.slice(0, 2 * third);
  await sandbox.crash(org, {
    beforeDeath: async () => {
      landing.forEach((id) => held.get(id)?.());
      await until(() => landing.every((id) => committed.has(id)), 'the landing ones to commit');
      // Let those that outlive their commit record it before the process dies.
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
  });
  expect((await firstAttempts).every((answer) => answer === undefined)).toBe(true);

  const outcomes: Outcome[] = [];
  for (const operation of operations) {
    const answers: Answer[] = [];
    for (let tries = 0; !answers.some(isFinal) && tries < MAX_ATTEMPTS; tries += 1) {
      const answer = await tryOnce(operation);
      if (answer) answers.push(answer);
    }
    const final = answers.find(isFinal);
    if (!final) throw new Error(`no final answer for ${operation.key}`);
    outcomes.push({ operation, final, txIds: new Set() });
  }
  const acknowledged = outcomes.filter((outcome) => outcome.final.status < 300);
  for (const { operation, final } of acknowledged) {
    for (const [held, points] of operation.effect(final.body?.result as Record<string, unknown>)) {
      expected.set(held, (expected.get(held) ?? 0) + points);
    }
  }
  const events = sandbox.alliance.net.events.slice(eventsBefore);
  const timesOnLedger = operations.map(
    (operation) =>
      events.filter(
        (event) =>
          event.name === operation.event &&
          operation.isMine(JSON.parse(event.payload.toString('utf8')) as Record<string, unknown>),
      ).length,
  );
  await scoreScenario(
    {
      scenario,
      acknowledged: acknowledged.length,
      foundOnLedger: timesOnLedger.filter((times) => times >= 1).length,
      appliedTwice: timesOnLedger.filter((times) => times > 1).length,
    },
    operations.length,
  );
}

test('a gateway crashes with earns in flight; clients retry with the same Idempotency-Key', async () => {
  const gateway = gatewayOf(sandbox, MALL1);
  const symbol = SYMBOL[MALL1] ?? '';
  // Fewer earns than the token has treasury shards: each leases its own, so none conflict.
  const operations = members.slice(0, 6).map((member, n): CrashOperation => ({
    key: `crash-earn-${member.id}`,
    event: 'Earned',
    gateway,
    path: '/earns',
    body: earnBody(member.id, `crash-${member.id}`, 11 + n),
    apiKey: gateway.gateway.keys.operator,
    retried: true,
    effect: () => [[`${member.id}/${symbol}`, 11 + n]],
    isMine: (payload) => payload.orderRef === `crash-${member.id}`,
  }));
  await crashMidFlight(`gateway crash, ${operations.length} earns in flight`, MALL1, operations);
});

test('a gateway crashes with member-signed transfers in flight; clients retry', async () => {
  // Unlike an earn, a transfer has no reference of its own the ledger could dedupe on, and a
  // retried signature would be a replayed nonce: only the ledger's request id saves the retry.
  const gateway = gatewayOf(sandbox, MALL1);
  const symbol = SYMBOL[MALL1] ?? '';
  const now = new Date();
  // Disjoint pairs, so no two transfers touch the same balance and none conflict.
  const half = Math.floor(members.length / 2);
  const operations = members.slice(0, half).map((member, n): CrashOperation => {
    const to = members[half + n]?.id ?? '';
    const points = 1 + n;
    return {
      key: `crash-transfer-${member.id}`,
      event: 'Transferred',
      gateway,
      path: '/transfers',
      body: member.sign('transfer', { symbol, to, points }, now),
      retried: true,
      effect: () => [
        [`${member.id}/${symbol}`, -points],
        [`${to}/${symbol}`, points],
      ],
      isMine: (payload) =>
        payload.from === member.id && payload.to === to && payload.points === points,
    };
  });
  await crashMidFlight(
    `gateway crash, ${operations.length} transfers in flight`,
    MALL1,
    operations,
  );
});

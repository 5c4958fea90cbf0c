/**
 * A third merchant tries to read the private half of another pair's business: the A–B
 * agreement's terms and their settlement's payment details. Refused through its gateway and
 * by the chaincode directly; and the private values appear in none of its answers, no gateway
 * log line, no event and no public state, while the two parties do read them.
 */
import {
  MALL1,
  MALL2,
  PARKING1,
  PARKING2,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { captureGatewayLogs } from '@points-alliance/gateway-api/test-support/test-gateway';
import { earn, flushReceipts, gatewayOf, makeAgreement } from '../support/alliance-setup';
import { expectRefusal, send, type Answer } from '../support/http';
import { eventTexts, expectNothingWritten } from '../support/ledger-watch';

const [A, B] = [PARKING1, MALL1];
const OUTSIDERS = [MALL2, PARKING2];
const AGREEMENT = 'ab-deal';
const SETTLEMENT = 'ab-settle-1';
/** Values only A and B may see, each unlike anything else on the channel. */
const TERMS = { pricePerThousandPointsMinor: 7_654_321, currency: 'EUR', notes: 'QX-TERMS-NOTE' };
const DETAILS = { paidAmountMinor: 8_765_432, currency: 'EUR', bankReference: 'QX-BANKREF-77' };
const SECRETS = [/\b7654321\b/, /QX-TERMS-NOTE/, /\b8765432\b/, /QX-BANKREF-77/];

let sandbox: Sandbox;
let logs: ReturnType<typeof captureGatewayLogs>;

beforeAll(async () => {
  logs = captureGatewayLogs();
  sandbox = await startSandbox();
  await makeAgreement(sandbox, A, B, AGREEMENT, TERMS);
  const member = await gatewayOf(sandbox, A).gateway.registerMember('ada');
  await earn(gatewayOf(sandbox, A), 'ada', 500);
  const exchange = await send(gatewayOf(sandbox, A).url, '/exchanges', {
    json: member.sign('exchange', { agreementId: AGREEMENT, amount: 200 }, new Date()),
  });
  expect(exchange.status).toBe(201);
  const posted = await send(gatewayOf(sandbox, A).url, '/settlements', {
    apiKey: gatewayOf(sandbox, A).gateway.keys.admin,
    json: {
      settlementId: SETTLEMENT,
      creditor: B,
      obligationIds: [String(exchange.body?.txId)],
      details: DETAILS,
    },
  });
  expect(posted.status).toBe(201);
  await flushReceipts(sandbox);
});

afterAll(async () => {
  logs.stop();
  await sandbox.close();
});

function leaks(text: string): string[] {
  return SECRETS.filter((secret) => secret.test(text)).map(String);
}

const privateReads = [`/agreements/${AGREEMENT}/terms`, `/settlements/${SETTLEMENT}/details`];
/** Everything else an outsider's auditor may ask about the pair's business. */
const publicReads = [
  `/agreements/${AGREEMENT}`,
  '/agreements',
  `/settlements/${SETTLEMENT}`,
  '/settlements',
  '/obligations',
  '/net-positions',
  '/rate-cards',
  `/history/Agreement?key=${AGREEMENT}`,
  `/history/Settlement?key=${SETTLEMENT}`,
  '/audit',
];

test('the two parties read the private values through their own gateways', async () => {
  for (const org of [A, B]) {
    const gateway = gatewayOf(sandbox, org);
    const read = (path: string) =>
      send(gateway.url, path, { apiKey: gateway.gateway.keys.auditor });
    expect((await read(privateReads[0] ?? '')).body).toMatchObject(TERMS);
    expect((await read(privateReads[1] ?? '')).body).toMatchObject(DETAILS);
  }
});

test.each(OUTSIDERS)('%s is refused the terms and the details through its gateway', async (org) => {
  const gateway = gatewayOf(sandbox, org);
  const answers: Answer[] = [];
  await expectNothingWritten(sandbox.alliance, async () => {
    for (const path of privateReads) {
      for (const apiKey of Object.values(gateway.gateway.keys)) {
        const answer = await send(gateway.url, path, { apiKey });
        expectRefusal(answer, 403, 'NOT_AUTHORIZED');
        answers.push(answer);
      }
    }
    for (const path of publicReads) {
      answers.push(await send(gateway.url, path, { apiKey: gateway.gateway.keys.admin }));
    }
  });
  expect(answers.flatMap((answer) => leaks(answer.text))).toEqual([]);
  // The public reads did answer: what was searched is their content, not an error.
  expect(answers.filter((answer) => answer.status === 200)).toHaveLength(publicReads.length);
});

test.each(OUTSIDERS)(
  '%s is refused the terms and the details by the chaincode itself',
  async (org) => {
    const { alliance } = sandbox;
    await expect(
      alliance.evaluate(org, 'agreements', 'readTerms', { agreementId: AGREEMENT }),
    ).rejects.toThrow(/NOT_AUTHORIZED/);
    await expect(
      alliance.evaluate(org, 'settlements', 'readDetails', { settlementId: SETTLEMENT }),
    ).rejects.toThrow(/NOT_AUTHORIZED/);
  },
);

test('no private value is in any event, public state or gateway log line', async () => {
  // A failure the gateways log, so the capture is shown to hold lines when the search runs.
  const outsider = gatewayOf(sandbox, MALL2);
  outsider.gateway.ledger.reachable = false;
  try {
    await send(outsider.url, privateReads[0] ?? '', { apiKey: outsider.gateway.keys.auditor });
  } finally {
    outsider.gateway.ledger.reachable = true;
  }
  expect(logs.lines.length).toBeGreaterThan(0);
  expect(logs.lines.flatMap(leaks)).toEqual([]);
  expect(eventTexts(sandbox.alliance).flatMap(leaks)).toEqual([]);
  expect(Object.values(sandbox.alliance.publicState()).flatMap(leaks)).toEqual([]);
  // The private collections do hold them: the searches above look for values that exist.
  const privateText = Object.values(sandbox.alliance.privateState()).join('\n');
  expect(leaks(privateText)).toHaveLength(SECRETS.length);
});

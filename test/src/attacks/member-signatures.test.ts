/**
 * Member-signed requests attacked over HTTP, through several merchants' gateways: a replayed
 * request, one signed with another member's key, an amount changed after signing, an expired
 * one. Each is refused with its code, at every gateway, and moves no point.
 */
import {
  MALL1,
  ORGS,
  PARKING1,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { earn, flushReceipts, gatewayOf } from '../support/alliance-setup';
import { expectRefusal, send } from '../support/http';
import { expectNothingWritten } from '../support/ledger-watch';

let sandbox: Sandbox;
let ada: TestMember;
let bob: TestMember;
let mallory: TestMember;

beforeAll(async () => {
  sandbox = await startSandbox();
  ada = await gatewayOf(sandbox, PARKING1).gateway.registerMember('ada');
  bob = await gatewayOf(sandbox, MALL1).gateway.registerMember('bob');
  mallory = await gatewayOf(sandbox, MALL1).gateway.registerMember('mallory');
  await earn(gatewayOf(sandbox, PARKING1), 'ada', 300);
  await flushReceipts(sandbox);
});

afterAll(() => sandbox.close());

/** What an attack must leave as it was, read through the gateways. */
async function figures() {
  const reader = gatewayOf(sandbox, MALL1);
  const read = async (path: string) =>
    (await send(reader.url, path, { apiKey: reader.gateway.keys.auditor })).body;
  return {
    ada: await read('/members/ada/balances/PARK1'),
    bob: await read('/members/bob/balances/PARK1'),
    supply: await read('/tokens/PARK1'),
  };
}

/** Posts a member-signed body at every merchant's gateway, each under a fresh Idempotency-Key. */
async function atEveryGateway(path: string, body: unknown, status: number, code: string) {
  const before = await figures();
  await expectNothingWritten(sandbox.alliance, async () => {
    for (const org of ORGS) {
      expectRefusal(await send(gatewayOf(sandbox, org).url, path, { json: body }), status, code);
    }
  });
  expect(await figures()).toEqual(before);
}

const transfer = (points: number) => ({ symbol: 'PARK1', to: 'bob', points });

test('a replayed transfer is refused at every gateway, whatever the Idempotency-Key', async () => {
  const signed = ada.sign('transfer', transfer(10), new Date());
  const first = await send(gatewayOf(sandbox, PARKING1).url, '/transfers', { json: signed });
  expect(first.status).toBe(201);
  await atEveryGateway('/transfers', signed, 409, 'REPLAYED_NONCE');
});

test('a transfer signed with another member’s key is refused', async () => {
  const forged = mallory.sign('transfer', transfer(50), new Date(), { memberId: 'ada' });
  await atEveryGateway('/transfers', forged, 403, 'BAD_SIGNATURE');
});

test('an amount changed after signing is refused', async () => {
  const signed = ada.sign('transfer', transfer(1), new Date());
  await atEveryGateway('/transfers', { ...signed, params: transfer(250) }, 403, 'BAD_SIGNATURE');
  const redemption = ada.sign('redeem', { symbol: 'PARK1', points: 1 }, new Date());
  const tampered = { ...redemption, params: { symbol: 'PARK1', points: 200 } };
  const before = await figures();
  await expectNothingWritten(sandbox.alliance, async () => {
    const answer = await send(gatewayOf(sandbox, PARKING1).url, '/redemptions', {
      json: tampered,
    });
    expectRefusal(answer, 403, 'BAD_SIGNATURE');
  });
  expect(await figures()).toEqual(before);
});

test('an expired request is refused', async () => {
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
  const stale = ada.sign('transfer', transfer(5), twoHoursAgo);
  expect(Date.parse(stale.expiresAt)).toBeLessThan(Date.now());
  await atEveryGateway('/transfers', stale, 422, 'EXPIRED_REQUEST');
});

test('a signature lifted from another member’s request is refused', async () => {
  const signed = bob.sign('transfer', { symbol: 'PARK1', to: 'ada', points: 1 }, new Date());
  const stolen = { ...ada.sign('transfer', transfer(1), new Date()), signature: signed.signature };
  await atEveryGateway('/transfers', stolen, 403, 'BAD_SIGNATURE');
});

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  MALL1,
  PARKING1,
  TestAlliance,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import {
  earnBody,
  expectStatus,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';
import { GatewayClient, GatewayProblem } from '.';

describe('the typed client, against a listening gateway', () => {
  let gateway: TestGateway;
  let server: Server;
  let baseUrl: string;
  let alliance: TestAlliance;
  /** The ledger's clock, which the client's signed requests are dated by. */
  const now = () => alliance.net.now().getTime();

  beforeAll(async () => {
    alliance = await TestAlliance.create();
    await alliance.makeAgreement(PARKING1, MALL1, 'p1-m1');
    gateway = testGateway(alliance, PARKING1);
    server = gateway.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await gateway.dispose();
  });

  it('signs member operations with the member key; the ledger accepts them', async () => {
    const ada = await gateway.registerMember('ada');
    const bob = await gateway.registerMember('bob');
    expectStatus(
      await gateway.post('/earns', earnBody('ada', 'order-1', 500), { as: 'operator' }),
      201,
    );

    const client = new GatewayClient({ baseUrl, apiKey: gateway.keys.auditor, now });
    const member = { memberId: ada.id, privateKey: ada.privateKey };
    const moved = await client.transfer(member, { symbol: 'PARK1', to: bob.id, points: 120 });
    expect(moved.txId).toMatch(/^[0-9a-f]{64}$/);
    await client.redeem(member, { symbol: 'PARK1', points: 30 });

    const quote = await client.quote('p1-m1', ada.id, 100);
    expect(quote).toMatchObject({ debit: 105, credit: 150, sufficient: true });
    await client.exchange(member, { agreementId: 'p1-m1', amount: 100 });

    const balances = await client.balances(ada.id);
    expect(balances.map((b) => [b.symbol, b.available])).toEqual([
      ['MALL1', 150],
      ['PARK1', 500 - 120 - 30 - 105],
    ]);
  });

  it('throws the gateway’s problem, code and all', async () => {
    const cy = await gateway.registerMember('cy');
    const client = new GatewayClient({ baseUrl, now });
    const failure = client.transfer(
      { memberId: cy.id, privateKey: cy.privateKey },
      { symbol: 'PARK1', to: 'ada', points: 1 },
    );
    await expect(failure).rejects.toBeInstanceOf(GatewayProblem);
    await expect(failure).rejects.toMatchObject({ status: 422, code: 'INSUFFICIENT_BALANCE' });
    await expect(client.balances('cy')).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });
});

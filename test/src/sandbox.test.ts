import { ORGS } from '@points-alliance/chaincode/dist/test-support/alliance';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

test('every merchant gateway answers over HTTP on its own port', async () => {
  const urls = ORGS.map((org) => sandbox.gateways[org]?.url);
  expect(new Set(urls).size).toBe(ORGS.length);
  for (const org of ORGS) {
    const gateway = sandbox.gateways[org];
    const res = await fetch(`${gateway?.url}/tokens`, {
      headers: { authorization: `Bearer ${gateway?.gateway.keys.auditor}` },
    });
    expect(res.status).toBe(200);
  }
});

test('transactions take the wall clock time', async () => {
  const before = Date.now();
  const gateway = sandbox.gateways[ORGS[0]];
  await gateway?.gateway.registerMember('clock-check');
  expect(sandbox.alliance.now.getTime()).toBeGreaterThanOrEqual(before);
});

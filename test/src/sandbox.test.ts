import { ORGS } from '@points-alliance/chaincode/dist/test-support/alliance';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { eventually } from './support/eventually';

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

test("each gateway's audit index follows the committed blocks", async () => {
  const home = sandbox.gateways[ORGS[1]];
  const member = await home?.gateway.registerMember('audit-follow');
  const blocks = sandbox.alliance.net.blocks;
  const registration = blocks[blocks.length - 1]?.transactions[0];
  expect(registration?.validationCode).toBe('VALID');
  for (const { url, gateway } of Object.values(sandbox.gateways)) {
    await eventually(async () => {
      const res = await fetch(`${url}/audit?member=${member?.id}`, {
        headers: { authorization: `Bearer ${gateway.keys.auditor}` },
      });
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain(registration?.txId);
    });
  }
});

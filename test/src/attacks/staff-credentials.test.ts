/**
 * Staff credentials attacked over HTTP across the merchants' gateways: one org's key at
 * another's gateway, a role below the route's, missing and malformed credentials. All are
 * refused before anything reaches the ledger, on every staff route of the table.
 */
import { ORGS } from '@points-alliance/chaincode/dist/test-support/alliance';
import { ROLES, type Role } from '@points-alliance/gateway-api/auth/credentials';
import { routes } from '@points-alliance/gateway-api/routes';
import type { Route } from '@points-alliance/gateway-api/http/route';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { samplePath } from '@points-alliance/gateway-api/test-support/test-gateway';
import { gatewayOf } from '../support/alliance-setup';
import { expectRefusal, send, type Call } from '../support/http';
import { expectNothingWritten } from '../support/ledger-watch';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(() => sandbox.close());

const isRole = (access: string): access is Role => (ROLES as readonly string[]).includes(access);
const staffRoutes = routes.filter((route) => isRole(route.access));

/** A route's request at a gateway: its sample path, and an empty JSON body on a POST. */
function callRoute(route: Route, org: string, call: Call) {
  const gateway = gatewayOf(sandbox, org);
  return send(gateway.url, samplePath(route), {
    method: route.method.toUpperCase(),
    ...(route.method === 'post' && { json: {} }),
    ...call,
  });
}

/** Gateways in turn, so the routes are spread over every merchant's. */
const orgFor = (index: number) => ORGS[index % ORGS.length] ?? ORGS[0];

test('an org’s staff key is refused at every other org’s gateway, for every role', async () => {
  await expectNothingWritten(sandbox.alliance, async () => {
    for (const keyOrg of ORGS) {
      for (const role of ROLES) {
        const apiKey = gatewayOf(sandbox, keyOrg).gateway.keys[role];
        for (const at of ORGS) {
          const tokens = await send(gatewayOf(sandbox, at).url, '/tokens', { apiKey });
          if (at === keyOrg) expect(tokens.status).toBe(200);
          else expectRefusal(tokens, 403, 'WRONG_ORG');
        }
      }
    }
  });
});

test.each(staffRoutes.map((route, index) => [route.method, route.path, route, index] as const))(
  '%s %s: another org’s admin key, a lower role, missing and malformed keys are refused',
  async (_method, _path, route, index) => {
    const at = orgFor(index);
    const own = gatewayOf(sandbox, at).gateway.keys;
    const foreign = gatewayOf(sandbox, orgFor(index + 1)).gateway.keys;
    const malformed = [
      {},
      { headers: { authorization: 'Bearer' } },
      { headers: { authorization: `Basic ${own.admin}` } },
      { headers: { authorization: `Bearer ${own.admin}x` } },
      { headers: { authorization: `Bearer ${own.admin.slice(0, -2)}` } },
      // Well formed for this gateway's org, but never issued.
      { apiKey: `pa.${at}.0123456789abcdef.${'A'.repeat(43)}` },
      { apiKey: 'not-a-key' },
    ];
    await expectNothingWritten(sandbox.alliance, async () => {
      expectRefusal(await callRoute(route, at, { apiKey: foreign.admin }), 403, 'WRONG_ORG');
      for (const role of ROLES.slice(0, ROLES.indexOf(route.access as Role))) {
        expectRefusal(await callRoute(route, at, { apiKey: own[role] }), 403, 'ROLE_TOO_LOW');
      }
      for (const call of malformed) {
        expectRefusal(await callRoute(route, at, call), 401, 'UNAUTHENTICATED');
      }
    });
  },
);

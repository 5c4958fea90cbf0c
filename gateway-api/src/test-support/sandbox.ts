/**
 * Every merchant's gateway over one simulated alliance, each listening on its own loopback
 * port: for clients that speak HTTP from outside the test process (a browser, a fuzzer).
 * Transactions take the wall clock's time, so such clients sign member requests as they
 * would against the real network, and each gateway's audit index follows the committed blocks.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ORGS, TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';
import { testGateway, type TestGateway } from './test-gateway';

export interface SandboxGateway {
  org: string;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  gateway: TestGateway;
}

export interface Sandbox {
  alliance: TestAlliance;
  gateways: Record<string, SandboxGateway>;
  close(): Promise<void>;
}

function listen(gateway: TestGateway): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = gateway.app.listen(0, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

export async function startSandbox(
  options: { orgs?: readonly string[]; tokens?: boolean } = {},
): Promise<Sandbox> {
  const alliance = await TestAlliance.create({ tokens: options.tokens });
  alliance.net.setTime(new Date());
  const gateways: Record<string, SandboxGateway> = {};
  const servers: Server[] = [];
  for (const org of options.orgs ?? ORGS) {
    const gateway = testGateway(alliance, org, { wallClock: true, followBlocks: true });
    const server = await listen(gateway);
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    gateways[org] = { org, url: `http://127.0.0.1:${port}`, gateway };
  }
  return {
    alliance,
    gateways,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
      await Promise.all(Object.values(gateways).map(({ gateway }) => gateway.dispose()));
    },
  };
}

/**
 * Every merchant's gateway over one simulated alliance, each listening on its own loopback
 * port: for clients that speak HTTP from outside the test process (a browser, a fuzzer).
 * Transactions take the wall clock's time, so such clients sign member requests as they
 * would against the real network, and each gateway's audit index follows the committed blocks.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  ORGS,
  TestAlliance,
  type ContractOverrides,
} from '@points-alliance/chaincode/dist/test-support/alliance';
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
  /**
   * Kills an org's gateway as a crash would: open connections drop unanswered, requests in
   * flight never finish. A new instance then serves on the same address and data folder.
   */
  crash(org: string, options?: CrashOptions): Promise<void>;
  close(): Promise<void>;
}

export interface CrashOptions {
  /** Runs after the connections dropped and before the process dies: e.g. let commits land. */
  beforeDeath?: () => Promise<void>;
}

function listen(gateway: TestGateway, port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = gateway.app.listen(port, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startSandbox(
  options: { orgs?: readonly string[]; tokens?: boolean; contracts?: ContractOverrides } = {},
): Promise<Sandbox> {
  const alliance = await TestAlliance.create({
    tokens: options.tokens,
    contracts: options.contracts,
  });
  alliance.net.setTime(new Date());
  const gateways: Record<string, SandboxGateway> = {};
  const servers = new Map<string, Server>();
  for (const org of options.orgs ?? ORGS) {
    const gateway = testGateway(alliance, org, { wallClock: true, followBlocks: true });
    const server = await listen(gateway);
    servers.set(org, server);
    const { port } = server.address() as AddressInfo;
    gateways[org] = { org, url: `http://127.0.0.1:${port}`, gateway };
  }
  return {
    alliance,
    gateways,
    crash: async (org, { beforeDeath } = {}) => {
      const running = gateways[org];
      const server = servers.get(org);
      if (!running || !server) throw new Error(`the sandbox runs no gateway of ${org}`);
      const { port } = server.address() as AddressInfo;
      await stop(server);
      await beforeDeath?.();
      running.gateway = running.gateway.crashAndRestart();
      servers.set(org, await listen(running.gateway, port));
    },
    close: async () => {
      await Promise.all([...servers.values()].map(stop));
      await Promise.all(Object.values(gateways).map(({ gateway }) => gateway.dispose()));
    },
  };
}

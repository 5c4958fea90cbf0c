/**
 * Real network namespaces, veths and a bridge (needs root, as CI on this machine has): a server
 * on one simulated host is reached from another across the bridge, a cut cable isolates its host
 * and only that one, and teardown leaves nothing behind.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadConsortium } from '../consortium/load';
import {
  createHosts,
  cutHost,
  destroyHosts,
  existingNamespaces,
  hostStates,
  restoreHost,
  spawnOnHost,
} from './netns';
import { hostOf, hostPlan } from './plan';

const consortium = loadConsortium(join(__dirname, '..', '..', 'consortium.hosts.yaml'));
// A prefix of this run's own, so a crashed earlier run or a running network cannot clash.
const plan = hostPlan(consortium, { prefix: `t${process.pid % 1000}` });
const servers: ChildProcess[] = [];

/** An HTTP server on a host's own address that names the host. */
function serveOn(resident: string, port: number): void {
  const host = hostOf(plan, resident);
  const script = `require('node:http').createServer((_q, r) => r.end(${JSON.stringify(resident)})).listen(${port}, ${JSON.stringify(host.address)})`;
  servers.push(spawnOnHost(host, process.execPath, ['-e', script], { stdio: 'ignore' }));
}

/** What `from`'s namespace gets from http://address:port, or 'unreachable'. */
function fetchFrom(from: string, address: string, port: number): string {
  // Exits at once: a connection attempt to a cut host would otherwise hold the process open.
  const script = `const say = (t) => { process.stdout.write(t); process.exit(0); };
    fetch('http://${address}:${port}', { signal: AbortSignal.timeout(800) })
      .then((r) => r.text()).then(say, () => say('unreachable'))`;
  return execFileSync(
    'ip',
    ['netns', 'exec', hostOf(plan, from).namespace, process.execPath, '-e', script],
    {
      encoding: 'utf8',
    },
  );
}

async function eventually(check: () => string, expected: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const got = check();
    if (got === expected || Date.now() > deadline) {
      expect(got).toBe(expected);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(() => {
  createHosts(plan);
  serveOn('parking1', 8180);
  serveOn('mall2', 8480);
});

afterAll(() => {
  for (const server of servers) server.kill();
  destroyHosts(plan);
});

it('creates one namespace per host, each linked to the bridge', () => {
  const states = hostStates(plan);
  expect(states).toHaveLength(7);
  expect(states.every((state) => state.exists && state.linked)).toBe(true);
  expect(() => createHosts(plan)).toThrow(/already exist/);
});

it('lets one host reach another across the bridge, on its address only', async () => {
  await eventually(() => fetchFrom('mall1', '198.18.0.21', 8180), 'parking1');
  await eventually(() => fetchFrom('parking2', '198.18.0.32', 8480), 'mall2');
  // A host's loopback is its own: parking1's server is not on mall1's 127.0.0.1.
  expect(fetchFrom('mall1', '127.0.0.1', 8180)).toBe('unreachable');
});

it('isolates a host whose cable is cut, leaves the others working, and reconnects it', async () => {
  const parking1 = hostOf(plan, 'parking1');
  cutHost(parking1);
  expect(hostStates(plan).find((s) => s.namespace === parking1.namespace)?.linked).toBe(false);
  expect(fetchFrom('mall1', '198.18.0.21', 8180)).toBe('unreachable');
  expect(fetchFrom('mall1', '198.18.0.32', 8480)).toBe('mall2');
  restoreHost(parking1);
  await eventually(() => fetchFrom('mall1', '198.18.0.21', 8180), 'parking1');
});

it('tears everything down and may do so twice', () => {
  for (const server of servers.splice(0)) server.kill();
  destroyHosts(plan);
  destroyHosts(plan);
  const left = existingNamespaces().filter((ns) => plan.hosts.some((h) => h.namespace === ns));
  expect(left).toEqual([]);
  expect(() =>
    execFileSync('ip', ['link', 'show', 'dev', plan.bridge], { stdio: 'ignore' }),
  ).toThrow();
});

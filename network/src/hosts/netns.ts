/**
 * Carries out a HostPlan with iproute2: a bridge on the machine, and per host a network
 * namespace wired to it by a veth pair. Needs root (CAP_NET_ADMIN). Everything it creates
 * carries the plan's names, so tearing down removes exactly that and is safe to repeat.
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { HostPlan, SimulatedHost } from './plan';

/** The interface a host's processes see, as on a real machine. */
const HOST_INTERFACE = 'eth0';

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `ip` and ignores a failure: for removing what may not exist. */
function ipIfPresent(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // Already gone.
  }
}

export function existingNamespaces(): string[] {
  return ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean);
}

function linkExists(name: string): boolean {
  try {
    ip('link', 'show', 'dev', name);
    return true;
  } catch {
    return false;
  }
}

function createHost(plan: HostPlan, host: SimulatedHost): void {
  const inner = host.cable.replace('-c-', '-n-');
  ip('netns', 'add', host.namespace);
  ip('link', 'add', host.cable, 'type', 'veth', 'peer', 'name', inner);
  ip('link', 'set', 'dev', inner, 'netns', host.namespace);
  const inHost = (...args: string[]) => ip('-n', host.namespace, ...args);
  inHost('link', 'set', 'dev', inner, 'name', HOST_INTERFACE);
  inHost('addr', 'add', `${host.address}/${plan.prefixLength}`, 'dev', HOST_INTERFACE);
  inHost('link', 'set', 'dev', HOST_INTERFACE, 'up');
  inHost('link', 'set', 'dev', 'lo', 'up');
  ip('link', 'set', 'dev', host.cable, 'master', plan.bridge);
  ip('link', 'set', 'dev', host.cable, 'up');
}

/** Creates the bridge and every host; on any failure removes what it made and rethrows. */
export function createHosts(plan: HostPlan): void {
  const clashes = plan.hosts
    .map((h) => h.namespace)
    .filter((ns) => existingNamespaces().includes(ns));
  if (clashes.length > 0 || linkExists(plan.bridge)) {
    throw new Error(
      `hosts of this plan already exist (${[...clashes, plan.bridge].join(', ')}): tear them down first`,
    );
  }
  try {
    // No forwarding delay: a reconnected cable carries traffic at once, as a switch port would.
    ip('link', 'add', 'name', plan.bridge, 'type', 'bridge', 'forward_delay', '0');
    ip('addr', 'add', `${plan.gateway}/${plan.prefixLength}`, 'dev', plan.bridge);
    ip('link', 'set', 'dev', plan.bridge, 'up');
    for (const host of plan.hosts) createHost(plan, host);
  } catch (error) {
    destroyHosts(plan);
    throw error;
  }
}

/** Removes the plan's namespaces, cables and bridge, whichever exist. */
export function destroyHosts(plan: HostPlan): void {
  for (const host of plan.hosts) {
    // Deleting the namespace deletes its veth end, and with it the cable.
    ipIfPresent('netns', 'delete', host.namespace);
    ipIfPresent('link', 'delete', 'dev', host.cable);
  }
  ipIfPresent('link', 'delete', 'dev', plan.bridge);
}

/** Unplugs a host from the shared network, as a pulled cable or a failed link would. */
export function cutHost(host: SimulatedHost): void {
  ip('link', 'set', 'dev', host.cable, 'down');
}

export function restoreHost(host: SimulatedHost): void {
  ip('link', 'set', 'dev', host.cable, 'up');
}

/** The interface flags `ip link show` prints between angle brackets. */
function flagsOf(linkShow: string): string[] {
  return /<([^>]*)>/.exec(linkShow)?.[1]?.split(',') ?? [];
}

export interface HostState {
  namespace: string;
  address: string;
  residents: string[];
  exists: boolean;
  linked: boolean;
}

export function hostStates(plan: HostPlan): HostState[] {
  const namespaces = new Set(existingNamespaces());
  return plan.hosts.map((host) => ({
    namespace: host.namespace,
    address: host.address,
    residents: host.residents,
    exists: namespaces.has(host.namespace),
    linked: linkExists(host.cable) && flagsOf(ip('link', 'show', 'dev', host.cable)).includes('UP'),
  }));
}

/** Starts a process inside a host's namespace. */
export function spawnOnHost(
  host: SimulatedHost,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  return spawn('ip', ['netns', 'exec', host.namespace, command, ...args], options);
}

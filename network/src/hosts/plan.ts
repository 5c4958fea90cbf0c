/**
 * Where each org runs when the consortium gives them their own host addresses: one Linux network
 * namespace per address, all joined by one bridge, as if each merchant had its own machine on a
 * shared network. This module only plans; ./netns carries a plan out.
 */
import { isIPv4 } from 'node:net';
import type { Consortium } from '../consortium/schema';

/** Linux caps interface names at 15 characters. */
const IFNAME_MAX = 15;

export interface SimulatedHost {
  /** The address the consortium file gives its residents. */
  address: string;
  /** Network namespace the residents' processes run in. */
  namespace: string;
  /** The veth end left on the bridge (the host's "cable"); cutting it isolates the host. */
  cable: string;
  /** Merchant org names and orderer node names living at this address. */
  residents: string[];
}

export interface HostPlan {
  /** Bridge in the machine's own namespace: the shared network between the hosts. */
  bridge: string;
  /** The machine's own address on that network (tests and operators reach hosts through it). */
  gateway: string;
  prefixLength: number;
  hosts: SimulatedHost[];
}

export interface HostPlanOptions {
  /** Names of namespaces and interfaces start with it, so several plans can coexist. */
  prefix?: string;
}

export class HostPlanError extends Error {
  constructor(readonly problems: string[]) {
    super(`the consortium cannot be laid out one host per address:\n  ${problems.join('\n  ')}`);
    this.name = 'HostPlanError';
  }
}

/** Who lives at which address, in file order. */
function residentsByAddress(consortium: Consortium): Map<string, string[]> {
  const byAddress = new Map<string, string[]>();
  const add = (address: string, resident: string) =>
    byAddress.set(address, [...(byAddress.get(address) ?? []), resident]);
  for (const orderer of consortium.ordererOrg.orderers) add(orderer.host, orderer.name);
  for (const org of consortium.merchantOrgs) add(org.host, org.name);
  return byAddress;
}

function subnetOf(address: string): string {
  return address.split('.').slice(0, 3).join('.');
}

export function hostPlan(
  consortium: Consortium,
  { prefix = 'pa' }: HostPlanOptions = {},
): HostPlan {
  const byAddress = residentsByAddress(consortium);
  const problems: string[] = [];
  for (const [address, residents] of byAddress) {
    if (!isIPv4(address)) {
      problems.push(`${residents.join(', ')}: ${address} is not an IPv4 address`);
    } else if (address.startsWith('127.')) {
      problems.push(`${residents.join(', ')}: ${address} is a loopback address, not a host`);
    } else if (address.endsWith('.0') || address.endsWith('.255') || address.endsWith('.1')) {
      problems.push(
        `${residents.join(', ')}: ${address} is reserved (.0, .1 and .255 are not hosts)`,
      );
    }
  }
  const subnets = new Set([...byAddress.keys()].filter(isIPv4).map(subnetOf));
  if (subnets.size > 1) {
    problems.push(`hosts must share one /24 network, found ${[...subnets].join('.0/24, ')}.0/24`);
  }
  const longest = Math.max(...[...byAddress.values()].map((r) => (r[0] ?? '').length));
  if (`${prefix}-c-`.length + longest > IFNAME_MAX) {
    problems.push(`prefix "${prefix}" is too long for interface names of ${IFNAME_MAX} characters`);
  }
  if (problems.length > 0) throw new HostPlanError(problems);

  const [subnet] = subnets;
  const hosts = [...byAddress].map(([address, residents], index) => ({
    address,
    // Named after the first resident, so `ip netns` reads like the consortium file.
    namespace: `${prefix}-${residents[0] ?? index}`,
    cable: `${prefix}-c-${residents[0] ?? index}`,
    residents,
  }));
  return { bridge: `${prefix}-br0`, gateway: `${subnet}.1`, prefixLength: 24, hosts };
}

/** The host a merchant org or orderer node lives on. */
export function hostOf(plan: HostPlan, resident: string): SimulatedHost {
  const host = plan.hosts.find((candidate) => candidate.residents.includes(resident));
  if (!host) {
    const known = plan.hosts.flatMap((candidate) => candidate.residents).join(', ');
    throw new Error(`no host runs "${resident}" (known: ${known})`);
  }
  return host;
}

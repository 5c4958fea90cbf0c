#!/usr/bin/env node
/**
 * The network CLI. `hosts` lays the consortium out one org per simulated host (network
 * namespaces); the Fabric commands (up, down, status, …) wait on the Fabric binaries.
 */
import { parseArgs } from 'node:util';
import { loadConsortium } from './consortium/load';
import { ConsortiumError } from './consortium/errors';
import { DEFAULT_CONSORTIUM_FILE } from './default-consortium';
import {
  createHosts,
  cutHost,
  destroyHosts,
  hostStates,
  restoreHost,
  spawnOnHost,
} from './hosts/netns';
import { hostOf, hostPlan, HostPlanError } from './hosts/plan';

const USAGE = `usage: network hosts <command> [options]

  hosts up                 create one network namespace per host address of the consortium
  hosts down               remove them (safe to repeat)
  hosts status             list the hosts: namespace, address, residents, linked
  hosts cut NAME           unplug the host of an org or orderer from the shared network
  hosts restore NAME       plug it back in
  hosts exec NAME -- CMD   run CMD on the host of an org or orderer

options:
  --consortium FILE        consortium file (default network/consortium.yaml)
  --prefix NAME            prefix of namespace and interface names (default pa)`;

class UsageError extends Error {}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths?.[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const HOST_COMMANDS = ['up', 'down', 'status', 'cut', 'restore', 'exec'];

function hosts(command: string | undefined, names: string[], file: string, prefix: string): number {
  if (command === undefined || !HOST_COMMANDS.includes(command)) {
    throw new UsageError(`unknown hosts command ${JSON.stringify(command)}`);
  }
  const plan = hostPlan(loadConsortium(file), { prefix });
  const target = () => {
    const [name] = names;
    if (name === undefined) throw new UsageError(`hosts ${command} needs an org or orderer name`);
    try {
      return hostOf(plan, name);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  };
  switch (command) {
    case 'up':
      createHosts(plan);
      console.log(
        `${plan.hosts.length} hosts on ${plan.bridge} (${plan.gateway}/${plan.prefixLength})`,
      );
      return 0;
    case 'down':
      destroyHosts(plan);
      return 0;
    case 'status':
      console.log(
        table([
          ['NAMESPACE', 'ADDRESS', 'RESIDENTS', 'EXISTS', 'LINKED'],
          ...hostStates(plan).map((s) => [
            s.namespace,
            s.address,
            s.residents.join(','),
            s.exists ? 'yes' : 'no',
            s.linked ? 'yes' : 'no',
          ]),
        ]),
      );
      return 0;
    case 'cut':
      cutHost(target());
      return 0;
    case 'restore':
      restoreHost(target());
      return 0;
    case 'exec': {
      const host = target();
      const [cmd, ...args] = names.slice(1);
      if (cmd === undefined) throw new UsageError('hosts exec NAME -- CMD [ARGS]');
      spawnOnHost(host, cmd, args, { stdio: 'inherit' }).on('exit', (code) => {
        process.exitCode = code ?? 1;
      });
      return 0;
    }
    default:
      throw new UsageError(`unknown hosts command ${JSON.stringify(command)}`);
  }
}

export function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      consortium: { type: 'string', default: DEFAULT_CONSORTIUM_FILE },
      prefix: { type: 'string', default: 'pa' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, command, ...names] = positionals;
  if (values.help || group === undefined) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (group === 'hosts') return hosts(command, names, values.consortium, values.prefix);
    if (['up', 'down', 'status', 'logs', 'start', 'stop'].includes(group)) {
      console.error(
        `network ${group}: the Fabric network commands need the Fabric binaries, which cannot be built here yet (see README, "Status")`,
      );
      return 3;
    }
    throw new UsageError(`unknown command ${JSON.stringify(group)}`);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConsortiumError || error instanceof HostPlanError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

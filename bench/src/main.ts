/**
 * `npm run bench`: runs the benchmark and prints its report. Exits by itself: the chaincode's
 * library turns unhandled errors into log lines, which would otherwise leave the process hanging.
 */
import { resolve } from 'node:path';
import { parseOptions, USAGE, UsageError } from './options';
import { reportText } from './report/text';
import { runBenchmark } from './run';
import { TargetUnavailable } from './targets/target';

const ROOT = resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), ROOT);
  const started = Date.now();
  const { report, json, svg } = await runBenchmark(options, (line) =>
    console.error(`bench: ${line} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
  );
  console.log(reportText(report));
  console.log(`\nWrote ${json} and ${svg} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`bench: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof TargetUnavailable) {
      console.error(`bench: ${error.message}`);
      process.exit(3);
    }
    console.error(error);
    process.exit(1);
  },
);

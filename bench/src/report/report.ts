/** The report's shape, as written to report.json: every figure, and what was not measured and why. */
import type { CapacityResult } from '../scenarios/capacity';
import type { HotKeyResult } from '../scenarios/hot-key';
import type { RestOverheadResult } from '../scenarios/rest-overhead';
import type { Target } from '../targets/target';

export interface NotMeasured {
  measured: false;
  reason: string;
}

export interface Report {
  /** What the figures are figures of; stated first everywhere. */
  target: { name: string; description: string; notes: string[] };
  generatedAt: string;
  options: Record<string, unknown>;
  capacity: CapacityResult;
  restOverhead: RestOverheadResult | NotMeasured;
  hotKey: HotKeyResult | NotMeasured;
  endorsementCost: NotMeasured;
  /** CPU per valid transaction is in each capacity step and each REST overhead window. */
  cost: { unit: string; scope: string };
  auditIndex: NotMeasured & { command: string };
  bringUp: NotMeasured;
}

export function notMeasured(reason: string): NotMeasured {
  return { measured: false, reason };
}

export function isMeasured<T extends object>(result: T | NotMeasured): result is T {
  return !('measured' in result && result.measured === false);
}

/** The parts every target's report has, whatever it could measure. */
export function standingEntries(
  target: Target,
): Pick<Report, 'endorsementCost' | 'auditIndex' | 'bringUp' | 'cost'> {
  return {
    endorsementCost: notMeasured(
      `not measured on this target (${target.name}): the stand-in endorses on no peers, so ` +
        'MAJORITY against a single org changes nothing it does',
    ),
    cost: {
      unit: 'CPU milliseconds per valid transaction',
      scope: target.notes.find((note) => note.startsWith('CPU')) ?? 'CPU of the target',
    },
    auditIndex: {
      ...notMeasured('measured by its own benchmark over a generated index, not repeated here'),
      command: 'npm run bench:audit -- 1000000',
    },
    bringUp: notMeasured(
      'not measurable without the Fabric network (its binaries cannot be built here); the ' +
        'sandbox starts in well under a second and says nothing about it',
    ),
  };
}

/** The suite's closing table, as issue #5 asks: one row per scenario run. */
import { markdownTable } from './markdown-table';

export interface ScenarioRow {
  scenario: string;
  acknowledged: number;
  foundOnLedger: number;
  appliedTwice: number;
  invariantViolations: number;
}

const COLUMNS: [keyof ScenarioRow, string][] = [
  ['scenario', 'scenario'],
  ['acknowledged', 'operations acknowledged'],
  ['foundOnLedger', 'found on the ledger'],
  ['appliedTwice', 'applied twice'],
  ['invariantViolations', 'invariant violations'],
];

/** The rows as a Markdown table. */
export function scenarioTable(rows: readonly ScenarioRow[]): string {
  return markdownTable(
    COLUMNS.map(([, title]) => title),
    rows.map((row) => COLUMNS.map(([field]) => String(row[field]))),
  );
}

/** The suite's closing table, as issue #5 asks: one row per scenario run. */
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

/** A Markdown table, so the log reads well and pastes into the issue as it is. */
export function scenarioTable(rows: readonly ScenarioRow[]): string {
  const cells = [
    COLUMNS.map(([, title]) => title),
    ...rows.map((row) => COLUMNS.map(([field]) => String(row[field]))),
  ];
  const widths = COLUMNS.map((_, column) =>
    Math.max(...cells.map((line) => line[column]?.length ?? 0)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const [header = [], ...body] = cells;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join(
    '\n',
  );
}

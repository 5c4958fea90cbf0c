export type IssuePath = readonly (string | number)[];

/** One problem in a consortium file, found by the schema or by a cross-field rule. */
export interface ConsortiumIssue {
  readonly path: IssuePath;
  readonly message: string;
  /** The earlier entry this one collides with (a duplicate name, a port already in use). */
  readonly conflictsWith?: IssuePath;
}

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A problem placed in the file: a readable path, and the line when the YAML source is known. */
export interface LocatedIssue extends ConsortiumIssue {
  readonly where: string;
  readonly position?: SourcePosition;
  readonly conflict?: { readonly where: string; readonly position?: SourcePosition };
}

/** Thrown when a consortium file is not valid; lists every problem found, in file order. */
export class ConsortiumError extends Error {
  override readonly name = 'ConsortiumError';

  constructor(
    readonly source: string,
    readonly issues: readonly LocatedIssue[],
  ) {
    super(formatProblems(source, issues));
  }
}

function formatProblems(source: string, issues: readonly LocatedIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => `  ${formatIssue(source, issue)}`);
  return [`${source}: ${count}`, ...lines].join('\n');
}

function formatIssue(source: string, issue: LocatedIssue): string {
  const at = issue.position ? `${source}:${issue.position.line}:${issue.position.column} ` : '';
  const subject = issue.where === '' ? '' : `${issue.where}: `;
  const conflict = issue.conflict
    ? `; first defined at ${issue.conflict.where}${issue.conflict.position ? ` (line ${issue.conflict.position.line})` : ''}`
    : '';
  return `${at}${subject}${issue.message}${conflict}`;
}

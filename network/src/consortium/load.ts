import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { core } from 'zod';
import { readDraft } from './draft';
import { ConsortiumError, type ConsortiumIssue, type LocatedIssue } from './errors';
import { describePath, positionOf } from './location';
import { crossFieldIssues } from './rules';
import { consortiumSchema, type Consortium } from './schema';

/** Reads, validates and returns the consortium defined in a YAML file. */
export function loadConsortium(filePath: string): Consortium {
  return parseConsortium(readFileSync(filePath, 'utf8'), filePath);
}

/**
 * Validates consortium YAML text. `source` names the file in error messages.
 * @throws ConsortiumError listing every problem found
 */
export function parseConsortium(yamlText: string, source = 'consortium.yaml'): Consortium {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter });
  if (document.errors.length > 0) {
    throw new ConsortiumError(
      source,
      document.errors.map((error) => ({
        path: [],
        where: '',
        message: `invalid YAML: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
        position: error.linePos
          ? { line: error.linePos[0].line, column: error.linePos[0].col }
          : undefined,
      })),
    );
  }

  const raw: unknown = document.toJS();
  const parsed = consortiumSchema.safeParse(raw, { error: readableIssue });
  const issues: ConsortiumIssue[] = [
    ...(parsed.success ? [] : parsed.error.issues.map(toConsortiumIssue)),
    ...crossFieldIssues(readDraft(raw)),
  ];
  if (!parsed.success || issues.length > 0) {
    throw new ConsortiumError(source, locate(issues, raw, document, lineCounter));
  }
  return parsed.data;
}

/** Zod's wording for the mistakes people make most often in a hand-written file. */
function readableIssue(issue: core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `is required (${issue.expected})`;
  }
  if (issue.code === 'invalid_value' && issue.input === undefined) {
    return `is required (one of ${issue.values.map((value) => String(value)).join(', ')})`;
  }
  if (issue.code === 'invalid_type') {
    return `expected ${issue.expected}, got ${JSON.stringify(issue.input) ?? typeof issue.input}`;
  }
  if (issue.code === 'unrecognized_keys') {
    const fields = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown field${issue.keys.length === 1 ? '' : 's'} ${fields}`;
  }
  return undefined;
}

function locate(
  issues: readonly ConsortiumIssue[],
  raw: unknown,
  document: Document,
  lineCounter: LineCounter,
): LocatedIssue[] {
  const located = issues.map((issue): LocatedIssue => ({
    path: issue.path,
    message: issue.message,
    where: describePath(raw, issue.path),
    position: positionOf(document, lineCounter, issue.path),
    conflict: issue.conflictsWith && {
      where: describePath(raw, issue.conflictsWith),
      position: positionOf(document, lineCounter, issue.conflictsWith),
    },
  }));
  const unplaced = { line: Number.MAX_SAFE_INTEGER, column: 0 };
  return located.sort((a, b) => {
    const [first, second] = [a.position ?? unplaced, b.position ?? unplaced];
    return first.line - second.line || first.column - second.column;
  });
}

function toConsortiumIssue(issue: core.$ZodIssue): ConsortiumIssue {
  const path = issue.path.map((segment) =>
    typeof segment === 'symbol' ? segment.toString() : segment,
  );
  return { path, message: issue.message };
}

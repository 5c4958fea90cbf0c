import { isNode, type Document, type LineCounter } from 'yaml';
import type { IssuePath, SourcePosition } from './errors';

/**
 * Renders a path such as merchantOrgs[1](parking2).peers[0](peer0).port: indexes say where in
 * the list, names say which entry a reader is looking for.
 */
export function describePath(root: unknown, path: IssuePath): string {
  let described = '';
  let current: unknown = root;
  for (const segment of path) {
    current = childOf(current, segment);
    if (typeof segment === 'number') {
      const name = nameOf(current);
      described += `[${segment}]${name === undefined ? '' : `(${name})`}`;
    } else {
      described += described === '' ? segment : `.${segment}`;
    }
  }
  return described;
}

/** Finds the line of the deepest existing node on the path (the parent, for a missing field). */
export function positionOf(
  document: Document,
  lineCounter: LineCounter,
  path: IssuePath,
): SourcePosition | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}

function childOf(value: unknown, segment: string | number): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<string | number, unknown>)[segment];
}

function nameOf(value: unknown): string | undefined {
  const name = childOf(value, 'name');
  return typeof name === 'string' ? name : undefined;
}

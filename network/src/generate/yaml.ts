import { stringify } from 'yaml';

/** Renders a generated file: a header saying where it comes from, no anchors, no line folding. */
export function toYaml(
  content: unknown,
  header = 'Generated from consortium.yaml; do not edit.',
): string {
  const body = stringify(content, { aliasDuplicateObjects: false, lineWidth: 0 });
  return `${header.replace(/^/gm, '# ')}\n${body}`;
}

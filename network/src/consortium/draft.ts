import type { IssuePath } from './errors';
import { DEFAULT_HOST, ORDERER_PORT_FIELDS, PEER_PORT_FIELDS } from './schema';

/**
 * A best-effort reading of an unvalidated consortium file: whatever has the right shape is kept,
 * the rest is skipped. Cross-field rules run on it so that they report together with the
 * schema's field errors instead of after them are fixed.
 */
export interface DraftConsortium {
  readonly consensus: unknown;
  readonly ordererCount: number | undefined;
  readonly orgs: readonly DraftOrg[];
}

export interface DraftOrg {
  readonly path: IssuePath;
  readonly isMerchant: boolean;
  readonly name: string | undefined;
  readonly mspId: string | undefined;
  readonly domain: string | undefined;
  readonly nodes: readonly DraftNode[];
}

export interface DraftNode {
  readonly path: IssuePath;
  readonly name: string | undefined;
  readonly endpoints: readonly DraftEndpoint[];
}

export interface DraftEndpoint {
  readonly path: IssuePath;
  readonly host: string;
  readonly port: number;
}

type Fields = Readonly<Record<string, unknown>>;

export function readDraft(raw: unknown): DraftConsortium {
  const root = fieldsOf(raw);
  const ordererOrg = fieldsOf(root.ordererOrg);
  const orgs: DraftOrg[] = [];
  if (root.ordererOrg !== undefined) {
    orgs.push(
      readOrg(ordererOrg, ['ordererOrg'], false, 'orderers', ORDERER_PORT_FIELDS, (node) =>
        text(node.host),
      ),
    );
  }
  listOf(root.merchantOrgs).forEach((value, index) => {
    const org = fieldsOf(value);
    orgs.push(
      readOrg(org, ['merchantOrgs', index], true, 'peers', PEER_PORT_FIELDS, () => text(org.host)),
    );
  });
  return {
    consensus: fieldsOf(root.channel).consensus,
    ordererCount: Array.isArray(ordererOrg.orderers) ? ordererOrg.orderers.length : undefined,
    orgs,
  };
}

function readOrg(
  org: Fields,
  path: IssuePath,
  isMerchant: boolean,
  nodesField: string,
  portFields: readonly string[],
  hostOf: (node: Fields) => string | undefined,
): DraftOrg {
  const nodes = listOf(org[nodesField]).map((value, index): DraftNode => {
    const node = fieldsOf(value);
    const nodePath = [...path, nodesField, index];
    const host = hostOf(node) ?? DEFAULT_HOST;
    const endpoints = portFields.flatMap((field) => {
      const port = node[field];
      return typeof port === 'number' ? [{ path: [...nodePath, field], host, port }] : [];
    });
    return { path: nodePath, name: text(node.name), endpoints };
  });
  return {
    path,
    isMerchant,
    name: text(org.name),
    mspId: text(org.mspId),
    domain: text(org.domain),
    nodes,
  };
}

function fieldsOf(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Fields)
    : {};
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

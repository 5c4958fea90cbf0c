import { z } from 'zod';
import {
  CHAINCODE_NAME,
  CHANNEL_NAME,
  CHANNEL_NAME_MAX_LENGTH,
  MSP_ID,
  NODE_NAME,
  ORG_NAME,
  isDnsName,
  isHost,
} from './naming';

export const DEFAULT_HOST = '127.0.0.1';
export const MERCHANT_KINDS = ['parking', 'mall'] as const;
export const CONSENSUS_TYPES = ['etcdraft'] as const;

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Leaves a missing value to the loader's "is required" message. */
const unlessMissing =
  (message: (input: unknown) => string) =>
  (issue: { input?: unknown }): string | undefined =>
    issue.input === undefined ? undefined : message(issue.input);

const port = z
  .int({ error: unlessMissing((input) => `must be a whole TCP port number, got ${quoted(input)}`) })
  .min(1024, { error: 'must be a TCP port from 1024 to 65535 (nodes run unprivileged)' })
  .max(65535, { error: 'must be a TCP port from 1024 to 65535' });

const host = z
  .string()
  .refine(isHost, {
    error: (issue) => `${quoted(issue.input)} is not a valid IP address or DNS host name`,
  })
  .default(DEFAULT_HOST);

const domain = z.string().refine(isDnsName, {
  error: (issue) => `${quoted(issue.input)} is not a valid DNS domain`,
});

const pattern = (regex: RegExp, rule: string) =>
  z.string().regex(regex, { error: (issue) => `${quoted(issue.input)} is invalid: ${rule}` });

const orgName = pattern(ORG_NAME, 'use letters, digits and "-", starting with a letter');
const mspId = pattern(MSP_ID, 'use letters and digits only, starting with a letter');
const nodeName = pattern(
  NODE_NAME,
  'use lowercase letters, digits and "-" (a DNS label of at most 63 characters)',
);

const channelName = pattern(
  CHANNEL_NAME,
  'Fabric channel names are lowercase letters, digits, "." and "-", starting with a letter',
).max(CHANNEL_NAME_MAX_LENGTH, {
  error: `Fabric channel names must be shorter than ${CHANNEL_NAME_MAX_LENGTH + 1} characters`,
});

const chaincodeName = pattern(
  CHAINCODE_NAME,
  'Fabric chaincode names are letters and digits, optionally joined by single "-" or "_"',
);

const ordererNodeSchema = z.strictObject({
  name: nodeName,
  host,
  port,
  adminPort: port,
  operationsPort: port,
});

const peerNodeSchema = z.strictObject({
  name: nodeName,
  port,
  chaincodePort: port,
  operationsPort: port,
  chaincodeServicePort: port,
  gatewayPort: port,
});

const ordererOrgSchema = z.strictObject({
  name: orgName,
  mspId,
  domain,
  orderers: z.array(ordererNodeSchema).min(1, { error: 'needs at least one orderer' }),
});

const merchantOrgSchema = z.strictObject({
  name: orgName,
  kind: z.enum(MERCHANT_KINDS, {
    error: unlessMissing(
      (input) => `unknown org kind ${quoted(input)}: expected ${MERCHANT_KINDS.join(' or ')}`,
    ),
  }),
  mspId,
  domain,
  host,
  peers: z.array(peerNodeSchema).min(1, { error: 'an org needs at least one peer' }),
});

export const consortiumSchema = z.strictObject({
  channel: z.strictObject({
    name: channelName,
    consensus: z
      .enum(CONSENSUS_TYPES, {
        error: unlessMissing(
          (input) =>
            `consensus ${quoted(input)} is not supported: only ${CONSENSUS_TYPES.join(', ')} is implemented`,
        ),
      })
      .default('etcdraft'),
  }),
  chaincode: z.strictObject({ name: chaincodeName }),
  ordererOrg: ordererOrgSchema,
  merchantOrgs: z.array(merchantOrgSchema).min(1, { error: 'needs at least one merchant org' }),
});

export type Consortium = z.output<typeof consortiumSchema>;
export type ConsensusType = Consortium['channel']['consensus'];
export type OrdererOrg = Consortium['ordererOrg'];
export type OrdererNode = OrdererOrg['orderers'][number];
export type MerchantOrg = Consortium['merchantOrgs'][number];
export type MerchantKind = MerchantOrg['kind'];
export type PeerNode = MerchantOrg['peers'][number];

/** Every listening port of a node; the loader checks them all for clashes. */
export const ORDERER_PORT_FIELDS = [
  'port',
  'adminPort',
  'operationsPort',
] as const satisfies readonly (keyof OrdererNode)[];

export const PEER_PORT_FIELDS = [
  'port',
  'chaincodePort',
  'operationsPort',
  'chaincodeServicePort',
  'gatewayPort',
] as const satisfies readonly (keyof PeerNode)[];

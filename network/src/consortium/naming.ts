import { isIP } from 'node:net';

/** Fabric's channel ID rule (common/configtx ValidateChannelID): lowercase, starts with a letter. */
export const CHANNEL_NAME = /^[a-z][a-z0-9.-]*$/;
export const CHANNEL_NAME_MAX_LENGTH = 249;

/** Fabric's chaincode name rule (core/chaincode/lifecycle ChaincodeNameRegExp). */
export const CHAINCODE_NAME = /^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$/;

/** Org names become configtx organization names and directory names. */
export const ORG_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * Letters and digits only: MSP IDs are joined with '_' into pair collection names, so an '_'
 * inside an ID would make two different pairs produce the same name.
 */
export const MSP_ID = /^[A-Za-z][A-Za-z0-9]*$/;

/** Node names are the first DNS label of the node's host name (name.domain). */
export const NODE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

export function isDnsName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.split('.');
  if (!labels.every((label) => DNS_LABEL.test(label))) return false;
  // An all-numeric last label is a mistyped IPv4 address (999.0.0.1), never a real host name.
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

export function isHost(value: string): boolean {
  return isIP(value) !== 0 || isDnsName(value);
}

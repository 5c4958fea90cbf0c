import { join, resolve } from 'node:path';

/** Where the network's generated material lives on disk. Every path is absolute. */
export interface NetworkPaths {
  /** cryptogen's --output directory. */
  readonly cryptoDir: string;
  /** Ledgers and state, one directory per node. */
  readonly dataDir: string;
  /** FABRIC_CFG_PATH of peers and orderers: the patched core.yaml and orderer.yaml. */
  readonly fabricConfigDir: string;
  /** The ccaas external builder: a directory holding bin/detect, bin/build and bin/release. */
  readonly ccaasBuilderDir: string;
}

/** The standard layout under one root directory, with any path overridden. */
export function networkPathsUnder(
  rootDir: string,
  overrides: Partial<NetworkPaths> = {},
): NetworkPaths {
  const root = resolve(rootDir);
  const paths: NetworkPaths = {
    cryptoDir: join(root, 'crypto'),
    dataDir: join(root, 'data'),
    fabricConfigDir: join(root, 'config'),
    ccaasBuilderDir: join(root, 'builders', 'ccaas'),
    ...overrides,
  };
  return {
    cryptoDir: resolve(paths.cryptoDir),
    dataDir: resolve(paths.dataDir),
    fabricConfigDir: resolve(paths.fabricConfigDir),
    ccaasBuilderDir: resolve(paths.ccaasBuilderDir),
  };
}

/** A node's own data directory, named after its host name. */
export function nodeDataDir(paths: NetworkPaths, nodeHostName: string): string {
  return join(paths.dataDir, nodeHostName);
}

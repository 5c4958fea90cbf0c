import { isAbsolute } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import type { NetworkPaths } from '../layout/paths';

export const CCAAS_BUILDER_NAME = 'ccaas';

export interface ExternalBuilder {
  readonly name: string;
  readonly path: string;
  readonly propagateEnvironment: readonly string[];
}

/** The peer's chaincode.externalBuilders: only the ccaas builder, so no chaincode needs Docker. */
export function externalBuilders(paths: NetworkPaths): ExternalBuilder[] {
  if (!isAbsolute(paths.ccaasBuilderDir)) {
    throw new Error(`the ccaas builder path must be absolute, got "${paths.ccaasBuilderDir}"`);
  }
  return [
    {
      name: CCAAS_BUILDER_NAME,
      path: paths.ccaasBuilderDir,
      // Lets a package's connection.json use templates filled from this variable.
      propagateEnvironment: ['CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG'],
    },
  ];
}

/**
 * Adapts Fabric's sampleconfig core.yaml for native peers: no Docker endpoint, and the ccaas
 * external builder. Everything per peer comes from peerEnv; comments in the file are kept.
 */
export function patchCoreYaml(sampleCoreYaml: string, paths: NetworkPaths): string {
  const document = parseDocument(sampleCoreYaml);
  if (document.errors.length > 0) {
    throw new Error(`core.yaml is not valid YAML: ${document.errors[0]?.message ?? ''}`);
  }
  for (const section of ['peer', 'vm', 'chaincode']) {
    if (!isMap(document.get(section))) {
      throw new Error(`core.yaml has no "${section}" section; is this Fabric's core.yaml?`);
    }
  }
  document.setIn(['vm', 'endpoint'], '');
  document.setIn(['chaincode', 'externalBuilders'], document.createNode(externalBuilders(paths)));
  return document.toString({ lineWidth: 0 });
}

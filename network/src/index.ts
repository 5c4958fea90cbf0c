export { DEFAULT_CONSORTIUM_FILE } from './default-consortium';
export { loadConsortium, parseConsortium } from './consortium/load';
export {
  ConsortiumError,
  type ConsortiumIssue,
  type IssuePath,
  type LocatedIssue,
  type SourcePosition,
} from './consortium/errors';
export {
  CONSENSUS_TYPES,
  DEFAULT_HOST,
  MERCHANT_KINDS,
  consortiumSchema,
  type ConsensusType,
  type Consortium,
  type MerchantKind,
  type MerchantOrg,
  type OrdererNode,
  type OrdererOrg,
  type PeerNode,
} from './consortium/schema';
export {
  anchorPeerOf,
  chaincodeServiceDomain,
  findMerchantOrg,
  findOrderer,
  findPeer,
  hostPort,
  nodeHostName,
} from './consortium/model';

export { networkPathsUnder, nodeDataDir, type NetworkPaths } from './layout/paths';
export {
  chaincodeServiceCaPaths,
  chaincodeServiceCryptoPaths,
  orgCryptoPaths,
  ordererCryptoPaths,
  peerCryptoPaths,
  type AnyOrg,
  type NodeCryptoPaths,
  type OrgCryptoPaths,
  type TlsFiles,
} from './layout/crypto';

export { toYaml } from './generate/yaml';
export {
  cryptoConfig,
  type CryptoConfig,
  type CryptoConfigOptions,
  type CryptogenNode,
  type CryptogenOrg,
} from './generate/crypto-config';
export {
  CHANNEL_PROFILE,
  DEFAULT_ORDERING,
  configtx,
  type Configtx,
  type ConfigtxOptions,
  type ConfigtxOrganization,
  type ConfigtxProfile,
  type OrderingOptions,
  type RaftOptions,
} from './generate/configtx';
export { collectionsConfig, type CollectionConfig } from './generate/collections';
export { ordererEnv, peerAdminEnv, peerEnv, type NodeEnv } from './generate/node-env';
export {
  CCAAS_BUILDER_NAME,
  externalBuilders,
  patchCoreYaml,
  type ExternalBuilder,
} from './generate/core-yaml';
export {
  ccaasPackageMetadata,
  chaincodeConnection,
  chaincodeConnectionPemFiles,
  chaincodeServiceAddress,
  type CcaasPackageMetadata,
  type ChaincodeConnection,
  type ChaincodeConnectionPems,
} from './generate/connection';
export { gatewayConfig, gatewayIdentity, type GatewayConfigFile } from './generate/gateway-config';

/** `kiln/frp`: typed frpc/frps configs, emit, load, verify, cross-checks, deployment (docs/frp.md). */
export { checkFrpPair, type FrpPairOptions } from "./check.ts";
export {
  defineFrpc,
  defineFrps,
  httpProxy,
  httpsProxy,
  stcpProxy,
  stcpVisitor,
  sudpProxy,
  sudpVisitor,
  tcpmuxProxy,
  tcpProxy,
  udpProxy,
  xtcpProxy,
  xtcpVisitor,
} from "./define.ts";
export {
  envRefs,
  FRPC_IMAGE,
  type FrpcWorkload,
  type FrpcWorkloadOptions,
  type FrpsCloudInitOptions,
  type FrpsNixosOptions,
  frpcWorkload,
  frpsCloudInit,
  frpsNixosModule,
} from "./deploy.ts";
export {
  emitFrpcToml,
  emitFrpsToml,
  FRP_SECRET_FIELDS,
  type FrpEmitOptions,
  frpConfigObject,
  literalSecretPaths,
} from "./emit.ts";
export { frpEnv, isFrpEnvRef } from "./env.ts";
export { type FrpFormat, type FrpLoadOptions, type FrpLoadResult, loadFrpc, loadFrps } from "./load.ts";
export { renderFrpTemplate, type TemplateResult } from "./template.ts";
export type * from "./types.ts";
export {
  type FrpVerifyOptions,
  type FrpVerifyResult,
  verifyFrpc,
  verifyFrpcText,
  verifyFrps,
  verifyFrpsText,
} from "./verify.ts";

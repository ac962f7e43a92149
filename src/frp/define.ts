/**
 * Builders for typed frp configs. `defineFrpc` / `defineFrps` return the config unchanged when it
 * would pass `frpc verify` / `frps verify` and follows the secret policy (secrets only as
 * `frpEnv(...)` references or a tokenSource); otherwise they throw one KilnError listing every
 * problem with its JSON path. The per-type helpers only fix the `type` field, so proxies read like
 * frp's own `[[proxies]]` tables.
 */
import { formatDiagnostic, KilnError } from "../core/errors.ts";
import { literalSecretPaths } from "./emit.ts";
import { duplicateNameError } from "./load.ts";
import type {
  FrpcConfig,
  FrpHTTPProxy,
  FrpHTTPSProxy,
  FrpSTCPProxy,
  FrpSTCPVisitor,
  FrpSUDPProxy,
  FrpSUDPVisitor,
  FrpsConfig,
  FrpTCPMuxProxy,
  FrpTCPProxy,
  FrpUDPProxy,
  FrpXTCPProxy,
  FrpXTCPVisitor,
} from "./types.ts";
import { type FrpVerifyResult, verifyFrpc, verifyFrps } from "./verify.ts";

/** Checks and returns an frpc config; throws KilnError when frpc would reject it or a secret is literal. */
export function defineFrpc(config: FrpcConfig): FrpcConfig {
  const duplicates = [
    duplicateNameError(config.proxies ?? [], "proxy"),
    duplicateNameError(config.visitors ?? [], "visitor"),
  ];
  check("frpc", config, verifyFrpc(config, { checkIncludes: false }), duplicates);
  return config;
}

/** Checks and returns an frps config; throws KilnError when frps would reject it or a secret is literal. */
export function defineFrps(config: FrpsConfig): FrpsConfig {
  check("frps", config, verifyFrps(config));
  return config;
}

function check(
  what: string,
  config: object,
  result: FrpVerifyResult,
  extra: Array<string | undefined> = [],
): void {
  const problems = [
    ...extra.filter((m): m is string => m !== undefined).map((m) => `error: ${m}`),
    ...literalSecretPaths(config).map(
      (p) => `error: ${p}: literal secret refused; use frpEnv("NAME") or a tokenSource`,
    ),
    ...result.errors.map((d) => formatDiagnostic({ ...d, rule: undefined })),
  ];
  if (problems.length === 0) return;
  throw new KilnError(`invalid ${what} config:\n  ${problems.join("\n  ")}`);
}

type Untyped<T> = Omit<T, "type">;

export const tcpProxy = (p: Untyped<FrpTCPProxy>): FrpTCPProxy => ({ ...p, type: "tcp" });
export const udpProxy = (p: Untyped<FrpUDPProxy>): FrpUDPProxy => ({ ...p, type: "udp" });
export const httpProxy = (p: Untyped<FrpHTTPProxy>): FrpHTTPProxy => ({ ...p, type: "http" });
export const httpsProxy = (p: Untyped<FrpHTTPSProxy>): FrpHTTPSProxy => ({ ...p, type: "https" });
/** A tcpmux proxy; the multiplexer defaults to "httpconnect", the only one frp supports. */
export const tcpmuxProxy = (p: Untyped<FrpTCPMuxProxy>): FrpTCPMuxProxy => ({
  multiplexer: "httpconnect",
  ...p,
  type: "tcpmux",
});
export const stcpProxy = (p: Untyped<FrpSTCPProxy>): FrpSTCPProxy => ({ ...p, type: "stcp" });
export const sudpProxy = (p: Untyped<FrpSUDPProxy>): FrpSUDPProxy => ({ ...p, type: "sudp" });
export const xtcpProxy = (p: Untyped<FrpXTCPProxy>): FrpXTCPProxy => ({ ...p, type: "xtcp" });
export const stcpVisitor = (v: Untyped<FrpSTCPVisitor>): FrpSTCPVisitor => ({ ...v, type: "stcp" });
export const sudpVisitor = (v: Untyped<FrpSUDPVisitor>): FrpSUDPVisitor => ({ ...v, type: "sudp" });
export const xtcpVisitor = (v: Untyped<FrpXTCPVisitor>): FrpXTCPVisitor => ({ ...v, type: "xtcp" });

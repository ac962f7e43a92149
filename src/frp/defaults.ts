/**
 * frp's `Complete()` defaults, applied before validation exactly as frpc/frps do: a Go zero value
 * (absent, "", 0) is replaced by the default (util.EmptyOr). Only defaults that validation or the
 * cross-checks read are reproduced. Sources: pkg/config/v1/{client,server,common,proxy,visitor}.go.
 */
import type { FrpcConfig, FrpProxy, FrpsConfig, FrpVisitor } from "./types.ts";

const emptyOr = <T>(v: T | undefined | null, d: T): T =>
  v === undefined || v === null || v === "" || v === 0 ? d : v;

/** ClientCommonConfig.Complete (client.go). Returns a completed deep copy. */
export function completeClient(c: FrpcConfig): FrpcConfig {
  const out = structuredClone(c);
  out.serverAddr = emptyOr(out.serverAddr, "0.0.0.0");
  out.serverPort = emptyOr(out.serverPort, 7000);
  out.loginFailExit = out.loginFailExit ?? true;
  out.auth = { ...out.auth, method: emptyOr(out.auth?.method, "token") };
  out.log = { ...out.log, level: emptyOr(out.log?.level, "info"), maxDays: emptyOr(out.log?.maxDays, 3) };
  out.webServer = { ...out.webServer, addr: emptyOr(out.webServer?.addr, "127.0.0.1") };
  const t = { ...out.transport };
  t.protocol = emptyOr(t.protocol, "tcp");
  t.wireProtocol = emptyOr(t.wireProtocol, "v1");
  t.poolCount = emptyOr(t.poolCount, 1);
  t.tcpMux = t.tcpMux ?? true;
  t.heartbeatInterval = emptyOr(t.heartbeatInterval, t.tcpMux ? -1 : 30);
  t.heartbeatTimeout = emptyOr(t.heartbeatTimeout, t.tcpMux ? -1 : 90);
  t.tls = {
    ...t.tls,
    enable: t.tls?.enable ?? true,
    disableCustomTLSFirstByte: t.tls?.disableCustomTLSFirstByte ?? true,
  };
  out.transport = t;
  out.udpPacketSize = emptyOr(out.udpPacketSize, 1500);
  return out;
}

/** ProxyBaseConfig.Complete (proxy.go). */
export function completeProxy(p: FrpProxy): FrpProxy {
  const out = structuredClone(p);
  out.localIP = emptyOr(out.localIP, "127.0.0.1");
  out.transport = {
    ...out.transport,
    bandwidthLimitMode: emptyOr(out.transport?.bandwidthLimitMode, "client"),
  };
  return out;
}

/** VisitorBaseConfig.Complete and XTCPVisitorConfig.Complete (visitor.go). */
export function completeVisitor(v: FrpVisitor): FrpVisitor {
  const out = structuredClone(v);
  out.bindAddr = emptyOr(out.bindAddr, "127.0.0.1");
  if (out.type === "xtcp") {
    out.protocol = emptyOr(out.protocol, "quic");
    out.maxRetriesAnHour = emptyOr(out.maxRetriesAnHour, 8);
    out.minRetryInterval = emptyOr(out.minRetryInterval, 90);
    out.fallbackTimeoutMs = emptyOr(out.fallbackTimeoutMs, 1000);
  }
  return out;
}

/**
 * ServerConfig.Complete (server.go), except resolving `auth.tokenSource`, which reads a file and
 * is done by the verifier when asked to.
 */
export function completeServer(c: FrpsConfig): FrpsConfig {
  const out = structuredClone(c);
  out.auth = { ...out.auth, method: emptyOr(out.auth?.method, "token") };
  out.log = { ...out.log, level: emptyOr(out.log?.level, "info"), maxDays: emptyOr(out.log?.maxDays, 3) };
  const t = { ...out.transport };
  t.tcpMux = t.tcpMux ?? true;
  t.heartbeatTimeout = emptyOr(t.heartbeatTimeout, t.tcpMux ? -1 : 90);
  t.tls = { ...t.tls };
  if (t.tls.trustedCaFile) t.tls.force = true;
  out.transport = t;
  out.bindAddr = emptyOr(out.bindAddr, "0.0.0.0");
  out.bindPort = emptyOr(out.bindPort, 7000);
  out.proxyBindAddr = emptyOr(out.proxyBindAddr, out.bindAddr);
  out.webServer = { ...out.webServer };
  if ((out.webServer.port ?? 0) > 0) out.webServer.addr = emptyOr(out.webServer.addr, "0.0.0.0");
  out.vhostHTTPTimeout = emptyOr(out.vhostHTTPTimeout, 60);
  out.detailedErrorsToClient = out.detailedErrorsToClient ?? true;
  out.userConnTimeout = emptyOr(out.userConnTimeout, 10);
  out.udpPacketSize = emptyOr(out.udpPacketSize, 1500);
  out.natholeAnalysisDataReserveHours = emptyOr(out.natholeAnalysisDataReserveHours, 7 * 24);
  return out;
}

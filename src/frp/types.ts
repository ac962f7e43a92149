/**
 * Typed model of frp v0.70 client (frpc) and server (frps) configuration. Field names are frp's
 * own JSON/TOML keys, so a config reads the same here, in frp's docs and in the emitted TOML.
 * Values that may carry secrets accept an {@link FrpEnvRef} (see `frpEnv`), rendered as
 * `{{ .Envs.NAME }}` so the secret never appears in the output.
 */

/** A reference to an environment variable, resolved by frp's template rendering at start-up. */
export interface FrpEnvRef {
  readonly kind: "frpEnv";
  readonly name: string;
}

/** A string, or an environment reference for values that must not be written literally. */
export type FrpString = string | FrpEnvRef;

export interface FrpValueSource {
  type: "file" | "exec" | (string & {});
  file?: { path: FrpString };
  /** Runs a command and reads the token from its stdout (needs `--allow-unsafe TokenSourceExec`). */
  exec?: { command: string; args?: string[]; env?: Array<{ name: string; value: FrpString }> };
}

export interface FrpLogConfig {
  to?: string;
  level?: "trace" | "debug" | "info" | "warn" | "error" | (string & {});
  maxDays?: number;
  disablePrintColor?: boolean;
}

export interface FrpTLSFiles {
  certFile?: FrpString;
  keyFile?: FrpString;
  trustedCaFile?: FrpString;
  serverName?: FrpString;
}

export interface FrpWebServerConfig {
  addr?: string;
  port?: number;
  user?: FrpString;
  password?: FrpString;
  assetsDir?: string;
  pprofEnable?: boolean;
  tls?: FrpTLSFiles;
}

export interface FrpQUICOptions {
  keepalivePeriod?: number;
  maxIdleTimeout?: number;
  maxIncomingStreams?: number;
}

export type FrpAuthMethod = "token" | "oidc" | (string & {});
export type FrpAuthScope = "HeartBeats" | "NewWorkConns" | (string & {});

export interface FrpClientAuth {
  method?: FrpAuthMethod;
  additionalScopes?: FrpAuthScope[];
  token?: FrpString;
  tokenSource?: FrpValueSource;
  oidc?: {
    clientID?: FrpString;
    clientSecret?: FrpString;
    audience?: string;
    scope?: string;
    tokenEndpointURL?: string;
    additionalEndpointParams?: Record<string, FrpString>;
    trustedCaFile?: string;
    insecureSkipVerify?: boolean;
    proxyURL?: string;
    tokenSource?: FrpValueSource;
  };
}

export type FrpTransportProtocol = "tcp" | "kcp" | "quic" | "websocket" | "wss" | (string & {});

export interface FrpClientTransport {
  protocol?: FrpTransportProtocol;
  wireProtocol?: "v1" | "v2" | (string & {});
  dialServerTimeout?: number;
  dialServerKeepalive?: number;
  connectServerLocalIP?: string;
  proxyURL?: FrpString;
  poolCount?: number;
  tcpMux?: boolean;
  tcpMuxKeepaliveInterval?: number;
  quic?: FrpQUICOptions;
  heartbeatInterval?: number;
  heartbeatTimeout?: number;
  tls?: FrpTLSFiles & { enable?: boolean; disableCustomTLSFirstByte?: boolean };
}

export interface FrpHeaderOperations {
  set?: Record<string, FrpString>;
}

export interface FrpHealthCheck {
  type?: "tcp" | "http" | "" | (string & {});
  timeoutSeconds?: number;
  maxFailed?: number;
  intervalSeconds?: number;
  path?: string;
  httpHeaders?: Array<{ name: string; value: FrpString }>;
}

/** Client plugins (pkg/config/v1/proxy_plugin.go). */
export type FrpClientPlugin =
  | {
      type: "http2https";
      localAddr?: string;
      hostHeaderRewrite?: string;
      requestHeaders?: FrpHeaderOperations;
    }
  | {
      type: "http2http";
      localAddr?: string;
      hostHeaderRewrite?: string;
      requestHeaders?: FrpHeaderOperations;
    }
  | { type: "http_proxy"; httpUser?: FrpString; httpPassword?: FrpString }
  | {
      type: "https2http" | "https2https";
      localAddr?: string;
      hostHeaderRewrite?: string;
      requestHeaders?: FrpHeaderOperations;
      enableHTTP2?: boolean;
      crtPath?: string;
      keyPath?: string;
    }
  | { type: "socks5"; username?: FrpString; password?: FrpString }
  | {
      type: "static_file";
      localPath?: string;
      stripPrefix?: string;
      httpUser?: FrpString;
      httpPassword?: FrpString;
    }
  | { type: "unix_domain_socket"; unixPath?: string }
  | { type: "tls2raw"; localAddr?: string; crtPath?: string; keyPath?: string }
  | { type: "virtual_net" };

export type FrpClientPluginType = FrpClientPlugin["type"];

/** Fields every proxy has (ProxyBaseConfig + ProxyBackend). */
export interface FrpProxyBase {
  name: string;
  enabled?: boolean;
  annotations?: Record<string, string>;
  transport?: {
    useEncryption?: boolean;
    useCompression?: boolean;
    /** e.g. "10MB" or "512KB". */
    bandwidthLimit?: string;
    bandwidthLimitMode?: "client" | "server" | (string & {});
    proxyProtocolVersion?: "" | "v1" | "v2" | (string & {});
  };
  metadatas?: Record<string, string>;
  loadBalancer?: { group?: string; groupKey?: FrpString };
  healthCheck?: FrpHealthCheck;
  localIP?: string;
  localPort?: number;
  plugin?: FrpClientPlugin;
}

export interface FrpDomainConfig {
  customDomains?: string[];
  subdomain?: string;
}

export interface FrpTCPProxy extends FrpProxyBase {
  type: "tcp";
  remotePort?: number;
}
export interface FrpUDPProxy extends FrpProxyBase {
  type: "udp";
  remotePort?: number;
}
export interface FrpHTTPProxy extends FrpProxyBase, FrpDomainConfig {
  type: "http";
  locations?: string[];
  httpUser?: FrpString;
  httpPassword?: FrpString;
  hostHeaderRewrite?: string;
  requestHeaders?: FrpHeaderOperations;
  responseHeaders?: FrpHeaderOperations;
  routeByHTTPUser?: string;
}
export interface FrpHTTPSProxy extends FrpProxyBase, FrpDomainConfig {
  type: "https";
}
export interface FrpTCPMuxProxy extends FrpProxyBase, FrpDomainConfig {
  type: "tcpmux";
  httpUser?: FrpString;
  httpPassword?: FrpString;
  routeByHTTPUser?: string;
  multiplexer?: "httpconnect" | (string & {});
}
export interface FrpSecretProxyFields {
  secretKey?: FrpString;
  allowUsers?: string[];
}
export interface FrpSTCPProxy extends FrpProxyBase, FrpSecretProxyFields {
  type: "stcp";
}
export interface FrpSUDPProxy extends FrpProxyBase, FrpSecretProxyFields {
  type: "sudp";
}
export interface FrpXTCPProxy extends FrpProxyBase, FrpSecretProxyFields {
  type: "xtcp";
  natTraversal?: { disableAssistedAddrs?: boolean };
}

export type FrpProxy =
  | FrpTCPProxy
  | FrpUDPProxy
  | FrpHTTPProxy
  | FrpHTTPSProxy
  | FrpTCPMuxProxy
  | FrpSTCPProxy
  | FrpSUDPProxy
  | FrpXTCPProxy;

export type FrpProxyType = FrpProxy["type"];

interface FrpVisitorBase {
  name: string;
  enabled?: boolean;
  transport?: { useEncryption?: boolean; useCompression?: boolean };
  secretKey?: FrpString;
  serverUser?: string;
  serverName?: string;
  bindAddr?: string;
  /** Negative: do not listen, only receive connections redirected from other visitors. */
  bindPort?: number;
  plugin?: { type: "virtual_net"; destinationIP?: string };
}

export interface FrpSTCPVisitor extends FrpVisitorBase {
  type: "stcp";
}
export interface FrpSUDPVisitor extends FrpVisitorBase {
  type: "sudp";
}
export interface FrpXTCPVisitor extends FrpVisitorBase {
  type: "xtcp";
  protocol?: "quic" | "kcp" | (string & {});
  keepTunnelOpen?: boolean;
  maxRetriesAnHour?: number;
  minRetryInterval?: number;
  fallbackTo?: string;
  fallbackTimeoutMs?: number;
  natTraversal?: { disableAssistedAddrs?: boolean };
}

export type FrpVisitor = FrpSTCPVisitor | FrpSUDPVisitor | FrpXTCPVisitor;

/** frpc configuration (ClientConfig: ClientCommonConfig + proxies + visitors). */
export interface FrpcConfig {
  /** APIMetadata.version (unused by frp itself). */
  version?: string;
  auth?: FrpClientAuth;
  user?: string;
  clientID?: string;
  serverAddr?: string;
  serverPort?: number;
  natHoleStunServer?: string;
  dnsServer?: string;
  loginFailExit?: boolean;
  start?: string[];
  log?: FrpLogConfig;
  webServer?: FrpWebServerConfig;
  transport?: FrpClientTransport;
  virtualNet?: { address?: string };
  featureGates?: Record<string, boolean>;
  udpPacketSize?: number;
  metadatas?: Record<string, string>;
  includes?: string[];
  store?: { path?: string };
  proxies?: FrpProxy[];
  visitors?: FrpVisitor[];
}

/** One `allowPorts` entry: a single port or an inclusive range. */
export interface FrpPortsRange {
  start?: number;
  end?: number;
  single?: number;
}

export type FrpHTTPPluginOp = "Login" | "NewProxy" | "CloseProxy" | "Ping" | "NewWorkConn" | "NewUserConn";

/** frps configuration (ServerConfig). */
export interface FrpsConfig {
  /** APIMetadata.version (unused by frp itself). */
  version?: string;
  auth?: {
    method?: FrpAuthMethod;
    additionalScopes?: FrpAuthScope[];
    token?: FrpString;
    tokenSource?: FrpValueSource;
    oidc?: { issuer?: string; audience?: string; skipExpiryCheck?: boolean; skipIssuerCheck?: boolean };
  };
  bindAddr?: string;
  bindPort?: number;
  kcpBindPort?: number;
  quicBindPort?: number;
  proxyBindAddr?: string;
  vhostHTTPPort?: number;
  vhostHTTPTimeout?: number;
  vhostHTTPSPort?: number;
  tcpmuxHTTPConnectPort?: number;
  tcpmuxPassthrough?: boolean;
  subDomainHost?: string;
  custom404Page?: string;
  sshTunnelGateway?: {
    bindPort?: number;
    privateKeyFile?: string;
    autoGenPrivateKeyPath?: string;
    authorizedKeysFile?: string;
  };
  webServer?: FrpWebServerConfig;
  enablePrometheus?: boolean;
  log?: FrpLogConfig;
  transport?: {
    tcpMux?: boolean;
    tcpMuxKeepaliveInterval?: number;
    tcpKeepalive?: number;
    maxPoolCount?: number;
    heartbeatTimeout?: number;
    quic?: FrpQUICOptions;
    tls?: FrpTLSFiles & { force?: boolean };
  };
  detailedErrorsToClient?: boolean;
  maxPortsPerClient?: number;
  userConnTimeout?: number;
  udpPacketSize?: number;
  natholeAnalysisDataReserveHours?: number;
  allowPorts?: FrpPortsRange[];
  httpPlugins?: Array<{
    name: string;
    addr: string;
    path: string;
    ops: FrpHTTPPluginOp[];
    tlsVerify?: boolean;
  }>;
}

/** Which side of frp a config belongs to. */
export type FrpRole = "client" | "server";

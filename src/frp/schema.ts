/**
 * frp v0.70 configuration structs as data: every field with its JSON name (the `json:"…"` tag) in
 * the struct's declaration order, and its Go type. One table drives the strict decoder (unknown
 * fields, wrong types, case-insensitive keys) and the emitter's stable key order.
 *
 * Sources: fatedier/frp pkg/config/v1/{client,server,common,proxy,visitor,proxy_plugin,
 * visitor_plugin,value_source}.go and pkg/config/types/types.go. Embedded Go structs
 * (ProxyBaseConfig, ProxyBackend, DomainConfig, TLSConfig) are flattened as encoding/json does.
 */

export type GoType =
  /** `go` names a defined string type (`type AuthMethod string`), which Go's type errors name. */
  | { k: "string"; go?: string }
  | { k: "int"; go: "int" | "int64" }
  | { k: "bool" }
  /** types.BandwidthQuantity: a JSON string such as "10MB" or "512KB". */
  | { k: "bandwidth" }
  | { k: "list"; of: GoType }
  | { k: "map"; of: GoType }
  | { k: "struct"; go: string; fields: Fields }
  /** A union picked by its `type` field (proxies, visitors, plugins). */
  | { k: "typed"; family: TypedFamily }
  /** Decoded without checks (shapes kiln does not model; see docs/frp.md Limits). */
  | { k: "any" };

/**
 * `via` names the embedded Go structs a field is promoted through (e.g. "ProxyBaseConfig.
 * ProxyBackend"): Go's decoder puts them in the field path of type errors.
 */
export type Fields = ReadonlyArray<readonly [name: string, type: GoType, via?: string]>;
export type TypedFamily = "proxy" | "visitor" | "clientPlugin" | "visitorPlugin";

const S: GoType = { k: "string" };
const AUTH_METHOD: GoType = { k: "string", go: "AuthMethod" };
const AUTH_SCOPE: GoType = { k: "string", go: "AuthScope" };
const I: GoType = { k: "int", go: "int" };
const I64: GoType = { k: "int", go: "int64" };
const B: GoType = { k: "bool" };
const list = (of: GoType): GoType => ({ k: "list", of });
const map = (of: GoType): GoType => ({ k: "map", of });
const struct = (go: string, fields: Fields): GoType => ({ k: "struct", go, fields });
const typed = (family: TypedFamily): GoType => ({ k: "typed", family });
/** Fields promoted from an embedded struct. */
const embed = (name: string, fields: Fields): Fields =>
  fields.map(([n, t, via]) => [n, t, via ? `${name}.${via}` : name] as const);

const valueSource = struct("ValueSource", [
  ["type", S],
  ["file", struct("FileSource", [["path", S]])],
  [
    "exec",
    struct("ExecSource", [
      ["command", S],
      ["args", list(S)],
      [
        "env",
        list(
          struct("ExecEnvVar", [
            ["name", S],
            ["value", S],
          ]),
        ),
      ],
    ]),
  ],
]);

const tlsConfig: Fields = [
  ["certFile", S],
  ["keyFile", S],
  ["trustedCaFile", S],
  ["serverName", S],
];

const quic = struct("QUICOptions", [
  ["keepalivePeriod", I],
  ["maxIdleTimeout", I],
  ["maxIncomingStreams", I],
]);

const log = struct("LogConfig", [
  ["to", S],
  ["level", S],
  ["maxDays", I64],
  ["disablePrintColor", B],
]);

const webServer = struct("WebServerConfig", [
  ["addr", S],
  ["port", I],
  ["user", S],
  ["password", S],
  ["assetsDir", S],
  ["pprofEnable", B],
  ["tls", struct("TLSConfig", tlsConfig)],
]);

const headerOperations = struct("HeaderOperations", [["set", map(S)]]);
const natTraversal = struct("NatTraversalConfig", [["disableAssistedAddrs", B]]);

// pkg/config/v1/client.go
const clientCommon: Fields = [
  [
    "auth",
    struct("AuthClientConfig", [
      ["method", AUTH_METHOD],
      ["additionalScopes", list(AUTH_SCOPE)],
      ["token", S],
      ["tokenSource", valueSource],
      [
        "oidc",
        struct("AuthOIDCClientConfig", [
          ["clientID", S],
          ["clientSecret", S],
          ["audience", S],
          ["scope", S],
          ["tokenEndpointURL", S],
          ["additionalEndpointParams", map(S)],
          ["trustedCaFile", S],
          ["insecureSkipVerify", B],
          ["proxyURL", S],
          ["tokenSource", valueSource],
        ]),
      ],
    ]),
  ],
  ["user", S],
  ["clientID", S],
  ["serverAddr", S],
  ["serverPort", I],
  ["natHoleStunServer", S],
  ["dnsServer", S],
  ["loginFailExit", B],
  ["start", list(S)],
  ["log", log],
  ["webServer", webServer],
  [
    "transport",
    struct("ClientTransportConfig", [
      ["protocol", S],
      ["wireProtocol", S],
      ["dialServerTimeout", I64],
      ["dialServerKeepalive", I64],
      ["connectServerLocalIP", S],
      ["proxyURL", S],
      ["poolCount", I],
      ["tcpMux", B],
      ["tcpMuxKeepaliveInterval", I64],
      ["quic", quic],
      ["heartbeatInterval", I64],
      ["heartbeatTimeout", I64],
      [
        "tls",
        struct("TLSClientConfig", [
          ["enable", B],
          ["disableCustomTLSFirstByte", B],
          ...embed("TLSConfig", tlsConfig),
        ]),
      ],
    ]),
  ],
  ["virtualNet", struct("VirtualNetConfig", [["address", S]])],
  ["featureGates", map(B)],
  ["udpPacketSize", I64],
  ["metadatas", map(S)],
  ["includes", list(S)],
  ["store", struct("StoreConfig", [["path", S]])],
];

export const CLIENT_CONFIG: GoType = struct("ClientConfig", [
  ...embed("ClientCommonConfig", [["version", S, "APIMetadata"], ...clientCommon]),
  ["proxies", list(typed("proxy"))],
  ["visitors", list(typed("visitor"))],
]);

// pkg/config/v1/server.go
export const SERVER_CONFIG: GoType = struct("ServerConfig", [
  ["version", S, "APIMetadata"],
  [
    "auth",
    struct("AuthServerConfig", [
      ["method", AUTH_METHOD],
      ["additionalScopes", list(AUTH_SCOPE)],
      ["token", S],
      ["tokenSource", valueSource],
      [
        "oidc",
        struct("AuthOIDCServerConfig", [
          ["issuer", S],
          ["audience", S],
          ["skipExpiryCheck", B],
          ["skipIssuerCheck", B],
        ]),
      ],
    ]),
  ],
  ["bindAddr", S],
  ["bindPort", I],
  ["kcpBindPort", I],
  ["quicBindPort", I],
  ["proxyBindAddr", S],
  ["vhostHTTPPort", I],
  ["vhostHTTPTimeout", I64],
  ["vhostHTTPSPort", I],
  ["tcpmuxHTTPConnectPort", I],
  ["tcpmuxPassthrough", B],
  ["subDomainHost", S],
  ["custom404Page", S],
  [
    "sshTunnelGateway",
    struct("SSHTunnelGateway", [
      ["bindPort", I],
      ["privateKeyFile", S],
      ["autoGenPrivateKeyPath", S],
      ["authorizedKeysFile", S],
    ]),
  ],
  ["webServer", webServer],
  ["enablePrometheus", B],
  ["log", log],
  [
    "transport",
    struct("ServerTransportConfig", [
      ["tcpMux", B],
      ["tcpMuxKeepaliveInterval", I64],
      ["tcpKeepalive", I64],
      ["maxPoolCount", I64],
      ["heartbeatTimeout", I64],
      ["quic", quic],
      ["tls", struct("TLSServerConfig", [["force", B], ...embed("TLSConfig", tlsConfig)])],
    ]),
  ],
  ["detailedErrorsToClient", B],
  ["maxPortsPerClient", I64],
  ["userConnTimeout", I64],
  ["udpPacketSize", I64],
  ["natholeAnalysisDataReserveHours", I64],
  [
    "allowPorts",
    list(
      struct("PortsRange", [
        ["start", I],
        ["end", I],
        ["single", I],
      ]),
    ),
  ],
  [
    "httpPlugins",
    list(
      struct("HTTPPluginOptions", [
        ["name", S],
        ["addr", S],
        ["path", S],
        ["ops", list(S)],
        ["tlsVerify", B],
      ]),
    ),
  ],
]);

// pkg/config/v1/proxy.go: ProxyBaseConfig with ProxyBackend embedded.
const proxyBase: Fields = embed("ProxyBaseConfig", [
  ["name", S],
  ["type", S],
  ["enabled", B],
  ["annotations", map(S)],
  [
    "transport",
    struct("ProxyTransport", [
      ["useEncryption", B],
      ["useCompression", B],
      ["bandwidthLimit", { k: "bandwidth" }],
      ["bandwidthLimitMode", S],
      ["proxyProtocolVersion", S],
    ]),
  ],
  ["metadatas", map(S)],
  [
    "loadBalancer",
    struct("LoadBalancerConfig", [
      ["group", S],
      ["groupKey", S],
    ]),
  ],
  [
    "healthCheck",
    struct("HealthCheckConfig", [
      ["type", S],
      ["timeoutSeconds", I],
      ["maxFailed", I],
      ["intervalSeconds", I],
      ["path", S],
      [
        "httpHeaders",
        list(
          struct("HTTPHeader", [
            ["name", S],
            ["value", S],
          ]),
        ),
      ],
    ]),
  ],
  ...embed("ProxyBackend", [
    ["localIP", S],
    ["localPort", I],
    ["plugin", typed("clientPlugin")],
  ]),
]);

const domain: Fields = embed("DomainConfig", [
  ["customDomains", list(S)],
  ["subdomain", S],
]);
const secret: Fields = [
  ["secretKey", S],
  ["allowUsers", list(S)],
];

/** Proxy structs by `type`, in frp's ProxyType order. */
export const PROXY_TYPES: Readonly<Record<string, GoType>> = {
  tcp: struct("TCPProxyConfig", [...proxyBase, ["remotePort", I]]),
  udp: struct("UDPProxyConfig", [...proxyBase, ["remotePort", I]]),
  tcpmux: struct("TCPMuxProxyConfig", [
    ...proxyBase,
    ...domain,
    ["httpUser", S],
    ["httpPassword", S],
    ["routeByHTTPUser", S],
    ["multiplexer", S],
  ]),
  http: struct("HTTPProxyConfig", [
    ...proxyBase,
    ...domain,
    ["locations", list(S)],
    ["httpUser", S],
    ["httpPassword", S],
    ["hostHeaderRewrite", S],
    ["requestHeaders", headerOperations],
    ["responseHeaders", headerOperations],
    ["routeByHTTPUser", S],
  ]),
  https: struct("HTTPSProxyConfig", [...proxyBase, ...domain]),
  stcp: struct("STCPProxyConfig", [...proxyBase, ...secret]),
  xtcp: struct("XTCPProxyConfig", [...proxyBase, ...secret, ["natTraversal", natTraversal]]),
  sudp: struct("SUDPProxyConfig", [...proxyBase, ...secret]),
};

// pkg/config/v1/visitor.go
const visitorBase: Fields = embed("VisitorBaseConfig", [
  ["name", S],
  ["type", S],
  ["enabled", B],
  [
    "transport",
    struct("VisitorTransport", [
      ["useEncryption", B],
      ["useCompression", B],
    ]),
  ],
  ["secretKey", S],
  ["serverUser", S],
  ["serverName", S],
  ["bindAddr", S],
  ["bindPort", I],
  ["plugin", typed("visitorPlugin")],
]);

export const VISITOR_TYPES: Readonly<Record<string, GoType>> = {
  stcp: struct("STCPVisitorConfig", visitorBase),
  xtcp: struct("XTCPVisitorConfig", [
    ...visitorBase,
    ["protocol", S],
    ["keepTunnelOpen", B],
    ["maxRetriesAnHour", I],
    ["minRetryInterval", I],
    ["fallbackTo", S],
    ["fallbackTimeoutMs", I],
    ["natTraversal", natTraversal],
  ]),
  sudp: struct("SUDPVisitorConfig", visitorBase),
};

const localAddrHeaders: Fields = [
  ["type", S],
  ["localAddr", S],
  ["hostHeaderRewrite", S],
  ["requestHeaders", headerOperations],
];
const tlsTermination: Fields = [
  ["enableHTTP2", B],
  ["crtPath", S],
  ["keyPath", S],
];

// pkg/config/v1/proxy_plugin.go
export const CLIENT_PLUGIN_TYPES: Readonly<Record<string, GoType>> = {
  http2https: struct("HTTP2HTTPSPluginOptions", localAddrHeaders),
  http_proxy: struct("HTTPProxyPluginOptions", [
    ["type", S],
    ["httpUser", S],
    ["httpPassword", S],
  ]),
  https2http: struct("HTTPS2HTTPPluginOptions", [...localAddrHeaders, ...tlsTermination]),
  https2https: struct("HTTPS2HTTPSPluginOptions", [...localAddrHeaders, ...tlsTermination]),
  http2http: struct("HTTP2HTTPPluginOptions", localAddrHeaders),
  socks5: struct("Socks5PluginOptions", [
    ["type", S],
    ["username", S],
    ["password", S],
  ]),
  static_file: struct("StaticFilePluginOptions", [
    ["type", S],
    ["localPath", S],
    ["stripPrefix", S],
    ["httpUser", S],
    ["httpPassword", S],
  ]),
  unix_domain_socket: struct("UnixDomainSocketPluginOptions", [
    ["type", S],
    ["unixPath", S],
  ]),
  tls2raw: struct("TLS2RawPluginOptions", [
    ["type", S],
    ["localAddr", S],
    ["crtPath", S],
    ["keyPath", S],
  ]),
  virtual_net: struct("VirtualNetPluginOptions", [["type", S]]),
};

// pkg/config/v1/visitor_plugin.go
export const VISITOR_PLUGIN_TYPES: Readonly<Record<string, GoType>> = {
  virtual_net: struct("VirtualNetVisitorPluginOptions", [
    ["type", S],
    ["destinationIP", S],
  ]),
};

export const TYPED_FAMILIES: Readonly<Record<TypedFamily, Readonly<Record<string, GoType>>>> = {
  proxy: PROXY_TYPES,
  visitor: VISITOR_TYPES,
  clientPlugin: CLIENT_PLUGIN_TYPES,
  visitorPlugin: VISITOR_PLUGIN_TYPES,
};

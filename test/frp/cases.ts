/**
 * Cases derived from frp v0.70's rules (pkg/config/v1/validation/*.go, pkg/config/load.go,
 * pkg/config/v1/decode.go): config text and the exact stdout of `frpc verify` / `frps verify`.
 * Shared by the unit table and the interop test against real frp binaries.
 */
export const OK_C = "frpc: the configuration file frpc.toml syntax is ok";
export const OK_S = "frps: the configuration file frps.toml syntax is ok";
const QNAME =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

export type Case = [title: string, text: string, output: string, file?: string];

const tcp = (extra = "", name = "a") =>
  `[[proxies]]\nname = "${name}"\ntype = "tcp"\nlocalPort = 22\nremotePort = 6000\n${extra}`;

export const client: Case[] = [
  ["empty file", "", OK_C],
  ["server address and a tcp proxy", `serverAddr = "1.2.3.4"\nserverPort = 7000\n${tcp()}`, OK_C],
  [
    "http proxy with subdomain",
    `[[proxies]]\nname = "web"\ntype = "http"\nlocalPort = 80\nsubdomain = "web"\n`,
    OK_C,
  ],
  [
    "https proxy with custom domains",
    `[[proxies]]\nname = "s"\ntype = "https"\nlocalPort = 443\ncustomDomains = ["a.example.com"]\n`,
    OK_C,
  ],
  [
    "tcpmux with httpconnect",
    `[[proxies]]\nname = "m"\ntype = "tcpmux"\nmultiplexer = "httpconnect"\nlocalPort = 22\ncustomDomains = ["m.example.com"]\n`,
    OK_C,
  ],
  [
    "stcp proxy with secret key",
    `[[proxies]]\nname = "s"\ntype = "stcp"\nsecretKey = "{{ .Envs.SK }}"\nlocalPort = 22\n`,
    OK_C,
  ],
  [
    "xtcp proxy and kcp visitor",
    `[[proxies]]\nname = "x"\ntype = "xtcp"\nlocalPort = 22\n[[visitors]]\nname = "xv"\ntype = "xtcp"\nserverName = "x"\nbindPort = 6001\nprotocol = "kcp"\n`,
    OK_C,
  ],
  ["sudp visitor", `[[visitors]]\nname = "v"\ntype = "sudp"\nserverName = "dns"\nbindPort = 5353\n`, OK_C],
  [
    "plugin proxy needs no localPort",
    `[[proxies]]\nname = "files"\ntype = "tcp"\nremotePort = 6000\n[proxies.plugin]\ntype = "static_file"\nlocalPath = "/srv"\n`,
    OK_C,
  ],
  [
    "unix socket plugin",
    `[[proxies]]\nname = "u"\ntype = "tcp"\nplugin = { type = "unix_domain_socket", unixPath = "/run/x.sock" }\n`,
    OK_C,
  ],
  [
    "oidc with client credentials",
    `[auth]\nmethod = "oidc"\noidc.clientID = "frpc"\noidc.tokenEndpointURL = "https://idp.example.com/token"\n`,
    OK_C,
  ],
  [
    "token from a file",
    `auth.tokenSource = { type = "file", file = { path = "/run/secrets/token" } }\n`,
    OK_C,
  ],
  ["kcp transport", `transport.protocol = "kcp"\n`, OK_C],
  ["debug log level", `log.level = "debug"\n`, OK_C],
  [
    "web server with tls",
    `[webServer]\nport = 7400\ntls = { certFile = "c.pem", keyFile = "k.pem" }\n`,
    OK_C,
  ],
  [
    "explicit heartbeat without tcpMux",
    `[transport]\ntcpMux = false\nheartbeatInterval = 30\nheartbeatTimeout = 90\n`,
    OK_C,
  ],
  [
    "disabled proxy is not validated",
    `[[proxies]]\nname = "off"\ntype = "http"\nenabled = false\nlocalPort = 80\n`,
    OK_C,
  ],
  [
    "proxies outside start are not validated",
    `start = ["a"]\n${tcp()}[[proxies]]\nname = "b"\ntype = "http"\nlocalPort = 80\n`,
    OK_C,
  ],
  [
    "yaml config",
    "serverPort: 7000\nproxies:\n  - name: a\n    type: tcp\n    localPort: 22\n",
    "frpc: the configuration file frpc.yaml syntax is ok",
    "frpc.yaml",
  ],
  [
    "json config",
    `{"serverPort": 7000, "proxies": [{"name": "a", "type": "udp", "localPort": 53}]}`,
    "frpc: the configuration file frpc.json syntax is ok",
    "frpc.json",
  ],
  [
    "keys match case-insensitively",
    `ServerPort = 7000\n[[Proxies]]\nNAME = "a"\nType = "tcp"\nlocalport = 22\n`,
    OK_C,
  ],
  [
    "tls files with tls disabled only warn",
    `[transport.tls]\nenable = false\ncertFile = "c.pem"\n`,
    `WARNING: transport.tls.certFile is invalid when transport.tls.enable is false\n${OK_C}`,
  ],
  [
    "several tls warnings are joined",
    `[transport.tls]\nenable = false\ncertFile = "c.pem"\nkeyFile = "k.pem"\ntrustedCaFile = "ca.pem"\n`,
    `WARNING: transport.tls.certFile is invalid when transport.tls.enable is false\ntransport.tls.keyFile is invalid when transport.tls.enable is false\ntransport.tls.trustedCaFile is invalid when transport.tls.enable is false\n${OK_C}`,
  ],
  ["unknown auth method", `auth.method = "basic"\n`, "invalid auth method, optional values are [token oidc]"],
  [
    "unknown auth scope",
    `auth.additionalScopes = ["HeartBeats", "Pings"]\n`,
    "invalid auth additional scopes, optional values are [HeartBeats NewWorkConns]",
  ],
  [
    "token and tokenSource together",
    `[auth]\ntoken = "x"\ntokenSource = { type = "file", file = { path = "/t" } }\n`,
    "cannot specify both auth.token and auth.tokenSource",
  ],
  [
    "file tokenSource without file",
    `auth.tokenSource = { type = "file" }\n`,
    "invalid auth.tokenSource: file configuration is required when type is 'file'",
  ],
  [
    "file tokenSource with empty path",
    `auth.tokenSource = { type = "file", file = { path = "" } }\n`,
    "invalid auth.tokenSource: file path cannot be empty",
  ],
  [
    "unsupported tokenSource type",
    `auth.tokenSource = { type = "vault" }\n`,
    "invalid auth.tokenSource: unsupported value source type: vault (only 'file' and 'exec' are supported)",
  ],
  [
    "exec tokenSource is an unsafe feature",
    `auth.tokenSource = { type = "exec", exec = { command = "pass" } }\n`,
    `unsafe feature "TokenSourceExec" is not enabled. To enable it, ensure it is allowed in the configuration or command line flags`,
  ],
  [
    "oidc without client id and endpoint",
    `auth.method = "oidc"\n`,
    "auth.oidc.clientID is required; auth.oidc.tokenEndpointURL is required",
  ],
  [
    "oidc endpoint must be http(s)",
    `[auth]\nmethod = "oidc"\noidc.clientID = "c"\noidc.tokenEndpointURL = "ftp://idp/token"\n`,
    "auth.oidc.tokenEndpointURL must use http or https",
  ],
  [
    "oidc endpoint must be absolute",
    `[auth]\nmethod = "oidc"\noidc.clientID = "c"\noidc.tokenEndpointURL = "/token"\n`,
    "auth.oidc.tokenEndpointURL must be an absolute http or https URL",
  ],
  [
    "oidc tokenSource excludes other oidc fields",
    `[auth]\nmethod = "oidc"\noidc.clientID = "c"\noidc.tokenSource = { type = "file", file = { path = "/t" } }\n`,
    "cannot specify both auth.oidc.tokenSource and any other field of auth.oidc",
  ],
  [
    "unknown log level",
    `log.level = "verbose"\n`,
    "invalid log level, optional values are [trace debug info warn error]",
  ],
  [
    "web server port out of range",
    `webServer.port = 70000\n`,
    "webServer.port: port number 70000 must be in the range 0..65535",
  ],
  [
    "web server tls without cert",
    `webServer.tls = { keyFile = "k.pem" }\n`,
    "tls.certFile must be specified when tls is enabled",
  ],
  [
    "web server tls without key",
    `webServer.tls = { certFile = "c.pem" }\n`,
    "tls.keyFile must be specified when tls is enabled",
  ],
  [
    "heartbeat timeout below interval",
    `[transport]\nheartbeatInterval = 30\nheartbeatTimeout = 10\n`,
    "invalid transport.heartbeatTimeout, heartbeat timeout should not less than heartbeat interval",
  ],
  [
    "unknown transport protocol",
    `transport.protocol = "udp"\n`,
    "invalid transport.protocol, optional values are [tcp kcp quic websocket wss]",
  ],
  [
    "unknown wire protocol",
    `transport.wireProtocol = "v3"\n`,
    "invalid transport.wireProtocol, optional values are [v1 v2]",
  ],
  [
    "virtual net needs its feature gate",
    `virtualNet.address = "100.86.1.1/24"\n`,
    "VirtualNet feature is not enabled; enable it by setting the appropriate feature gate flag",
  ],
  [
    "verify ignores the config's feature gates",
    `virtualNet.address = "100.86.1.1/24"\nfeatureGates = { VirtualNet = true }\n`,
    "VirtualNet feature is not enabled; enable it by setting the appropriate feature gate flag",
  ],
  [
    "common errors are collected in validator order",
    `transport.protocol = "udp"\nlog.level = "loud"\nauth.method = "basic"\n`,
    "invalid auth method, optional values are [token oidc]\ninvalid log level, optional values are [trace debug info warn error]\ninvalid transport.protocol, optional values are [tcp kcp quic websocket wss]",
  ],
  [
    "a common error stops before proxies",
    `log.level = "loud"\n[[proxies]]\nname = "web"\ntype = "http"\nlocalPort = 80\n`,
    "invalid log level, optional values are [trace debug info warn error]",
  ],
  ["proxy without name", `[[proxies]]\ntype = "tcp"\nlocalPort = 22\n`, "proxy : name should not be empty"],
  [
    "invalid annotation key",
    `${tcp('annotations = { "bad key" = "x" }\n')}`,
    `proxy a: annotation key bad key is invalid: name part ${QNAME}`,
  ],
  ["valid annotation keys", `${tcp('annotations = { "example.com/Team" = "x", owner = "me" }\n')}`, OK_C],
  [
    "proxy protocol v3",
    tcp('transport.proxyProtocolVersion = "v3"\n'),
    "proxy a: not support proxy protocol version: v3",
  ],
  [
    "bandwidth limit mode",
    tcp('transport.bandwidthLimitMode = "both"\n'),
    "proxy a: bandwidth limit mode should be client or server",
  ],
  [
    "bandwidth limit ok",
    tcp('transport.bandwidthLimit = "1.5MB"\ntransport.bandwidthLimitMode = "server"\n'),
    OK_C,
  ],
  [
    "local port out of range",
    `[[proxies]]\nname = "a"\ntype = "tcp"\nlocalPort = 70000\n`,
    "proxy a: localPort: localPort: port number 70000 must be in the range 0..65535",
  ],
  ["health check type", tcp('healthCheck.type = "udp"\n'), "proxy a: not support health check type: udp"],
  [
    "http health check needs a path",
    tcp('healthCheck.type = "http"\n'),
    "proxy a: health check path should not be empty",
  ],
  ["http health check with path", tcp('healthCheck = { type = "http", path = "/healthz" }\n'), OK_C],
  [
    "http2https plugin needs localAddr",
    `[[proxies]]\nname = "a"\ntype = "http"\nsubdomain = "a"\nplugin = { type = "http2https" }\n`,
    "proxy a: plugin http2https: localAddr is required",
  ],
  [
    "static_file plugin needs localPath",
    `[[proxies]]\nname = "a"\ntype = "tcp"\nplugin = { type = "static_file" }\n`,
    "proxy a: plugin static_file: localPath is required",
  ],
  [
    "unix_domain_socket plugin needs unixPath",
    `[[proxies]]\nname = "a"\ntype = "tcp"\nplugin = { type = "unix_domain_socket" }\n`,
    "proxy a: plugin unix_domain_socket: unixPath is required",
  ],
  [
    "tls2raw plugin needs localAddr",
    `[[proxies]]\nname = "a"\ntype = "https"\ncustomDomains = ["a.example.com"]\nplugin = { type = "tls2raw" }\n`,
    "proxy a: plugin tls2raw: localAddr is required",
  ],
  [
    "http proxy needs a domain",
    `[[proxies]]\nname = "a"\ntype = "http"\nlocalPort = 80\n`,
    "proxy a: subdomain and custom domains should not be both empty",
  ],
  [
    "https proxy needs a domain",
    `[[proxies]]\nname = "a"\ntype = "https"\nlocalPort = 443\n`,
    "proxy a: subdomain and custom domains should not be both empty",
  ],
  [
    "tcpmux needs httpconnect",
    `[[proxies]]\nname = "m"\ntype = "tcpmux"\nlocalPort = 22\nsubdomain = "m"\n`,
    "proxy m: not support multiplexer: ",
  ],
  [
    "tcpmux needs a domain",
    `[[proxies]]\nname = "m"\ntype = "tcpmux"\nmultiplexer = "httpconnect"\nlocalPort = 22\n`,
    "proxy m: subdomain and custom domains should not be both empty",
  ],
  [
    "only the first proxy error is reported",
    `${tcp('transport.proxyProtocolVersion = "v9"\n', "first")}${tcp('healthCheck.type = "udp"\n', "second")}`,
    "proxy first: not support proxy protocol version: v9",
  ],
  ["duplicate proxy names", `${tcp()}${tcp()}`, "proxy name [a] is duplicated"],
  [
    "duplicate visitor names",
    `[[visitors]]\nname = "v"\ntype = "stcp"\nserverName = "s"\nbindPort = 1\n[[visitors]]\nname = "v"\ntype = "sudp"\nserverName = "s"\nbindPort = 2\n`,
    "visitor name [v] is duplicated",
  ],
  [
    "a proxy and a visitor may share a name",
    `${tcp()}[[visitors]]\nname = "a"\ntype = "stcp"\nserverName = "s"\nbindPort = 1\n`,
    OK_C,
  ],
  [
    "visitor without server name",
    `[[visitors]]\nname = "v"\ntype = "stcp"\nbindPort = 1\n`,
    "visitor v: server name is required",
  ],
  [
    "visitor without bind port",
    `[[visitors]]\nname = "v"\ntype = "stcp"\nserverName = "s"\n`,
    "visitor v: bind port is required",
  ],
  [
    "visitor without name",
    `[[visitors]]\ntype = "stcp"\nserverName = "s"\nbindPort = 1\n`,
    "visitor : name is required",
  ],
  [
    "xtcp visitor protocol",
    `[[visitors]]\nname = "v"\ntype = "xtcp"\nserverName = "s"\nbindPort = 1\nprotocol = "tcp"\n`,
    "visitor v: protocol should be kcp or quic",
  ],
  [
    "stcp visitor with negative bind port",
    `[[visitors]]\nname = "v"\ntype = "stcp"\nserverName = "s"\nbindPort = -1\n`,
    OK_C,
  ],
  ["unknown top-level field", `serverPrt = 7000\n`, `json: unknown field "serverPrt"`],
  ["unknown nested field", `transport.compress = true\n`, `json: unknown field "compress"`],
  [
    "wrong top-level type",
    `serverPort = "7000"\n`,
    `field "ClientCommonConfig.serverPort": cannot unmarshal string into int`,
  ],
  [
    "wrong nested type",
    `transport.poolCount = true\n`,
    `field "ClientCommonConfig.transport.poolCount": cannot unmarshal bool into int`,
  ],
  [
    "unknown proxy type",
    `[[proxies]]\nname = "a"\ntype = "ftp"\n`,
    "decode proxy at index 0: unknown proxy type: ftp",
  ],
  ["proxy without type", `[[proxies]]\nname = "a"\n`, "decode proxy at index 0: unknown proxy type: "],
  [
    "unknown field in a proxy",
    tcp("useEncryption = true\n"),
    `decode proxy at index 0: unmarshal ProxyConfig error: json: unknown field "useEncryption"`,
  ],
  [
    "wrong type in a proxy",
    `[[proxies]]\nname = "a"\ntype = "tcp"\nlocalPort = "22"\n`,
    "decode proxy at index 0: unmarshal ProxyConfig error: json: cannot unmarshal string into Go struct field TCPProxyConfig.ProxyBaseConfig.ProxyBackend.localPort of type int",
  ],
  [
    "unknown plugin type",
    `[[proxies]]\nname = "a"\ntype = "tcp"\nplugin = { type = "magic" }\n`,
    "decode proxy at index 0: unmarshal ProxyConfig error: unknown plugin type: magic",
  ],
  [
    "unknown field in a plugin",
    `[[proxies]]\nname = "a"\ntype = "tcp"\nplugin = { type = "socks5", bogus = 1 }\n`,
    `decode proxy at index 0: unmarshal proxy plugin error: unmarshal ClientPluginOptions error: json: unknown field "bogus"`,
  ],
  [
    "bandwidth unit",
    tcp('transport.bandwidthLimit = "1GB"\n'),
    "decode proxy at index 0: unmarshal ProxyConfig error: unit not support",
  ],
  [
    "unknown visitor type",
    `[[visitors]]\nname = "v"\ntype = "xudp"\n`,
    "decode visitor at index 0: unknown visitor type: xudp",
  ],
  [
    "second proxy's index is reported",
    `${tcp()}[[proxies]]\nname = "b"\ntype = "ssh"\n`,
    "decode proxy at index 1: unknown proxy type: ssh",
  ],
  // Several decode errors: frp marshals the parsed TOML to JSON (keys sorted) before decoding, and
  // a type error from a custom unmarshaler ends the decode while unknown fields only are saved.
  [
    "first decode error in sorted key order",
    `serverPort = "x"\nfoo = 1\nauth.token = 3\n`,
    'field "ClientCommonConfig.auth.token": cannot unmarshal number into string',
  ],
  [
    "a plugin error outranks an earlier unknown field",
    `[[proxies]]\nname = "a"\ntype = "tcp"\nSERVERADDR = 1\nplugin.type = "magic"\n`,
    "decode proxy at index 0: unmarshal ProxyConfig error: unknown plugin type: magic",
  ],
  [
    "root errors come before proxy errors",
    `[[proxies]]\nname = "a"\ntype = "nope"\n[x]\ny = 1\n`,
    'json: unknown field "x"',
  ],
  [
    "a defined string type is named",
    `auth.method = 1\n`,
    'field "ClientCommonConfig.auth.method": cannot unmarshal number into v1.AuthMethod',
  ],
  [
    "two spellings of one field are decoded into it in key order",
    `WEBSERVER = { port = 7500, tls = { keyFile = "k" } }\nwebServer.port = 7400\n`,
    "tls.certFile must be specified when tls is enabled",
  ],
  // TOML syntax errors in go-toml's words (frp v0.70.1 reads TOML with go-toml v2.2.0).
  [
    "toml: a value missing",
    "serverAddr = \nserverPort = 7000\n",
    "toml: line 1, column 14: toml: incomplete number",
  ],
  ["toml: no = after a key", 'serverAddr "x"\n', "toml: line 1, column 12: toml: expected character ="],
  ["toml: an unclosed table header", "[x\n", "toml: line 1, column 3: toml: expected character ]"],
  [
    "toml: a basic string cut by a new line",
    'a = "x\n',
    "toml: line 1, column 7: toml: basic strings cannot have new lines",
  ],
  [
    "toml: a literal string cut by a new line",
    "a = 'x\n",
    "toml: line 1, column 7: toml: literal strings cannot have new lines",
  ],
  [
    "toml: a key defined twice",
    "serverPort = 7000\nserverPort = 7001\n",
    "toml: key serverPort is already defined",
  ],
  ["toml: a table defined twice", '[auth]\ntoken = "a"\n[auth]\n', "toml: table auth already exists"],
  ["toml: a dotted key redefined", 'log.level = "info"\nlog = 1\n', "toml: key log is already defined"],
  [
    "toml: something after a value",
    "serverPort = 7000,\n",
    "toml: line 1, column 18: toml: expected newline but got U+002C ','",
  ],
  ["toml: a misspelt boolean", "serverPort = tru\n", "toml: line 1, column 14: toml: expected 'true'"],
  [
    "toml: an inline table without a comma",
    'auth = { token = "a" b = 1 }\n',
    "toml: line 1, column 22: toml: expected character ,",
  ],
  [
    "toml: an unknown escape",
    'serverAddr = "a\\qb"\n',
    "toml: line 1, column 17: toml: invalid escaped character U+0071 'q'",
  ],
  [
    "a data field other than Envs",
    `serverAddr = "{{ .Env.X }}"\n`,
    'template: frp:1:21: executing "frp" at <.Env.X>: can\'t evaluate field Env in type *config.Values',
  ],
];

export const server: Case[] = [
  ["empty file", "", OK_S],
  [
    "gateway server",
    `bindPort = 7000\nvhostHTTPPort = 80\nvhostHTTPSPort = 443\nsubDomainHost = "example.com"\nauth.token = "{{ .Envs.FRP_TOKEN }}"\nallowPorts = [{ start = 6000, end = 6100 }, { single = 22 }]\n`,
    OK_S,
  ],
  [
    "http plugins with known ops",
    `[[httpPlugins]]\nname = "p"\naddr = "127.0.0.1:9000"\npath = "/handler"\nops = ["Login", "NewProxy"]\n`,
    OK_S,
  ],
  ["oidc server", `auth.method = "oidc"\nauth.oidc.issuer = "https://idp.example.com"\n`, OK_S],
  ["kcp and quic ports", `kcpBindPort = 7000\nquicBindPort = 7002\n`, OK_S],
  [
    "yaml server",
    "bindPort: 7000\ntransport:\n  tls:\n    force: yes\n",
    "frps: the configuration file frps.yaml syntax is ok",
    "frps.yaml",
  ],
  [
    "bind port out of range",
    `bindPort = 70000\n`,
    "bindPort: port number 70000 must be in the range 0..65535",
  ],
  ["kcp port negative", `kcpBindPort = -1\n`, "kcpBindPort: port number -1 must be in the range 0..65535"],
  [
    "quic port out of range",
    `quicBindPort = 65536\n`,
    "quicBindPort: port number 65536 must be in the range 0..65535",
  ],
  [
    "vhost http port",
    `vhostHTTPPort = 99999\n`,
    "vhostHTTPPort: port number 99999 must be in the range 0..65535",
  ],
  [
    "vhost https port",
    `vhostHTTPSPort = -5\n`,
    "vhostHTTPSPort: port number -5 must be in the range 0..65535",
  ],
  [
    "tcpmux port",
    `tcpmuxHTTPConnectPort = 70000\n`,
    "tcpMuxHTTPConnectPort: port number 70000 must be in the range 0..65535",
  ],
  [
    "unknown http plugin op",
    `[[httpPlugins]]\nname = "p"\naddr = "x"\npath = "/"\nops = ["Login", "Logout"]\n`,
    "invalid http plugin ops, optional values are [Login NewProxy CloseProxy Ping NewWorkConn NewUserConn]",
  ],
  ["unknown auth method", `auth.method = "ldap"\n`, "invalid auth method, optional values are [token oidc]"],
  [
    "unknown auth scope",
    `auth.additionalScopes = ["Everything"]\n`,
    "invalid auth additional scopes, optional values are [HeartBeats NewWorkConns]",
  ],
  [
    "unknown log level",
    `log.level = "quiet"\n`,
    "invalid log level, optional values are [trace debug info warn error]",
  ],
  [
    "dashboard tls without cert",
    `webServer = { port = 7500, tls = { keyFile = "k" } }\n`,
    "tls.certFile must be specified when tls is enabled",
  ],
  [
    "server errors are collected in order",
    `bindPort = 70000\nlog.level = "quiet"\nauth.method = "ldap"\n`,
    "invalid auth method, optional values are [token oidc]\ninvalid log level, optional values are [trace debug info warn error]\nbindPort: port number 70000 must be in the range 0..65535",
  ],
  [
    "a token file is not read by verify",
    `auth.tokenSource = { type = "file", file = { path = "/nonexistent/kiln/token" } }\n`,
    OK_S,
  ],
  [
    "token file that exists",
    `auth.tokenSource = { type = "file", file = { path = "package.json" } }\n`,
    OK_S,
  ],
  [
    "token and tokenSource with oidc",
    `[auth]\nmethod = "oidc"\ntoken = "x"\ntokenSource = { type = "file", file = { path = "/t" } }\n`,
    "cannot specify both auth.token and auth.tokenSource",
  ],
  [
    "token and tokenSource on the server",
    `[auth]\ntoken = "x"\ntokenSource = { type = "file", file = { path = "/t" } }\n`,
    "cannot specify both auth.token and auth.tokenSource",
  ],
  [
    "exec tokenSource without a command",
    `auth.tokenSource = { type = "exec", exec = { command = "" } }\n`,
    `unsafe feature "TokenSourceExec" is not enabled. To enable it, ensure it is allowed in the configuration or command line flags\ninvalid auth.tokenSource: exec command cannot be empty`,
  ],
  ["unknown server field", `bindPrt = 7000\n`, `json: unknown field "bindPrt"`],
  ["wrong server type", `bindPort = "7000"\n`, `field "bindPort": cannot unmarshal string into int`],
  [
    "allowPorts as a string",
    `allowPorts = "6000-7000"\n`,
    `field "allowPorts": cannot unmarshal string into []types.PortsRange`,
  ],
];

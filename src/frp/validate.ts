/**
 * frp v0.70's validation rules, one function per upstream validator, same order, same words.
 * Sources: fatedier/frp pkg/config/v1/validation/{client,server,common,proxy,visitor,plugin,
 * oidc,validation,validator}.go and pkg/config/v1/value_source.go. Inputs are completed configs
 * (see defaults.ts). An environment reference counts as a non-empty string, as it renders to one.
 */

import { DNS1123_SUBDOMAIN, QUALIFIED_NAME as QNAME } from "../core/k8s-names.ts";
import { isFrpEnvRef } from "./env.ts";
import type { FrpcConfig, FrpProxy, FrpString, FrpsConfig, FrpValueSource, FrpVisitor } from "./types.ts";

/** Errors and warnings of one validator; each string is one line of frp's joined error. */
export interface RuleResult {
  errors: string[];
  warnings: string[];
  /** JSON path of each error, parallel to `errors` (for locating it in the source). */
  paths: string[];
}

const SUPPORTED_TRANSPORT_PROTOCOLS = ["tcp", "kcp", "quic", "websocket", "wss"];
const SUPPORTED_WIRE_PROTOCOLS = ["v1", "v2"];
const SUPPORTED_AUTH_METHODS = ["token", "oidc"];
const SUPPORTED_AUTH_SCOPES = ["HeartBeats", "NewWorkConns"];
const SUPPORTED_LOG_LEVELS = ["trace", "debug", "info", "warn", "error"];
const SUPPORTED_HTTP_PLUGIN_OPS = ["Login", "NewProxy", "CloseProxy", "Ping", "NewWorkConn", "NewUserConn"];
/** pkg/policy/security: the unsafe feature gating `tokenSource.type = "exec"`. */
export const TOKEN_SOURCE_EXEC = "TokenSourceExec";

const goList = (xs: readonly string[]) => `[${xs.join(" ")}]`;
const str = (v: FrpString | undefined): string =>
  v === undefined ? "" : isFrpEnvRef(v) ? `{{ .Envs.${v.name} }}` : v;

class Collector implements RuleResult {
  errors: string[] = [];
  warnings: string[] = [];
  paths: string[] = [];
  error(path: string, message: string) {
    this.errors.push(message);
    this.paths.push(path);
  }
}

export interface ValidateOptions {
  /** Unsafe features allowed (frpc/frps `--allow-unsafe`); only "TokenSourceExec" is known. */
  allowUnsafe?: readonly string[];
  /** Folder `includes` are resolved against; when absent their folders are not checked. */
  includeExists?: (include: string) => boolean;
}

function unsafe(feature: string, opts: ValidateOptions): string | undefined {
  if (opts.allowUnsafe?.includes(feature)) return undefined;
  return `unsafe feature "${feature}" is not enabled. To enable it, ensure it is allowed in the configuration or command line flags`;
}

// value_source.go: ValueSource.Validate, FileSource.Validate, ExecSource.Validate
function valueSourceError(s: FrpValueSource): string | undefined {
  switch (s.type) {
    case "file":
      if (!s.file) return "file configuration is required when type is 'file'";
      if (str(s.file.path) === "") return "file path cannot be empty";
      return undefined;
    case "exec":
      if (!s.exec) return "exec configuration is required when type is 'exec'";
      if (!s.exec.command) return "exec command cannot be empty";
      for (const e of s.exec.env ?? []) {
        if (!e.name) return "exec env name cannot be empty";
        if (e.name.includes("=")) return "exec env name cannot contain '='";
      }
      return undefined;
    default:
      return `unsupported value source type: ${s.type ?? ""} (only 'file' and 'exec' are supported)`;
  }
}

// validation/auth.go: validateAuthTokenSource
function tokenSourceRules(
  c: Collector,
  token: FrpString | undefined,
  ts: FrpValueSource | undefined,
  opts: ValidateOptions,
) {
  if (str(token) !== "" && ts)
    c.error("auth.tokenSource", "cannot specify both auth.token and auth.tokenSource");
  if (!ts) return;
  if (ts.type === "exec") {
    const u = unsafe(TOKEN_SOURCE_EXEC, opts);
    if (u) c.error("auth.tokenSource.type", u);
  }
  const err = valueSourceError(ts);
  if (err) c.error("auth.tokenSource", `invalid auth.tokenSource: ${err}`);
}

// validation/common.go
function webServerError(w: FrpcConfig["webServer"]): string | undefined {
  if (w?.tls) {
    if (str(w.tls.certFile) === "") return "tls.certFile must be specified when tls is enabled";
    if (str(w.tls.keyFile) === "") return "tls.keyFile must be specified when tls is enabled";
  }
  return portError(w?.port ?? 0, "webServer.port");
}

/** ValidatePort (common.go). */
export function portError(port: number, field: string): string | undefined {
  if (port >= 0 && port <= 65535) return undefined;
  return `${field}: port number ${port} must be in the range 0..65535`;
}

function logError(level: string | undefined): string | undefined {
  if (SUPPORTED_LOG_LEVELS.includes(level ?? "")) return undefined;
  return `invalid log level, optional values are ${goList(SUPPORTED_LOG_LEVELS)}`;
}

/** ValidateClientCommonConfig (client.go): every rule runs, errors are collected. */
export function validateClientCommon(c: FrpcConfig, opts: ValidateOptions = {}): RuleResult {
  const r = new Collector();
  // validateFeatureGates: the gate is global and off by default; `frpc verify` never applies the
  // config's featureGates (only `frpc` itself does, in cmd/frpc/sub/root.go), so verify rejects
  // any virtualNet.address.
  if ((c.virtualNet?.address ?? "") !== "") {
    r.error(
      "virtualNet.address",
      "VirtualNet feature is not enabled; enable it by setting the appropriate feature gate flag",
    );
  }
  // validateAuthConfig
  const auth = c.auth ?? {};
  authRules(r, auth, opts);
  const oidc = auth.oidc ?? {};
  if (oidc.tokenSource) {
    // validateOIDCConfig
    if (
      str(oidc.clientID) ||
      str(oidc.clientSecret) ||
      oidc.audience ||
      oidc.scope ||
      oidc.tokenEndpointURL ||
      Object.keys(oidc.additionalEndpointParams ?? {}).length > 0 ||
      oidc.trustedCaFile ||
      oidc.insecureSkipVerify ||
      oidc.proxyURL
    ) {
      r.error(
        "auth.oidc.tokenSource",
        "cannot specify both auth.oidc.tokenSource and any other field of auth.oidc",
      );
    }
    if (oidc.tokenSource.type === "exec") {
      const u = unsafe(TOKEN_SOURCE_EXEC, opts);
      if (u) r.error("auth.oidc.tokenSource.type", u);
    }
    const err = valueSourceError(oidc.tokenSource);
    if (err) r.error("auth.oidc.tokenSource", `invalid auth.oidc.tokenSource: ${err}`);
  } else if (auth.method === "oidc") {
    const err = oidcClientCredentialsError(oidc);
    if (err) r.error("auth.oidc", err);
  }
  const log = logError(c.log?.level);
  if (log) r.error("log.level", log);
  const web = webServerError(c.webServer);
  if (web) r.error("webServer", web);
  transportRules(r, c.transport ?? {});
  // validateIncludeFiles
  if (opts.includeExists) {
    for (const f of c.includes ?? []) {
      if (!opts.includeExists(f)) r.error("includes", `include: directory of ${f} not exist`);
    }
  }
  return r;
}

// oidc.go: ValidateOIDCClientCredentialsConfig — one error, parts joined by "; ".
function oidcClientCredentialsError(
  o: NonNullable<NonNullable<FrpcConfig["auth"]>["oidc"]>,
): string | undefined {
  const errs: string[] = [];
  if (str(o.clientID) === "") errs.push("auth.oidc.clientID is required");
  if (!o.tokenEndpointURL) errs.push("auth.oidc.tokenEndpointURL is required");
  else {
    const url = goParseURL(o.tokenEndpointURL);
    if (!url?.scheme || url.host === "")
      errs.push("auth.oidc.tokenEndpointURL must be an absolute http or https URL");
    else if (url.scheme !== "http" && url.scheme !== "https")
      errs.push("auth.oidc.tokenEndpointURL must use http or https");
  }
  const params = o.additionalEndpointParams ?? {};
  if ("scope" in params)
    errs.push("auth.oidc.additionalEndpointParams.scope is not allowed; use auth.oidc.scope instead");
  if (o.audience && "audience" in params) {
    errs.push("cannot specify both auth.oidc.audience and auth.oidc.additionalEndpointParams.audience");
  }
  return errs.length ? errs.join("; ") : undefined;
}

/**
 * The parts of Go's url.Parse this rule reads (scheme, host). WHATWG's URL is stricter about
 * hosts (it rejects e.g. "a.0"), so it would disagree with frp.
 */
function goParseURL(raw: string): { scheme: string; host: string } | undefined {
  if (/[\x00-\x20\x7f]/.test(raw)) return undefined;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(raw);
  if (!m) return { scheme: "", host: "" };
  const rest = m[2]!;
  if (!rest.startsWith("//")) return { scheme: m[1]!.toLowerCase(), host: "" };
  const authority = /^\/\/([^/?#]*)/.exec(rest)![1]!;
  return { scheme: m[1]!.toLowerCase(), host: authority.slice(authority.lastIndexOf("@") + 1) };
}

// client.go: validateTransportConfig
function transportRules(r: Collector, t: NonNullable<FrpcConfig["transport"]>) {
  const interval = t.heartbeatInterval ?? 0;
  const timeout = t.heartbeatTimeout ?? 0;
  if (timeout > 0 && interval > 0 && timeout < interval) {
    r.error(
      "transport.heartbeatTimeout",
      "invalid transport.heartbeatTimeout, heartbeat timeout should not less than heartbeat interval",
    );
  }
  if (t.tls?.enable === false) {
    for (const f of ["certFile", "keyFile", "trustedCaFile"] as const) {
      if (str(t.tls[f]) !== "")
        r.warnings.push(`transport.tls.${f} is invalid when transport.tls.enable is false`);
    }
  }
  if (!SUPPORTED_TRANSPORT_PROTOCOLS.includes(t.protocol ?? "")) {
    r.error(
      "transport.protocol",
      `invalid transport.protocol, optional values are ${goList(SUPPORTED_TRANSPORT_PROTOCOLS)}`,
    );
  }
  if (!SUPPORTED_WIRE_PROTOCOLS.includes(t.wireProtocol ?? "")) {
    r.error(
      "transport.wireProtocol",
      `invalid transport.wireProtocol, optional values are ${goList(SUPPORTED_WIRE_PROTOCOLS)}`,
    );
  }
}

/** ValidateProxyConfigurerForClient (proxy.go): the first failing rule's message, or undefined. */
export function validateProxy(p: FrpProxy): { message: string; path: string } | undefined {
  const fail = (path: string, message: string) => ({ message, path });
  if (!p.name) return fail("name", "name should not be empty");
  const ann = annotationsError(p.annotations ?? {});
  if (ann) return fail("annotations", ann);
  const tr = p.transport ?? {};
  if (!["", "v1", "v2"].includes(tr.proxyProtocolVersion ?? "")) {
    return fail(
      "transport.proxyProtocolVersion",
      `not support proxy protocol version: ${tr.proxyProtocolVersion}`,
    );
  }
  if (!["client", "server"].includes(tr.bandwidthLimitMode ?? "")) {
    return fail("transport.bandwidthLimitMode", "bandwidth limit mode should be client or server");
  }
  if (!p.plugin) {
    const e = portError(p.localPort ?? 0, "localPort");
    if (e) return fail("localPort", `localPort: ${e}`);
  }
  const hc = p.healthCheck ?? {};
  if (!["", "tcp", "http"].includes(hc.type ?? ""))
    return fail("healthCheck.type", `not support health check type: ${hc.type}`);
  if (hc.type === "http" && !hc.path)
    return fail("healthCheck.path", "health check path should not be empty");
  if (p.plugin) {
    const e = pluginError(p.plugin);
    if (e) return fail("plugin", `plugin ${p.plugin.type}: ${e}`);
  }
  switch (p.type) {
    case "tcpmux":
      if (!p.subdomain && !(p.customDomains ?? []).length) {
        return fail("subdomain", "subdomain and custom domains should not be both empty");
      }
      if (p.multiplexer !== "httpconnect")
        return fail("multiplexer", `not support multiplexer: ${p.multiplexer ?? ""}`);
      return undefined;
    case "http":
    case "https":
      if (!p.subdomain && !(p.customDomains ?? []).length) {
        return fail("subdomain", "subdomain and custom domains should not be both empty");
      }
      return undefined;
    default:
      return undefined;
  }
}

// plugin.go: ValidateClientPluginOptions
function pluginError(pl: NonNullable<FrpProxy["plugin"]>): string | undefined {
  switch (pl.type) {
    case "http2https":
    case "https2http":
    case "https2https":
    case "tls2raw":
      return pl.localAddr ? undefined : "localAddr is required";
    case "static_file":
      return pl.localPath ? undefined : "localPath is required";
    case "unix_domain_socket":
      return pl.unixPath ? undefined : "unixPath is required";
    default:
      return undefined;
  }
}

/** ValidateVisitorConfigurer (visitor.go). */
export function validateVisitor(v: FrpVisitor): { message: string; path: string } | undefined {
  if (!v.name) return { path: "name", message: "name is required" };
  if (!v.serverName) return { path: "serverName", message: "server name is required" };
  if (!v.bindPort) return { path: "bindPort", message: "bind port is required" };
  if (v.type === "xtcp" && !["kcp", "quic"].includes(v.protocol ?? "")) {
    return { path: "protocol", message: "protocol should be kcp or quic" };
  }
  return undefined;
}

/** validateAuthConfig (common.go), shared by client and server. */
function authRules(
  r: Collector,
  auth: { method?: string; additionalScopes?: string[]; token?: FrpString; tokenSource?: FrpValueSource },
  opts: ValidateOptions,
): void {
  if (!SUPPORTED_AUTH_METHODS.includes(auth.method ?? "")) {
    r.error("auth.method", `invalid auth method, optional values are ${goList(SUPPORTED_AUTH_METHODS)}`);
  }
  if (!(auth.additionalScopes ?? []).every((s) => SUPPORTED_AUTH_SCOPES.includes(s))) {
    r.error(
      "auth.additionalScopes",
      `invalid auth additional scopes, optional values are ${goList(SUPPORTED_AUTH_SCOPES)}`,
    );
  }
  tokenSourceRules(r, auth.token, auth.tokenSource, opts);
}

/** ValidateServerConfig (server.go): every rule runs, errors are collected. */
export function validateServer(c: FrpsConfig, opts: ValidateOptions = {}): RuleResult {
  const r = new Collector();
  const auth = c.auth ?? {};
  authRules(r, auth, opts);
  const log = logError(c.log?.level);
  if (log) r.error("log.level", log);
  const web = webServerError(c.webServer);
  if (web) r.error("webServer", web);
  const ports: Array<[keyof FrpsConfig, string]> = [
    ["bindPort", "bindPort"],
    ["kcpBindPort", "kcpBindPort"],
    ["quicBindPort", "quicBindPort"],
    ["vhostHTTPPort", "vhostHTTPPort"],
    ["vhostHTTPSPort", "vhostHTTPSPort"],
    ["tcpmuxHTTPConnectPort", "tcpMuxHTTPConnectPort"],
  ];
  for (const [key, label] of ports) {
    const e = portError((c[key] as number | undefined) ?? 0, label);
    if (e) r.error(key, e);
  }
  (c.httpPlugins ?? []).forEach((p, i) => {
    if (!(p.ops ?? []).every((op) => SUPPORTED_HTTP_PLUGIN_OPS.includes(op))) {
      r.error(
        `httpPlugins[${i}].ops`,
        `invalid http plugin ops, optional values are ${goList(SUPPORTED_HTTP_PLUGIN_OPS)}`,
      );
    }
  });
  return r;
}

// proxy.go ValidateAnnotations → k8s.io/apimachinery IsQualifiedName on the lower-cased key. Go
// iterates the map in random order; kiln sorts keys so the output is deterministic.
const QNAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const DNS_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else {
      if (prefix.length > 253) errs.push("prefix part must be no more than 253 characters");
      if (!DNS1123_SUBDOMAIN.test(prefix)) errs.push(`prefix part ${DNS_MSG}`);
    }
  } else {
    return [
      `a qualified name ${QNAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push("name part must be no more than 63 characters");
  if (!QNAME.test(name)) errs.push(`name part ${QNAME_MSG}`);
  return errs;
}

function annotationsError(annotations: Record<string, string>): string | undefined {
  const errs: string[] = [];
  let size = 0;
  for (const k of Object.keys(annotations).sort()) {
    for (const msg of qualifiedNameErrors(k.toLowerCase()))
      errs.push(`annotation key ${k} is invalid: ${msg}`);
    size += Buffer.byteLength(k) + Buffer.byteLength(annotations[k] ?? "");
  }
  const limit = 256 * 1024;
  if (size > limit) errs.push(`annotations size ${size} is larger than limit ${limit}`);
  return errs.length ? errs.join("\n") : undefined;
}

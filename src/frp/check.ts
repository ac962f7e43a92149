/**
 * Client↔server cross-checks: what `frpc verify` and `frps verify` each accept but the pair would
 * still fail at login or at proxy registration. The registration rules and their wording come
 * from frps (pkg/config/v1/validation/proxy.go, validate*ProxyConfigForServer); the rest are
 * kiln's, named by rule id. Inputs are typed configs (loaded or built); defaults are applied first.
 */
import type { Diagnostic } from "../core/errors.ts";
import type { Path } from "./decode.ts";
import { completeClient, completeServer } from "./defaults.ts";
import { isFrpEnvRef } from "./env.ts";
import { jsonPath } from "./load.ts";
import type { Locator } from "./locate.ts";
import type { FrpcConfig, FrpPortsRange, FrpProxy, FrpString, FrpsConfig } from "./types.ts";

export interface FrpPairOptions {
  clientFile?: string;
  serverFile?: string;
  /** Locators from `loadFrpc`/`loadFrps`, so diagnostics carry lines. */
  clientLocate?: Locator;
  serverLocate?: Locator;
}

type Side = "client" | "server";

/**
 * Checks that an frpc config fits an frps config. Returns located diagnostics (errors: the pair
 * will not work; warnings: it may not), in a stable order: login, then proxies in file order.
 */
export function checkFrpPair(
  client: FrpcConfig,
  server: FrpsConfig,
  opts: FrpPairOptions = {},
): Diagnostic[] {
  const c = completeClient(client);
  const s = completeServer(server);
  const out: Diagnostic[] = [];
  const report = (severity: Diagnostic["severity"], side: Side, p: Path, rule: string, message: string) => {
    const file = side === "client" ? opts.clientFile : opts.serverFile;
    const pos = (side === "client" ? opts.clientLocate : opts.serverLocate)?.(p);
    out.push({
      severity,
      message,
      ...(file ? { file } : {}),
      ...(pos ?? {}),
      path: jsonPath(p),
      rule: `frp/${rule}`,
    });
  };
  checkServerPort(c, s, report);
  checkAuth(c, s, report);
  checkTransport(c, s, report);
  checkProxies(c, s, report);
  return out;
}

type Report = (severity: Diagnostic["severity"], side: Side, p: Path, rule: string, message: string) => void;

function checkServerPort(c: FrpcConfig, s: FrpsConfig, report: Report) {
  const protocol = c.transport?.protocol ?? "tcp";
  const [key, port] =
    protocol === "kcp"
      ? (["kcpBindPort", s.kcpBindPort ?? 0] as const)
      : protocol === "quic"
        ? (["quicBindPort", s.quicBindPort ?? 0] as const)
        : (["bindPort", s.bindPort ?? 7000] as const);
  if (port === 0) {
    report(
      "error",
      "server",
      [key],
      "server-port",
      `client uses transport.protocol "${protocol}" but the server does not listen for it (${key} is not set)`,
    );
  } else if (c.serverPort !== port) {
    report(
      "error",
      "client",
      ["serverPort"],
      "server-port",
      `serverPort ${c.serverPort} does not match the server's ${key} ${port} (transport.protocol "${protocol}")`,
    );
  }
}

function checkAuth(c: FrpcConfig, s: FrpsConfig, report: Report) {
  const ca = c.auth ?? {};
  const sa = s.auth ?? {};
  if (ca.method !== sa.method) {
    report(
      "error",
      "client",
      ["auth", "method"],
      "auth",
      `auth.method "${ca.method}" does not match the server's "${sa.method}"`,
    );
    return;
  }
  for (const scope of sa.additionalScopes ?? []) {
    if (!(ca.additionalScopes ?? []).includes(scope)) {
      report(
        "error",
        "client",
        ["auth", "additionalScopes"],
        "auth",
        `the server verifies auth on ${scope} but the client's auth.additionalScopes does not include it`,
      );
    }
  }
  if (ca.method !== "token") return;
  const kind = (token: FrpString | undefined, source: unknown) =>
    source
      ? "tokenSource"
      : token === undefined || token === ""
        ? "none"
        : isFrpEnvRef(token)
          ? "env"
          : "literal";
  const ck = kind(ca.token, ca.tokenSource);
  const sk = kind(sa.token, sa.tokenSource);
  if ((ck === "none") !== (sk === "none")) {
    const [side, p]: [Side, Path] = ck === "none" ? ["client", ["auth"]] : ["server", ["auth"]];
    report(
      "error",
      side,
      p,
      "auth",
      ck === "none"
        ? "the server requires a token but the client sets neither auth.token nor auth.tokenSource"
        : "the client sends a token but the server has none (auth.token / auth.tokenSource)",
    );
  } else if (ck === "literal" && sk === "literal" && ca.token !== sa.token) {
    // Values are compared, never printed.
    report("error", "client", ["auth", "token"], "auth", "auth.token differs from the server's auth.token");
  } else if (
    ck === "env" &&
    sk === "env" &&
    isFrpEnvRef(ca.token) &&
    isFrpEnvRef(sa.token) &&
    ca.token.name !== sa.token.name
  ) {
    report(
      "warning",
      "client",
      ["auth", "token"],
      "auth",
      `auth.token comes from $${ca.token.name} but the server's from $${sa.token.name}; both must hold the same value`,
    );
  }
}

function checkTransport(c: FrpcConfig, s: FrpsConfig, report: Report) {
  const ct = c.transport ?? {};
  const st = s.transport ?? {};
  if (st.tls?.force && ct.tls?.enable === false) {
    report(
      "error",
      "client",
      ["transport", "tls", "enable"],
      "tls",
      "the server only accepts TLS (transport.tls.force) but the client sets transport.tls.enable = false",
    );
  }
  if (st.tls?.trustedCaFile && !(ct.tls?.certFile && ct.tls?.keyFile)) {
    report(
      "error",
      "client",
      ["transport", "tls"],
      "tls",
      "the server verifies client certificates (transport.tls.trustedCaFile) but the client has no transport.tls.certFile and keyFile",
    );
  }
  if ((ct.tcpMux ?? true) !== (st.tcpMux ?? true)) {
    report(
      "error",
      "client",
      ["transport", "tcpMux"],
      "tcp-mux",
      `transport.tcpMux is ${ct.tcpMux} on the client but ${st.tcpMux} on the server; they must match`,
    );
  }
}

/** Listeners frps opens itself, by network. */
function serverPorts(s: FrpsConfig): Array<{ port: number; net: "tcp" | "udp"; key: string }> {
  const list: Array<{ port: number | undefined; net: "tcp" | "udp"; key: string }> = [
    { port: s.bindPort, net: "tcp", key: "bindPort" },
    { port: s.kcpBindPort, net: "udp", key: "kcpBindPort" },
    { port: s.quicBindPort, net: "udp", key: "quicBindPort" },
    { port: s.vhostHTTPPort, net: "tcp", key: "vhostHTTPPort" },
    { port: s.vhostHTTPSPort, net: "tcp", key: "vhostHTTPSPort" },
    { port: s.tcpmuxHTTPConnectPort, net: "tcp", key: "tcpmuxHTTPConnectPort" },
    { port: s.webServer?.port, net: "tcp", key: "webServer.port" },
    { port: s.sshTunnelGateway?.bindPort, net: "tcp", key: "sshTunnelGateway.bindPort" },
  ];
  return list.filter((p): p is { port: number; net: "tcp" | "udp"; key: string } => (p.port ?? 0) > 0);
}

const inRange = (port: number, r: FrpPortsRange) =>
  r.single ? r.single === port : (r.start ?? 0) <= port && port <= (r.end ?? 0);
const showRanges = (rs: FrpPortsRange[]) =>
  rs.map((r) => (r.single ? `${r.single}` : `${r.start}-${r.end}`)).join(",");

function checkProxies(c: FrpcConfig, s: FrpsConfig, report: Report) {
  const start = new Set(c.start ?? []);
  const own = serverPorts(s);
  const taken = new Map<string, { index: number; group: string }>();
  let remotePorts = 0;
  (c.proxies ?? []).forEach((p: FrpProxy, i) => {
    if (p.enabled === false || (start.size > 0 && !start.has(p.name))) return;
    const at = (...rest: Path): Path => ["proxies", i, ...rest];
    const prefix = `proxy ${p.name}: `;
    if (p.type === "http" && !s.vhostHTTPPort)
      report(
        "error",
        "client",
        at("type"),
        "vhost",
        `${prefix}type [http] not supported when vhost http port is not set`,
      );
    if (p.type === "https" && !s.vhostHTTPSPort)
      report(
        "error",
        "client",
        at("type"),
        "vhost",
        `${prefix}type [https] not supported when vhost https port is not set`,
      );
    if (p.type === "tcpmux" && p.multiplexer === "httpconnect" && !s.tcpmuxHTTPConnectPort) {
      report(
        "error",
        "client",
        at("type"),
        "vhost",
        `${prefix}tcpmux with multiplexer httpconnect not supported because this feature is not enabled in server`,
      );
    }
    if (p.type === "http" || p.type === "https" || p.type === "tcpmux") {
      const host = s.subDomainHost ?? "";
      (p.customDomains ?? []).forEach((d, j) => {
        if (host && host.split(".").length < d.split(".").length && d.includes(host)) {
          report(
            "error",
            "client",
            at("customDomains", j),
            "subdomain",
            `${prefix}custom domain [${d}] should not belong to subdomain host [${host}]`,
          );
        }
      });
      if (p.subdomain) {
        if (!host)
          report(
            "error",
            "client",
            at("subdomain"),
            "subdomain",
            `${prefix}subdomain is not supported because this feature is not enabled in server`,
          );
        else if (/[.*]/.test(p.subdomain))
          report(
            "error",
            "client",
            at("subdomain"),
            "subdomain",
            `${prefix}'.' and '*' are not supported in subdomain`,
          );
      }
    }
    if ((p.type === "tcp" || p.type === "udp") && (p.remotePort ?? 0) > 0) {
      const port = p.remotePort!;
      remotePorts++;
      const allow = s.allowPorts ?? [];
      if (allow.length > 0 && !allow.some((r) => inRange(port, r))) {
        report(
          "error",
          "client",
          at("remotePort"),
          "remote-port",
          `${prefix}remotePort ${port} is outside the server's allowPorts ${showRanges(allow)}`,
        );
      }
      const clash = own.find((o) => o.port === port && o.net === p.type);
      if (clash)
        report(
          "error",
          "client",
          at("remotePort"),
          "remote-port",
          `${prefix}remotePort ${port} is the server's own ${clash.key}`,
        );
      const key = `${p.type}/${port}`;
      const group = p.loadBalancer?.group ?? "";
      const prev = taken.get(key);
      if (prev && !(group !== "" && prev.group === group)) {
        report(
          "error",
          "client",
          at("remotePort"),
          "remote-port",
          `${prefix}remotePort ${port} (${p.type}) is also used by proxies[${prev.index}]`,
        );
      } else if (!prev) taken.set(key, { index: i, group });
    }
  });
  const max = s.maxPortsPerClient ?? 0;
  if (max > 0 && remotePorts > max) {
    report(
      "error",
      "client",
      ["proxies"],
      "remote-port",
      `the client asks for ${remotePorts} remote ports but the server's maxPortsPerClient is ${max}`,
    );
  }
}

/** Client↔server cross-checks: one case per rule, plus located diagnostics from files. */

import { checkFrpPair, type FrpcConfig, type FrpsConfig, frpEnv, loadFrpc, loadFrps } from "kiln/frp";
import { describe, expect, it } from "vitest";

const token = frpEnv("FRP_TOKEN");
const server: FrpsConfig = {
  bindPort: 7000,
  vhostHTTPPort: 80,
  vhostHTTPSPort: 443,
  subDomainHost: "example.com",
  auth: { token },
};
const client: FrpcConfig = { serverAddr: "gw.example.com", serverPort: 7000, auth: { token } };

const messages = (c: FrpcConfig, s: FrpsConfig) =>
  checkFrpPair(c, s).map((d) => `${d.severity} ${d.rule} ${d.path}: ${d.message}`);

describe("checkFrpPair", () => {
  it("accepts a pair that fits", () => {
    const c: FrpcConfig = {
      ...client,
      proxies: [
        { name: "web", type: "http", localPort: 80, subdomain: "www", customDomains: ["example.org"] },
        { name: "tls", type: "https", localPort: 443, customDomains: ["example.org"] },
        { name: "ssh", type: "tcp", localPort: 22, remotePort: 2222 },
      ],
    };
    expect(checkFrpPair(c, server)).toEqual([]);
  });

  it.each([
    ["tcp", {}, {}, []],
    [
      "wrong bindPort",
      { serverPort: 7001 },
      {},
      [
        `error frp/server-port serverPort: serverPort 7001 does not match the server's bindPort 7000 (transport.protocol "tcp")`,
      ],
    ],
    ["default ports on both sides", { serverPort: undefined }, { bindPort: undefined }, []],
    [
      "kcp without kcpBindPort",
      { transport: { protocol: "kcp" } },
      {},
      [
        `error frp/server-port kcpBindPort: client uses transport.protocol "kcp" but the server does not listen for it (kcpBindPort is not set)`,
      ],
    ],
    ["kcp on kcpBindPort", { transport: { protocol: "kcp" } }, { kcpBindPort: 7000 }, []],
    [
      "quic on another port",
      { transport: { protocol: "quic" } },
      { quicBindPort: 7002 },
      [
        `error frp/server-port serverPort: serverPort 7000 does not match the server's quicBindPort 7002 (transport.protocol "quic")`,
      ],
    ],
    ["websocket uses bindPort", { transport: { protocol: "websocket" } }, {}, []],
  ] as const)("server port: %s", (_t, c, s, want) => {
    expect(messages({ ...client, ...c } as FrpcConfig, { ...server, ...s } as FrpsConfig)).toEqual(want);
  });

  it.each([
    [
      "method mismatch",
      { auth: { method: "oidc", oidc: { clientID: "c", tokenEndpointURL: "https://idp/t" } } },
      {},
      [`error frp/auth auth.method: auth.method "oidc" does not match the server's "token"`],
    ],
    [
      "client without token",
      { auth: {} },
      {},
      [
        "error frp/auth auth: the server requires a token but the client sets neither auth.token nor auth.tokenSource",
      ],
    ],
    [
      "server without token",
      {},
      { auth: {} },
      [
        "error frp/auth auth: the client sends a token but the server has none (auth.token / auth.tokenSource)",
      ],
    ],
    [
      "literal tokens differ",
      { auth: { token: "aaa" } },
      { auth: { token: "bbb" } },
      ["error frp/auth auth.token: auth.token differs from the server's auth.token"],
    ],
    ["literal tokens equal", { auth: { token: "aaa" } }, { auth: { token: "aaa" } }, []],
    [
      "different env vars",
      { auth: { token: frpEnv("CLIENT_TOKEN") } },
      {},
      [
        "warning frp/auth auth.token: auth.token comes from $CLIENT_TOKEN but the server's from $FRP_TOKEN; both must hold the same value",
      ],
    ],
    ["token file on one side", { auth: { tokenSource: { type: "file", file: { path: "/t" } } } }, {}, []],
    [
      "missing scope",
      {},
      { auth: { token, additionalScopes: ["HeartBeats"] } },
      [
        "error frp/auth auth.additionalScopes: the server verifies auth on HeartBeats but the client's auth.additionalScopes does not include it",
      ],
    ],
  ] as const)("auth: %s", (_t, c, s, want) => {
    expect(messages({ ...client, ...c } as FrpcConfig, { ...server, ...s } as FrpsConfig)).toEqual(want);
  });

  it.each([
    [
      "forced tls, client tls off",
      { transport: { tls: { enable: false } } },
      { transport: { tls: { force: true } } },
      [
        "error frp/tls transport.tls.enable: the server only accepts TLS (transport.tls.force) but the client sets transport.tls.enable = false",
      ],
    ],
    ["forced tls, client default", {}, { transport: { tls: { force: true } } }, []],
    [
      "client certificates required",
      {},
      { transport: { tls: { trustedCaFile: "/ca.pem" } } },
      [
        "error frp/tls transport.tls: the server verifies client certificates (transport.tls.trustedCaFile) but the client has no transport.tls.certFile and keyFile",
      ],
    ],
    [
      "client certificates given",
      { transport: { tls: { certFile: "c", keyFile: "k" } } },
      { transport: { tls: { trustedCaFile: "/ca.pem" } } },
      [],
    ],
    [
      "tcpMux mismatch",
      { transport: { tcpMux: false } },
      {},
      [
        "error frp/tcp-mux transport.tcpMux: transport.tcpMux is false on the client but true on the server; they must match",
      ],
    ],
  ] as const)("transport: %s", (_t, c, s, want) => {
    expect(messages({ ...client, ...c } as FrpcConfig, { ...server, ...s } as FrpsConfig)).toEqual(want);
  });

  it.each([
    [
      "http without vhostHTTPPort",
      { name: "w", type: "http", subdomain: "w" },
      { vhostHTTPPort: undefined },
      ["error frp/vhost proxies[0].type: proxy w: type [http] not supported when vhost http port is not set"],
    ],
    [
      "https without vhostHTTPSPort",
      { name: "s", type: "https", subdomain: "s" },
      { vhostHTTPSPort: 0 },
      [
        "error frp/vhost proxies[0].type: proxy s: type [https] not supported when vhost https port is not set",
      ],
    ],
    [
      "tcpmux without its port",
      { name: "m", type: "tcpmux", multiplexer: "httpconnect", subdomain: "m" },
      {},
      [
        "error frp/vhost proxies[0].type: proxy m: tcpmux with multiplexer httpconnect not supported because this feature is not enabled in server",
      ],
    ],
    [
      "tcpmux with its port",
      { name: "m", type: "tcpmux", multiplexer: "httpconnect", subdomain: "m" },
      { tcpmuxHTTPConnectPort: 5002 },
      [],
    ],
    [
      "subdomain without subDomainHost",
      { name: "w", type: "http", subdomain: "w" },
      { subDomainHost: undefined },
      [
        "error frp/subdomain proxies[0].subdomain: proxy w: subdomain is not supported because this feature is not enabled in server",
      ],
    ],
    [
      "subdomain with a dot",
      { name: "w", type: "http", subdomain: "a.b" },
      {},
      ["error frp/subdomain proxies[0].subdomain: proxy w: '.' and '*' are not supported in subdomain"],
    ],
    [
      "subdomain with a star",
      { name: "w", type: "https", subdomain: "*" },
      {},
      ["error frp/subdomain proxies[0].subdomain: proxy w: '.' and '*' are not supported in subdomain"],
    ],
    [
      "custom domain under subDomainHost",
      { name: "w", type: "http", customDomains: ["ok.org", "app.example.com"] },
      {},
      [
        "error frp/subdomain proxies[0].customDomains[1]: proxy w: custom domain [app.example.com] should not belong to subdomain host [example.com]",
      ],
    ],
  ] as const)("vhost: %s", (_t, p, s, want) => {
    expect(messages({ ...client, proxies: [p as never] }, { ...server, ...s } as FrpsConfig)).toEqual(want);
  });

  it.each([
    [
      "outside allowPorts",
      [{ name: "a", type: "tcp", remotePort: 9000 }],
      { allowPorts: [{ start: 6000, end: 6100 }, { single: 22 }] },
      [
        "error frp/remote-port proxies[0].remotePort: proxy a: remotePort 9000 is outside the server's allowPorts 6000-6100,22",
      ],
    ],
    [
      "inside allowPorts",
      [{ name: "a", type: "tcp", remotePort: 22 }],
      { allowPorts: [{ start: 6000, end: 6100 }, { single: 22 }] },
      [],
    ],
    [
      "tcp on the server's bindPort",
      [{ name: "a", type: "tcp", remotePort: 7000 }],
      {},
      ["error frp/remote-port proxies[0].remotePort: proxy a: remotePort 7000 is the server's own bindPort"],
    ],
    [
      "tcp on the vhost port",
      [{ name: "a", type: "tcp", remotePort: 443 }],
      {},
      [
        "error frp/remote-port proxies[0].remotePort: proxy a: remotePort 443 is the server's own vhostHTTPSPort",
      ],
    ],
    ["udp on the bindPort is fine", [{ name: "a", type: "udp", remotePort: 7000 }], {}, []],
    [
      "udp on the quic port",
      [{ name: "a", type: "udp", remotePort: 7002 }],
      { quicBindPort: 7002 },
      [
        "error frp/remote-port proxies[0].remotePort: proxy a: remotePort 7002 is the server's own quicBindPort",
      ],
    ],
    [
      "two proxies, one port",
      [
        { name: "a", type: "tcp", remotePort: 6000 },
        { name: "b", type: "tcp", remotePort: 6000 },
      ],
      {},
      [
        "error frp/remote-port proxies[1].remotePort: proxy b: remotePort 6000 (tcp) is also used by proxies[0]",
      ],
    ],
    [
      "tcp and udp share a port",
      [
        { name: "a", type: "tcp", remotePort: 6000 },
        { name: "b", type: "udp", remotePort: 6000 },
      ],
      {},
      [],
    ],
    [
      "a load-balancing group shares a port",
      [
        { name: "a", type: "tcp", remotePort: 6000, loadBalancer: { group: "g" } },
        { name: "b", type: "tcp", remotePort: 6000, loadBalancer: { group: "g" } },
      ],
      {},
      [],
    ],
    ["disabled proxies are ignored", [{ name: "a", type: "tcp", remotePort: 7000, enabled: false }], {}, []],
    [
      "more ports than allowed",
      [
        { name: "a", type: "tcp", remotePort: 6000 },
        { name: "b", type: "udp", remotePort: 6001 },
      ],
      { maxPortsPerClient: 1 },
      [
        "error frp/remote-port proxies: the client asks for 2 remote ports but the server's maxPortsPerClient is 1",
      ],
    ],
  ] as const)("remote ports: %s", (_t, proxies, s, want) => {
    expect(messages({ ...client, proxies: proxies as never }, { ...server, ...s } as FrpsConfig)).toEqual(
      want,
    );
  });

  it("locates diagnostics in the client and server files", () => {
    const c = loadFrpc(
      `serverAddr = "gw"\nserverPort = 7001\n\n[[proxies]]\nname = "w"\ntype = "http"\nlocalPort = 80\nsubdomain = "a.b"\n`,
      { file: "frpc.toml" },
    );
    const s = loadFrps(`bindPort: 7000\nvhostHTTPPort: 80\nsubDomainHost: example.com\n`, {
      file: "frps.yaml",
    });
    const d = checkFrpPair(c.config, s.config, {
      clientFile: "frpc.toml",
      serverFile: "frps.yaml",
      clientLocate: c.locate,
      serverLocate: s.locate,
    });
    expect(d.map((x) => [x.file, x.line, x.path])).toEqual([
      ["frpc.toml", 2, "serverPort"],
      ["frpc.toml", 8, "proxies[0].subdomain"],
    ]);
  });
});

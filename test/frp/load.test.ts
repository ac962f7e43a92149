/** The frp loader on good and bad input: formats, templates, strict decoding, locations. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KilnError } from "kiln";
import { loadFrpc, loadFrps, verifyFrpcText } from "kiln/frp";
import { describe, expect, it } from "vitest";

function loadError(text: string, file = "frpc.toml", env: Record<string, string> = {}): KilnError {
  try {
    loadFrpc(text, { file, env });
  } catch (e) {
    if (e instanceof KilnError) return e;
    throw e;
  }
  throw new Error("expected a KilnError");
}

describe("malformed input", () => {
  it("reports TOML syntax errors with line and column", () => {
    const e = loadError(`serverPort = 7000\nproxies = [\n`);
    expect(e.message).toMatch(/^toml: line 3, column 1: /);
    expect(e.location).toMatchObject({ file: "frpc.toml", line: 3, column: 1 });
  });

  it("reports YAML syntax errors with line and column", () => {
    const e = loadError("serverPort: 7000\nproxies:\n  - name: a\n   type: tcp\n", "frpc.yaml");
    expect(e.message).toMatch(/^error converting YAML to JSON: yaml: line 4: /);
    expect(e.location).toMatchObject({ file: "frpc.yaml", line: 4 });
  });

  it("reports JSON syntax errors with line and column", () => {
    const e = loadError(`{\n  "serverPort": 7000,\n  "proxies": [\n}\n`, "frpc.json");
    expect(e.message).toBe("invalid character '}' looking for beginning of value");
    expect(e.location).toMatchObject({ line: 4, column: 1 });
  });

  it("parses JSON as encoding/json does: strict syntax, no value echoed in the error", () => {
    const e = loadError(`{"auth": {"token": "topsecret-value"}, "serverPort": 7000,}`, "frpc.json");
    expect(e.message).toBe("invalid character '}' looking for beginning of object key string");
    expect(e.location).toMatchObject({ line: 1 });
    expect(e.message).not.toContain("topsecret");
    expect(loadError(`{serverPort: 7000}`, "frpc.conf").message).toBe(
      "invalid character 's' looking for beginning of object key string",
    );
    expect(loadError(`{"a": tru}`, "frpc.json").message).toBe(
      "invalid character '}' in literal true (expecting 'e')",
    );
    expect(loadError(`{"a": "x`, "frpc.json").message).toBe("unexpected end of JSON input");
    expect(loadError(`{"a": 1} 2`, "frpc.json").message).toBe("invalid character '2' after top-level value");
    expect(loadFrpc(`{"serverPort": 1, "serverPort": 2}`, { file: "frpc.json" }).config.serverPort).toBe(2);
  });

  it("falls back to YAML when an extension gives no hint", () => {
    expect(loadError("a: [\n", "frpc.conf").message).toMatch(
      /^error converting YAML to JSON: yaml: line 2: /,
    );
  });

  it("detects legacy INI configs", () => {
    const e = loadError("[common]\nserver_addr = 1.2.3.4\nserver_port = 7000\n", "frpc.ini");
    expect(e.message).toMatch(/^legacy INI format detected \(a \[common\] section\)/);
  });

  it("treats any file with a [common] section as INI, whatever its extension (as v0.70.1 does)", () => {
    expect(loadError("[common]\nserverPort = 7000\n", "frpc.toml").message).toMatch(
      /^legacy INI format detected/,
    );
  });

  it("locates unknown keys, wrong types and unknown proxy types", () => {
    const unknown = loadError(`serverPort = 7000\n\n[transport]\nprotocol = "tcp"\nretries = 3\n`);
    expect(unknown.message).toBe(`json: unknown field "retries"`);
    expect(unknown.location).toMatchObject({ line: 5, column: 1, path: "transport.retries" });

    const wrong = loadError("serverPort: seven\n", "frpc.yaml");
    expect(wrong.message).toBe(`field "ClientCommonConfig.serverPort": cannot unmarshal string into int`);
    expect(wrong.location).toMatchObject({ line: 1, path: "serverPort" });

    const proxy = loadError(
      `[[proxies]]\nname = "a"\ntype = "tcp"\n\n[[proxies]]\nname = "b"\ntype = "quic"\n`,
    );
    expect(proxy.message).toBe("decode proxy at index 1: unknown proxy type: quic");
    expect(proxy.location).toMatchObject({ line: 5, path: "proxies[1]" });

    const plugin = loadError(
      `[[proxies]]\nname = "a"\ntype = "tcp"\n[proxies.plugin]\ntype = "socks5"\nuser = "x"\n`,
    );
    expect(plugin.message).toBe(
      `decode proxy at index 0: unmarshal proxy plugin error: unmarshal ClientPluginOptions error: json: unknown field "user"`,
    );
    expect(plugin.location).toMatchObject({ line: 6, path: "proxies[0].plugin.user" });
  });

  it("rejects a plugin without a type", () => {
    expect(loadError(`[[proxies]]\nname = "a"\ntype = "tcp"\nplugin = { localPath = "/x" }\n`).message).toBe(
      "decode proxy at index 0: unmarshal ProxyConfig error: plugin type is empty",
    );
  });

  it("rejects a non-table proxy entry", () => {
    expect(loadError(`{"proxies": ["web"]}`, "frpc.json").message).toBe(
      "decode proxy at index 0: json: cannot unmarshal string into Go value of type v1.typedEnvelope",
    );
  });
});

describe("templates", () => {
  it("renders {{ .Envs.NAME }} from the given environment", () => {
    const r = loadFrpc(`serverAddr = "{{ .Envs.ADDR }}"\nauth.token = "{{- index .Envs "TOKEN" -}}"\n`, {
      env: { ADDR: "gw.example.com", TOKEN: "t0k" },
    });
    expect(r.config.serverAddr).toBe("gw.example.com");
    expect(r.config.auth?.token).toBe("t0k");
    expect(r.warnings).toEqual([]);
  });

  it("warns about unset variables, naming them, and renders <no value> as Go does", () => {
    const r = loadFrpc(`serverAddr = "gw"\nauth.token = "{{ .Envs.FRP_TOKEN }}"\n`, { file: "frpc.toml" });
    expect(r.config.auth?.token).toBe("<no value>");
    expect(r.warnings).toEqual([
      {
        severity: "warning",
        message: 'template variable .Envs.FRP_TOKEN is not set; frp renders it as "<no value>"',
        file: "frpc.toml",
        line: 2,
        rule: "frp/template",
      },
    ]);
  });

  it("drops comments and honours trim markers", () => {
    const r = loadFrpc(`{{/* a comment */}}serverPort = {{- " " -}}`.replace(`{{- " " -}}`, "7000"), {});
    expect(r.config.serverPort).toBe(7000);
    const trimmed = loadFrpc(`serverAddr = "a{{- .Envs.X -}}b"\n`, { env: { X: "-" } });
    expect(trimmed.config.serverAddr).toBe("a-b");
  });

  it("expands range over parseNumberRangePair, as frp's port-range mapping does", () => {
    const text = [
      `{{- range $_, $v := parseNumberRangePair "6000-6001,6010" "7000-7001,7010" }}`,
      "[[proxies]]",
      `name = "tcp-{{ $v.First }}"`,
      `type = "tcp"`,
      "localPort = {{ $v.First }}",
      "remotePort = {{ $v.Second }}",
      "{{- end }}",
      "",
    ].join("\n");
    const r = loadFrpc(text);
    expect(r.config.proxies?.map((p) => [p.name, p.localPort])).toEqual([
      ["tcp-6000", 6000],
      ["tcp-6001", 6001],
      ["tcp-6010", 6010],
    ]);
    expect(loadError(`{{ range $_, $v := parseNumberRangePair "1-2" "3" }}{{ end }}\n`).message).toBe(
      'template: frp:1:19: executing "frp" at <parseNumberRangePair "1-2" "3">: error calling parseNumberRangePair: first and second range numbers are not in pairs',
    );
  });

  it("refuses template actions it cannot render faithfully, and reports Go's parse errors", () => {
    const e = loadError(`serverPort = 7000\n{{ if .Envs.DEBUG }}\nlog.level = "debug"\n{{ end }}\n`);
    expect(e.message).toMatch(/^template: frp:2: unsupported action/);
    expect(e.location).toMatchObject({ line: 2, column: 1 });
    expect(loadError(`serverAddr = "{{ foo }}"\n`).message).toBe(
      'template: frp:1: function "foo" not defined',
    );
    expect(loadError(`serverPort = 7000\n{{ end }}\n`).message).toBe("template: frp:2: unexpected {{end}}");
    expect(loadError(`{{ range $v := parseNumberRange "1" }}\n`).message).toBe(
      "template: frp:2: unexpected EOF",
    );
    expect(loadError(`serverAddr = "{{ .Envs.X"\n`).message).toBe("template: frp:1: unclosed action");
  });

  it("never puts a rendered secret into errors or warnings", () => {
    const r = verifyFrpcText(`auth.token = "{{ .Envs.T }}"\nauth.bogus = "{{ .Envs.T }}"\n`, {
      env: { T: "hunter2-secret" },
    });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("hunter2-secret");
  });
});

describe("decoding like frp", () => {
  it("matches keys case-insensitively and returns frp's names", () => {
    const r = loadFrpc(
      `SERVERPORT = 7000\n[Transport.TLS]\nEnable = false\n[[PROXIES]]\nname = "a"\nTYPE = "tcp"\nLocalIP = "10.0.0.1"\n`,
    );
    expect(r.config).toEqual({
      serverPort: 7000,
      transport: { tls: { enable: false } },
      proxies: [{ name: "a", type: "tcp", localIP: "10.0.0.1" }],
    });
  });

  it("locates validation errors on keys written in another case", () => {
    const toml = verifyFrpcText(`serverPort = 7000\n[Log]\nLevel = "loud"\n`, { file: "frpc.toml" });
    expect(toml.errors[0]).toMatchObject({ line: 3, path: "log.level" });
    const yaml = verifyFrpcText("Proxies:\n  - Name: web\n    Type: http\n    LocalPort: 80\n", {
      file: "frpc.yaml",
    });
    expect(yaml.errors[0]).toMatchObject({ line: 2, path: "proxies[0].subdomain" });
  });

  it("reads YAML as YAML 1.1 (yes/no booleans) with merge keys and dot-prefixed anchors", () => {
    const yaml = [
      ".base: &base",
      "  type: tcp",
      "  localIP: 10.0.0.2",
      "transport:",
      "  tcpMux: no",
      "proxies:",
      "  - <<: *base",
      "    name: ssh",
      "    localPort: 22",
      "",
    ].join("\n");
    const r = loadFrpc(yaml, { file: "frpc.yaml" });
    expect(r.format).toBe("yaml");
    expect(r.config.transport?.tcpMux).toBe(false);
    expect(r.config.proxies).toEqual([{ type: "tcp", localIP: "10.0.0.2", name: "ssh", localPort: 22 }]);
  });

  it("detects JSON by its leading brace even without an extension", () => {
    expect(loadFrps(`  {"bindPort": 7000}`, { file: "frps.conf" }).format).toBe("json");
  });

  it("loads proxies from includes and wraps their errors", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-frp-"));
    mkdirSync(path.join(dir, "conf.d"));
    writeFileSync(
      path.join(dir, "conf.d", "a.toml"),
      `[[proxies]]\nname = "a"\ntype = "tcp"\nlocalPort = 22\n`,
    );
    writeFileSync(
      path.join(dir, "conf.d", "b.toml"),
      `[[proxies]]\nname = "b"\ntype = "udp"\nlocalPort = 53\n`,
    );
    writeFileSync(path.join(dir, "conf.d", "notes.txt"), "not a config");
    const r = loadFrpc(`includes = ["./conf.d/*.toml"]\n`, { cwd: dir });
    expect(r.config.proxies?.map((p) => p.name)).toEqual(["a", "b"]);

    writeFileSync(path.join(dir, "conf.d", "c.toml"), `[[proxies]]\nname = "a"\ntype = "tcp"\n`);
    expect(() => loadFrpc(`includes = ["./conf.d/*.toml"]\n`, { cwd: dir })).toThrow(
      "proxy name [a] is duplicated",
    );

    writeFileSync(path.join(dir, "conf.d", "c.toml"), `[[proxies]]\nname = "c"\ntype = "tcp"\nport = 1\n`);
    expect(() => loadFrpc(`includes = ["./conf.d/*.toml"]\n`, { cwd: dir })).toThrow(
      `load additional config from ${path.join(dir, "conf.d", "c.toml")} error: decode proxy at index 0: unmarshal ProxyConfig error: json: unknown field "port"`,
    );
    expect(() => loadFrpc(`includes = ["./missing/*.toml"]\n`, { cwd: dir })).toThrow(
      `stat ${path.join(dir, "missing")}: no such file or directory`,
    );
  });
});

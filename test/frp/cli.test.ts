/** `kiln frp verify` and `kiln frp check`, run as a user would. */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kiln } from "../helpers/cli.ts";

let dir: string;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kiln-frp-cli-"));
});

describe("kiln frp verify", () => {
  it("prints frpc's success line and exits 0", () => {
    const c = file("ok.toml", `serverPort = 7000\nauth.token = "{{ .Envs.FRP_TOKEN }}"\n`);
    const r = kiln(["frp", "verify", "-c", c, "--env", "FRP_TOKEN=s3cret"]);
    expect(r.stdout).toBe(`frpc: the configuration file ${c} syntax is ok\n`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("prints frp's error, a located diagnostic, and exits 1", () => {
    const c = file(
      "bad.toml",
      `serverPort = 7000\n\n[[proxies]]\nname = "web"\ntype = "http"\nlocalPort = 80\n`,
    );
    const r = kiln(["frp", "verify", "-c", c]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("proxy web: subdomain and custom domains should not be both empty\n");
    expect(r.stderr).toBe(
      `error: ${c}:3:1: proxies[0].subdomain: proxy web: subdomain and custom domains should not be both empty [frp/verify]\n`,
    );
  });

  it("verifies frps configs with --server", () => {
    const s = file("frps.yaml", "bindPort: 70000\n");
    const r = kiln(["frp", "verify", "--server", "-c", s]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("bindPort: port number 70000 must be in the range 0..65535\n");
  });

  it("warns about unset template variables without failing", () => {
    const c = file("unset.toml", `auth.token = "{{ .Envs.FRP_TOKEN }}"\n`);
    const r = kiln(["frp", "verify", "-c", c], { env: { FRP_TOKEN: "from-process" } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${c}:1: template variable .Envs.FRP_TOKEN is not set; frp renders it as "<no value>" [frp/template]\n`,
    );
    expect(
      kiln(["frp", "verify", "-c", c, "--process-env"], { env: { FRP_TOKEN: "from-process" } }).stderr,
    ).toBe("");
  });

  it("reports unreadable files as errors and bad flags as usage errors", () => {
    const missing = kiln(["frp", "verify", "-c", path.join(dir, "nope.toml")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*nope\.toml: cannot read .*nope\.toml: ENOENT\n$/);
    expect(kiln(["frp", "verify"]).status).toBe(2);
    expect(kiln(["frp", "verify", "-c", file("x.toml", ""), "--env", "NOEQUALS"]).status).toBe(2);
  });
});

describe("kiln frp check", () => {
  const serverText = `bindPort = 7000\nvhostHTTPPort = 80\nauth.token = "{{ .Envs.FRP_TOKEN }}"\n`;

  it("accepts a client and server that fit together", () => {
    const c = file("c1.toml", `serverPort = 7000\nauth.token = "{{ .Envs.FRP_TOKEN }}"\n`);
    const s = file("s1.toml", serverText);
    const r = kiln(["frp", "check", "--client", c, "--server", s, "--env", "FRP_TOKEN=t"]);
    expect(r.stdout).toBe(`frp check: ${c} fits ${s}\n`);
    expect(r.status).toBe(0);
  });

  it("lists located problems and exits 1 when they do not fit", () => {
    const c = file(
      "c2.toml",
      `serverPort = 7001\nauth.token = "{{ .Envs.CLIENT_TOKEN }}"\n[[proxies]]\nname = "api"\ntype = "https"\nlocalPort = 443\nsubdomain = "api"\n`,
    );
    const s = file("s2.toml", serverText);
    const r = kiln([
      "frp",
      "check",
      "--client",
      c,
      "--server",
      s,
      "--env",
      "FRP_TOKEN=s3cr3t-server",
      "--env",
      "CLIENT_TOKEN=s3cr3t-client",
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      [
        `error: ${c}:1:1: serverPort: serverPort 7001 does not match the server's bindPort 7000 (transport.protocol "tcp") [frp/server-port]`,
        `error: ${c}:2:1: auth.token: auth.token differs from the server's auth.token [frp/auth]`,
        `error: ${c}:5:1: proxies[0].type: proxy api: type [https] not supported when vhost https port is not set [frp/vhost]`,
        `error: ${c}:7:1: proxies[0].subdomain: proxy api: subdomain is not supported because this feature is not enabled in server [frp/subdomain]`,
        "frp check: 4 error(s), 0 warning(s)",
        "",
      ].join("\n"),
    );
    expect(r.stdout + r.stderr).not.toMatch(/s3cr3t/);
  });

  it("stops at verify errors before cross-checking", () => {
    const c = file("c3.toml", `serverPort = "7000"\n`);
    const s = file("s3.toml", serverText);
    const r = kiln(["frp", "check", "--client", c, "--server", s]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      `field "ClientCommonConfig.serverPort": cannot unmarshal string into int\nfrps: the configuration file ${s} syntax is ok\n`,
    );
  });
});

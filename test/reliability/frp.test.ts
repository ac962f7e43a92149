/**
 * `kiln frp verify` and `kiln frp check` on the seeded corpus of mutated frp configs (the same
 * generator the frp interop test compares with the real frpc/frps), each carrying the canary as
 * its auth token, plus hand-written hostile configs and files.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { mutants } from "../frp/mutate.ts";
import { aliasBomb } from "./generate.ts";
import { CANARY, type CliCase, type Run, runCases, type Sandbox } from "./harness.ts";

/** The canary as the config's token, unless the mutant already has an auth section. */
const withCanary = (text: string) => (/auth/i.test(text) ? text : `auth.token = "${CANARY}"\n${text}`);

/** A verdict and a location: ok on stdout, or an error that names the file and a line or path. */
const verdict = (file: string) => (r: Run) => {
  if (r.status === 0) expect(r.stdout).toMatch(/syntax is ok/);
  else {
    expect(r.stdout).not.toMatch(/syntax is ok/);
    const name = file.replace(/\./g, "\\.");
    expect(r.stderr, `stdout: ${r.stdout}`).toMatch(new RegExp(`${name}(:\\d+:\\d+|: [\\w.\\[\\]]+:)`));
  }
};

const generated: CliCase[] = mutants(30, 1616).map((m) => {
  const file = m.role === "client" ? "frpc.toml" : "frps.toml";
  return {
    title: m.title,
    setup: (sb: Sandbox) => {
      sb.write(file, withCanary(m.text));
      return ["frp", "verify", "-c", file, ...(m.role === "server" ? ["--server"] : [])];
    },
    exit: [0, 1],
    check: verdict(file),
  };
});

const client =
  (text: string, name = "frpc.toml") =>
  (sb: Sandbox) => {
    sb.write(name, text);
    return ["frp", "verify", "-c", name];
  };
const token = `auth.token = "${CANARY}"\n`;
const proxy = (name: string, port: number) =>
  `[[proxies]]\nname = "${name}"\ntype = "tcp"\nlocalPort = ${port}\nremotePort = ${port + 6000}\n`;

const hostile: CliCase[] = [
  {
    title: "a proxy name twice (located at the second name)",
    setup: client(`${token}serverAddr = "x"\n${proxy("ssh", 22)}${proxy("ssh", 23)}`),
    exit: 1,
    where: /frpc\.toml:9:1: proxies\[1\]\.name: proxy name \[ssh\] is duplicated/,
  },
  {
    title: "an unclosed string after the token",
    setup: client(`${token}serverAddr = "x\n`),
    exit: 1,
    where: /frpc\.toml:2:\d+/,
  },
  {
    title: "a key defined twice",
    setup: client(`${token}serverPort = 1\nserverPort = 2\n`),
    exit: 1,
    where: /frpc\.toml:3:\d+/,
  },
  {
    title: "a port out of range",
    setup: client(`${token}serverPort = 70000\n${proxy("a", 22)}`),
    exit: [0, 1],
    check: verdict("frpc.toml"),
  },
  {
    title: "a BOM",
    setup: client(`\ufeff${token}serverAddr = "x"\n`),
    exit: [0, 1],
    check: verdict("frpc.toml"),
  },
  {
    title: "CRLF line ends",
    setup: client(`${token}serverAddr = "x"\r\nserverPort = "no"\r\n`),
    exit: 1,
    where: /frpc\.toml:3:\d+/,
  },
  {
    title: "binary bytes",
    setup: client(Buffer.from([0x61, 0x00, 0xff, 0x3d, 0x22]) as never),
    exit: 1,
    where: /frpc\.toml/,
  },
  {
    title: "8 MiB of comment",
    setup: client(`${token}# ${"x".repeat(8 << 20)}\nserverPort = "no"\n`),
    exit: 1,
    where: /frpc\.toml:3:\d+/,
  },
  {
    title: "5,000 nested inline tables",
    setup: client(`${token}x = ${"{ a = ".repeat(5000)}1${" }".repeat(5000)}\n`),
    exit: 1,
    where: /frpc\.toml/,
  },
  {
    title: "10,000 proxies",
    setup: client(
      `${token}${Array.from({ length: 10000 }, (_, i) => proxy(`p${i}`, 1000 + (i % 1000))).join("")}`,
    ),
    exit: [0, 1],
    check: verdict("frpc.toml"),
  },
  {
    title: "a YAML config with a tab",
    setup: client(`auth:\n  token: ${CANARY}\n\tbad: 1\n`, "frpc.yaml"),
    exit: 1,
    where: /frpc\.yaml:3:\d+/,
  },
  {
    title: "a YAML alias bomb",
    setup: client(aliasBomb(), "frpc.yaml"),
    exit: 1,
    where: /frpc\.yaml/,
  },
  {
    title: "a JSON config cut short",
    setup: client(`{"auth": {"token": "${CANARY}"}, "serverPort": `, "frpc.json"),
    exit: 1,
    where: /frpc\.json:1:\d+/,
  },
  {
    title: "a template that reads a missing variable",
    setup: client(`${token}serverAddr = "{{ .Envs.NOPE }}"\n`),
    exit: [0, 1],
    check: verdict("frpc.toml"),
  },
  {
    title: "a broken template",
    setup: client(`${token}serverAddr = "{{ .Envs.X "\n`),
    exit: 1,
    where: /frpc\.toml:2:\d+/,
  },
  {
    title: "a legacy INI file",
    setup: client(`[common]\nserver_addr = x\ntoken = ${CANARY}\n`, "frpc.ini"),
    exit: 1,
    where: /frpc\.ini:1:1: legacy INI/,
  },
  {
    title: "an include of a folder with a dangling symlink",
    setup: (sb) => {
      sb.write("conf.d/a.toml", proxy("a", 22));
      symlinkSync("nowhere.toml", `${sb.in}/conf.d/b.toml`);
      return client(`${token}includes = ["./conf.d/*.toml"]\n`)(sb);
    },
    exit: 1,
    where: /frpc\.toml: includes: .*b\.toml/,
  },
  {
    title: "an include of a FIFO",
    setup: (sb) => {
      mkfifo(`${sb.in}/conf.d/x.toml`, sb);
      return client(`${token}includes = ["./conf.d/*.toml"]\n`)(sb);
    },
    exit: 1,
    where: /x\.toml.*not a regular file/,
  },
  {
    title: "-c a FIFO",
    setup: (sb) => {
      mkfifo(`${sb.in}/frpc.toml`, sb);
      return ["frp", "verify", "-c", "frpc.toml"];
    },
    exit: 1,
    where: /frpc\.toml is not a regular file/,
  },
  {
    title: "-c a folder",
    setup: (sb) => {
      sb.write("d.toml/x", "");
      return ["frp", "verify", "-c", "d.toml"];
    },
    exit: 1,
    where: /d\.toml/,
  },
  {
    title: "-c a missing file",
    setup: () => ["frp", "verify", "-c", "nope.toml"],
    exit: 1,
    where: /nope\.toml/,
  },
  {
    title: "--env without =",
    setup: (sb) => [...client(token)(sb), "--env", "BROKEN"],
    exit: 2,
    where: /--env/,
  },
  {
    title: "check: the tokens differ (neither printed)",
    setup: (sb) => {
      sb.write("frpc.toml", `${token}serverPort = 7000\n`);
      sb.write("frps.toml", `bindPort = 7000\nauth.token = "${CANARY}-server"\n`);
      return ["frp", "check", "--client", "frpc.toml", "--server", "frps.toml"];
    },
    exit: 1,
    where: /frpc\.toml:1:1: auth\.token: auth\.token differs/,
  },
  {
    title: "check: a broken server file",
    setup: (sb) => {
      sb.write("frpc.toml", `${token}serverPort = 7000\n`);
      sb.write("frps.toml", `bindPort = "x\n`);
      return ["frp", "check", "--client", "frpc.toml", "--server", "frps.toml"];
    },
    exit: 1,
    where: /frps\.toml:1:\d+/,
  },
];

function mkfifo(p: string, _sb: Sandbox): void {
  mkdirSync(path.dirname(p), { recursive: true });
  execFileSync("mkfifo", [p]);
}

runCases("frp verify: mutated configs (seed 1616) with the canary as token", generated);
runCases("frp verify and check: hostile configs and files", hostile);

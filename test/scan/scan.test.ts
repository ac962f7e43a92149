/**
 * `kiln scan` on the generated corpus (test/scan/corpus.ts), SOPS files kiln encrypted, the
 * allowlist, `--staged`, and the reporters — with every report searched for the secrets.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isKilnError } from "../../src/core/errors.ts";
import { parseYamlDocuments } from "../../src/core/yaml.ts";
import { readAllowlist } from "../../src/scan/allowlist.ts";
import { scanPaths, scanStaged, scanText } from "../../src/scan/scan.ts";
import { entropy, isSecretKey, looksRandom } from "../../src/scan/values.ts";
import { encryptFileText } from "../../src/secrets/sops.ts";
import { REPORTERS, renderReport } from "../../src/validate/reporters/index.ts";
import { kiln } from "../helpers/cli.ts";
import { ROOT } from "../helpers/env.ts";
import { FLUX_SOPS, identity } from "../secrets/helpers.ts";
import { corpus, writeCorpus } from "./corpus.ts";

const cases = corpus();
/** tsx's loader by path: the hook runs in another folder, where `--import tsx` would not resolve. */
const TSX = path.join(ROOT, "node_modules/tsx/dist/loader.mjs");

/** Long runs of token characters in the corpus: none may appear in any report. */
function secretsOf(texts: string[]): string[] {
  const words = new Set<string>();
  for (const t of texts) for (const w of t.match(/[A-Za-z0-9+/_=-]{16,}/g) ?? []) words.add(w);
  return [...words].filter((w) => !w.includes("/") && !/^[A-Za-z_-]+$/.test(w));
}

function expectNoSecrets(text: string, secrets: string[]): void {
  for (const s of secrets) expect(text.includes(s), `report shows ${s.slice(0, 6)}…`).toBe(false);
}

describe("kiln scan on the corpus", () => {
  const dir = writeCorpus(cases);
  const report = scanPaths([dir]);
  const rel = (f: string) => path.relative(dir, path.resolve(f)).split(path.sep).join("/");

  for (const c of cases) {
    it(`${c.name}: ${c.kiln ?? "nothing"}`, () => {
      const found = report.diagnostics.filter((d) => rel(d.file!) === c.file);
      if (c.kiln === null) expect(found).toEqual([]);
      else expect(found.map((d) => [d.rule, d.line])).toContainEqual([`scan/${c.kiln}`, c.line]);
    });
  }

  it("never prints a secret, in any format", () => {
    const secrets = secretsOf(cases.map((c) => c.text));
    expect(secrets.length).toBeGreaterThan(20);
    for (const format of REPORTERS) expectNoSecrets(renderReport(report, format, { version: "t" }), secrets);
  });

  it("is deterministic and counts what it scanned", () => {
    expect(JSON.stringify(scanPaths([dir]))).toBe(JSON.stringify(report));
    expect(report.summary.files).toBe(cases.length);
    expect(report.summaryText).toMatch(/^\d+ files scanned, \d+ errors?, \d+ warnings?$/);
  });
});

describe("SOPS files", () => {
  it("encrypted values are fine; a forged sops block is a finding", async () => {
    const { recipient } = await identity();
    const secret = cases.find((c) => c.kiln === "plaintext-secret")!;
    const enc = await encryptFileText(secret.text, { file: "s.yaml", recipients: [recipient], ...FLUX_SOPS });
    const env = await encryptFileText(cases[0]!.text, { file: "a.env", recipients: [recipient] });
    expect(scanText({ file: "/r/s.yaml", display: "s.yaml", text: enc })).toEqual([]);
    expect(scanText({ file: "/r/a.env", display: "a.env", text: env })).toEqual([]);
    const forged = enc.replace(/mac: ENC\[[^\]]*\]/, "mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]");
    expect(
      scanText({ file: "/r/s.yaml", display: "s.yaml", text: forged }).map((d) => [d.rule, d.path]),
    ).toEqual([["scan/sops-metadata", "sops.mac"]]);
  });
});

describe("values", () => {
  it("secret-like keys, not the keys that name a secret", () => {
    for (const k of [
      "password",
      "adminPassword",
      "API_KEY",
      "apiKey",
      "client_secret",
      "privateKey",
      "GITHUB_TOKEN",
    ])
      expect(isSecretKey(k), k).toBe(true);
    for (const k of [
      "secretName",
      "existingSecret",
      "passwordRef",
      "tokenFile",
      "PASSWORD_FILE",
      "secretKeyRef",
      "username",
    ])
      expect(isSecretKey(k), k).toBe(false);
  });

  it("random-looking values, not words, paths, versions or code", () => {
    expect(looksRandom("Zq8vR2mX9tLp4wNc")).toBe(true);
    expect(looksRandom("0123456789abcdef0123456789abcdef")).toBe(true);
    for (const v of [
      "correct-horse-battery",
      "/var/run/secrets",
      "1.27.3",
      "time.perf_counter()",
      "aaaaaaaaaaaaaaaa",
    ])
      expect(looksRandom(v), v).toBe(false);
    expect(entropy("aaaa")).toBe(0);
    expect(entropy("abcd")).toBe(2);
  });
});

describe("allowlist", () => {
  const leak = cases.find((c) => c.kiln === "github-token")!;

  it("globs, fingerprints, rules and inline comments silence findings", () => {
    const dir = writeCorpus([leak], { "b/x.env": leak.text });
    const all = scanPaths([dir]).diagnostics;
    expect(all).toHaveLength(2);
    const fp = /fingerprint ([0-9a-f]{16})/.exec(all[0]!.message)![1]!;
    const ignore = path.join(dir, ".kilnscanignore");
    for (const [text, left] of [
      ["# a comment\nb/\n", 1],
      [`fingerprint:${fp}\n`, 0],
      ["rule:github-token app/**\n", 1],
      ["rule:github-token\n", 0],
      ["*.env\n", 0],
    ] as const) {
      writeFileSync(ignore, text);
      expect(scanPaths([dir], { allowlist: readAllowlist(ignore) }).diagnostics, text).toHaveLength(left);
    }
    expect(
      scanText({ file: "/x.env", display: "x.env", text: `${leak.text.trim()} # kiln-scan:allow\n` }),
    ).toEqual([]);
  });

  it("a malformed entry names the file and line", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-scan-ignore-"));
    const file = path.join(dir, ".kilnscanignore");
    writeFileSync(file, "ok/**\nfingerprint:nothex\n");
    try {
      readAllowlist(file);
      expect.unreachable();
    } catch (e) {
      expect(isKilnError(e) && e.location.line).toBe(2);
    }
  });
});

describe("--staged and the pre-commit hook", () => {
  const leak = cases.find((c) => c.kiln === "github-token")!;
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  const repo = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-scan-git-"));
    git(dir, "init", "-q");
    return dir;
  };

  it("scans the staged content, not the working tree", () => {
    const dir = repo();
    mkdirSync(path.join(dir, "app"));
    writeFileSync(path.join(dir, "app/.env"), leak.text);
    git(dir, "add", "app/.env");
    writeFileSync(path.join(dir, "app/.env"), "GITHUB_TOKEN=op://vault/github/token\n");
    writeFileSync(path.join(dir, "unstaged.env"), leak.text);
    const r = scanStaged(dir);
    expect(r.diagnostics.map((d) => [d.file, d.rule])).toEqual([
      [path.join("app", ".env"), "scan/github-token"].join("\u0000").split("\u0000"),
    ]);
  });

  it("kiln hooks install writes a hook that blocks the commit; a foreign hook needs --force", () => {
    const dir = repo();
    const bin = path.join(dir, ".bin");
    mkdirSync(bin);
    // The hook runs `kiln` from PATH: here, kiln's sources.
    const shim = path.join(bin, "kiln");
    writeFileSync(
      shim,
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --import ${JSON.stringify(TSX)} ${JSON.stringify(path.join(ROOT, "src/cli/main.ts"))} "$@"\n`,
      { mode: 0o755 },
    );
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const hooks = (...args: string[]) => {
      const r = spawnSync(shim, ["hooks", "install", ...args], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const first = hooks();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/pre-commit: installed/);
    expect(hooks().stdout).toMatch(/unchanged/);
    writeFileSync(path.join(dir, "leak.env"), leak.text);
    git(dir, "add", "leak.env");
    let blocked = false;
    try {
      execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "leak"], {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      blocked = true;
      // git hands a hook's output to stderr.
      const out =
        String((e as { stdout?: Buffer }).stdout ?? "") + String((e as { stderr?: Buffer }).stderr ?? "");
      expect(out).toMatch(/scan\/github-token/);
      expectNoSecrets(out, secretsOf([leak.text]));
    }
    expect(blocked).toBe(true);
    const hook = path.join(dir, ".git/hooks/pre-commit");
    writeFileSync(hook, "#!/bin/sh\necho mine\n");
    const refused = hooks();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(hook, "utf8")).toBe("#!/bin/sh\necho mine\n");
    expect(hooks("--force").stdout).toMatch(/replaced/);
  });
});

describe("the pre-commit framework hook", () => {
  it(".pre-commit-hooks.yaml runs kiln scan on the file names pre-commit passes", () => {
    const hooks = parseYamlDocuments(readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8"), "h")[0]!
      .value as Array<Record<string, unknown>>;
    const hook = hooks.find((h) => h.id === "kiln-scan")!;
    expect(hook).toMatchObject({ language: "node", pass_filenames: true });
    const [command, ...args] = String(hook.entry).split(" ");
    expect(command).toBe("kiln");
    const leak = cases.find((c) => c.kiln === "age-secret-key")!;
    const dir = writeCorpus([leak, cases.find((c) => c.kiln === null)!]);
    const files = cases
      .filter((c) => c === leak || c.kiln === null)
      .slice(0, 2)
      .map((c) => path.join(dir, c.file));
    const r = kiln([...args, ...files]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/scan\/age-secret-key/);
  });
});

describe("the command", () => {
  it("exit codes, formats and usage errors", () => {
    const leak = cases.find((c) => c.kiln === "digitalocean-token")!;
    const dir = writeCorpus([leak]);
    const clean = writeCorpus([cases.find((c) => c.kiln === null)!]);
    const r = kiln(["scan", "-o", "sarif", dir]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).runs[0].results[0].ruleId).toBe("scan/digitalocean-token");
    expectNoSecrets(r.stdout + r.stderr, secretsOf([leak.text]));
    expect(kiln(["scan", clean]).status).toBe(0);
    expect(kiln(["scan", "-o", "xml", dir]).status).toBe(2);
    expect(kiln(["scan", "--staged", dir]).status).toBe(2);
    expect(kiln(["scan", path.join(dir, "missing")]).status).toBe(1);
  });
});

/**
 * `kiln secrets diff`: changed keys between two versions of a SOPS file, as files, against a git
 * revision, and as git's external diff driver — never a value or a ciphertext in the output.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encryptFileText, parsePlain, reencryptStable } from "../../src/secrets/sops.ts";
import { kiln } from "../helpers/cli.ts";
import { ROOT } from "../helpers/env.ts";
import { CANARY, identity } from "./helpers.ts";

const V1 = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  user: ${CANARY}-user\n  password: ${CANARY}-1\n  old: ${CANARY}-old\n`;
const V2 = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  user: ${CANARY}-user\n  password: ${CANARY}-2\n  token: ${CANARY}-new\n`;

let dir: string;
let env: NodeJS.ProcessEnv;
let other: NodeJS.ProcessEnv;
let v1: string;
let v2: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kiln-secrets-diff-"));
  const id = await identity();
  const key = path.join(dir, "key.txt");
  writeFileSync(key, id.text);
  const otherKey = path.join(dir, "other.txt");
  writeFileSync(otherKey, (await identity()).text);
  env = { SOPS_AGE_KEY_FILE: key, SOPS_AGE_KEY: "", XDG_CONFIG_HOME: path.join(dir, "none") };
  other = { ...env, SOPS_AGE_KEY_FILE: otherKey };
  const opts = { file: "db.sops.yaml", recipients: [id.recipient], encryptedRegex: "^(data|stringData)$" };
  v1 = await encryptFileText(V1, opts);
  v2 = await reencryptStable(v1, parsePlain(V2, "db.sops.yaml", "yaml"), {
    file: "db.sops.yaml",
    identities: [{ secret: id.secret, source: "test" }],
  });
});

const clean = (out: string) => {
  expect(out).not.toContain(CANARY);
  expect(out).not.toMatch(/ENC\[AES256_GCM,data:[A-Za-z0-9+/]/);
  return out;
};

describe("kiln secrets diff", () => {
  it("two files: added, removed and changed keys, plaintexts compared", () => {
    writeFileSync(path.join(dir, "a.sops.yaml"), v1);
    writeFileSync(path.join(dir, "b.sops.yaml"), v2);
    const r = kiln(["secrets", "diff", "a.sops.yaml", "b.sops.yaml"], { cwd: dir, env });
    expect(r.status, r.stderr).toBe(0);
    expect(clean(r.stdout)).toBe(
      "b.sops.yaml: 1 added, 1 removed, 1 changed (plaintexts compared)\n  + stringData.token\n  - stringData.old\n  ~ stringData.password\n",
    );
    // Without an identity that opens it, ciphertexts are compared (exact for stable re-encryption).
    const c = kiln(["secrets", "diff", "a.sops.yaml", "b.sops.yaml"], { cwd: dir, env: other });
    expect(clean(c.stdout)).toMatch(/^b\.sops\.yaml: 1 added, 1 removed, 1 changed \(ciphertexts compared/);
    expect(kiln(["secrets", "diff", "a.sops.yaml", "a.sops.yaml"], { cwd: dir, env }).stdout).toMatch(
      /no key changed/,
    );
    expect(kiln(["secrets", "diff", "a.sops.yaml"], { cwd: dir, env }).status).toBe(2);
  });

  it("git diff shows keys through the external diff driver, and --rev compares with a commit", () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), "kiln-secrets-diff-git-"));
    const shim = path.join(repo, "..", `${path.basename(repo)}-kiln`);
    writeFileSync(
      shim,
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --import ${JSON.stringify(path.join(ROOT, "node_modules/tsx/dist/loader.mjs"))} ${JSON.stringify(path.join(ROOT, "src/cli/main.ts"))} "$@"\n`,
      { mode: 0o755 },
    );
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
        cwd: repo,
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
    git("init", "-q");
    git("config", "diff.sops.command", `${shim} secrets diff`);
    writeFileSync(path.join(repo, ".gitattributes"), "*.sops.yaml diff=sops\n");
    writeFileSync(path.join(repo, "db.sops.yaml"), v1);
    git("add", ".");
    git("commit", "-qm", "v1");
    writeFileSync(path.join(repo, "db.sops.yaml"), v2);
    const shown = clean(git("diff"));
    expect(shown).toContain("db.sops.yaml: 1 added, 1 removed, 1 changed (plaintexts compared)");
    expect(shown).toContain("~ stringData.password");
    const r = spawnSync(shim, ["secrets", "diff", "db.sops.yaml", "--rev", "HEAD"], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    expect(clean(r.stdout)).toContain("  + stringData.token");
  });
});

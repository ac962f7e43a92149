/**
 * `kiln validate` on files the real sops 3.13.2 encrypted: they pass the schema and the
 * plaintext-Secret gate; a forged MAC, a plaintext value beside ciphertext and a tampered value
 * (with --decrypt) fail; no report quotes a value or a ciphertext.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseYamlDocuments } from "../../src/core/yaml.ts";
import { listScanFiles } from "../../src/scan/scan.ts";
import { hasSopsMetadata, sopsShapeProblems } from "../../src/secrets/shape.ts";
import { kiln } from "../helpers/cli.ts";
import { peer, peerSkip } from "../helpers/env.ts";
import { CANARY, CANARY_SECRET } from "../secrets/helpers.ts";

const sops = peer("sops");
const ageKeygen = peer("age-keygen");
const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-validate-sops-"));

const SECRET = CANARY_SECRET;

describe.skipIf(!sops || !ageKeygen)(sops && ageKeygen ? "validate on sops files" : peerSkip("sops"), () => {
  const keyFile = path.join(dir, "key.txt");
  const otherKey = path.join(dir, "other.txt");
  let recipient = "";
  const env = (file: string) => ({
    SOPS_AGE_KEY_FILE: file,
    SOPS_AGE_KEY: "",
    XDG_CONFIG_HOME: path.join(dir, "none"),
  });

  function encrypt(name: string, flags: string[]): string {
    if (!recipient) {
      execFileSync(ageKeygen as string, ["-o", keyFile], { stdio: "ignore" });
      execFileSync(ageKeygen as string, ["-o", otherKey], { stdio: "ignore" });
      recipient = /public key: (age1\w+)/.exec(readFileSync(keyFile, "utf8"))![1]!;
    }
    const plain = path.join(dir, `${name}.plain.yaml`);
    writeFileSync(plain, SECRET);
    const r = spawnSync(sops as string, ["-e", "--age", recipient, ...flags, plain], {
      env: { PATH: process.env.PATH, HOME: dir },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, r.stdout);
    return file;
  }

  function validate(file: string, extra: string[] = [], keys = keyFile) {
    const r = kiln(["validate", "--no-catalog", "-o", "json", ...extra, file], { env: env(keys) });
    const all = r.stdout + r.stderr;
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain(Buffer.from(CANARY).toString("base64"));
    expect(all).not.toMatch(/ENC\[AES256_GCM,data:[A-Za-z0-9+/]/);
    const diags = (JSON.parse(r.stdout) as { diagnostics: Array<Record<string, string>> }).diagnostics;
    return { status: r.status, found: diags.map((d) => [d.rule, d.path, d.severity]) };
  }

  it("a Flux-style sops file passes, strict, and with --decrypt", () => {
    const file = encrypt("flux", ["--encrypted-regex", "^(data|stringData)$", "--mac-only-encrypted"]);
    expect(validate(file, ["--strict"])).toEqual({ status: 0, found: [] });
    expect(validate(file, ["--decrypt"])).toEqual({ status: 0, found: [] });
    expect(validate(file, ["--decrypt"], otherKey)).toEqual({
      status: 0,
      found: [["sops/mac", "sops.mac", "warning"]],
    });
  });

  it("a forged MAC and a plaintext value beside ciphertext fail", () => {
    const file = encrypt("forged", ["--encrypted-regex", "^(data|stringData)$"]);
    const text = readFileSync(file, "utf8");
    writeFileSync(
      file,
      text.replace(/mac: ENC\[[^\]]*\]/, "mac: ENC[AES256_GCM,data:aGk=,iv:aGk=,tag:aGk=,type:str]"),
    );
    expect(validate(file)).toEqual({
      status: 1,
      found: [
        ["policy/plaintext-secret", "data", "error"],
        ["sops/metadata", "sops.mac", "error"],
      ],
    });
    writeFileSync(file, text.replace("stringData:\n", "stringData:\n    extra: plain\n"));
    expect(validate(file).found).toEqual([
      ["policy/plaintext-secret", "data", "error"],
      ["sops/metadata", "stringData.extra", "error"],
    ]);
  });

  it("a tampered value fails with --decrypt, a changed covered value breaks the MAC", () => {
    const file = encrypt("tampered", ["--encrypted-regex", "^(data|stringData)$"]);
    const text = readFileSync(file, "utf8");
    const data = /password: ENC\[AES256_GCM,data:([A-Za-z0-9+/]+)/.exec(text)![1]!;
    writeFileSync(file, text.replace(`data:${data}`, `data:${data[0] === "A" ? "B" : "A"}${data.slice(1)}`));
    expect(validate(file)).toEqual({ status: 0, found: [] });
    expect(validate(file, ["--decrypt"])).toEqual({
      status: 1,
      found: [["sops/mac", "data.password", "error"]],
    });
    writeFileSync(file, text.replace("name: db", "name: db2"));
    expect(validate(file, ["--decrypt"])).toEqual({ status: 1, found: [["sops/mac", "sops.mac", "error"]] });
  });

  it("--decrypt without any identity is an error before anything is read", () => {
    const file = encrypt("noid", ["--encrypted-regex", "^(data|stringData)$"]);
    const r = kiln(["validate", "--no-catalog", "--decrypt", file], {
      env: env(path.join(dir, "missing.txt")),
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SOPS_AGE_KEY_FILE|no age identity/);
  });
});

const real = process.env.KILN_REAL_REPOS;
describe.skipIf(!real || !existsSync(real))(
  real && existsSync(real) ? "sops files of real repositories" : "skipped: KILN_REAL_REPOS is not set",
  () => {
    it("every SOPS document sops wrote there has the form kiln checks", () => {
      const files = listScanFiles([real!]).filter((f) => /\.ya?ml$/.test(f));
      let documents = 0;
      const problems: string[] = [];
      for (const f of files) {
        const text = readFileSync(f, "utf8");
        if (!/^sops:/m.test(text)) continue;
        for (const d of parseYamlDocuments(text, f)) {
          if (!hasSopsMetadata(d.value)) continue;
          documents++;
          for (const p of sopsShapeProblems(d.value))
            problems.push(`${f}: ${p.path.join(".")}: ${p.message}`);
        }
      }
      expect(problems).toEqual([]);
      console.log(`${documents} SOPS documents in ${files.length} YAML files: all of the form sops writes`);
    });
  },
);

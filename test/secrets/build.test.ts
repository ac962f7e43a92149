/**
 * `kiln build` with a sopsSecret: the Secret is encrypted for the .sops.yaml rule of its output
 * path, the layer's Flux Kustomization decrypts it, a rebuild is byte-identical, a changed value
 * changes that key only, and no plaintext reaches the output tree or the log.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineControlPlane, renderControlPlane } from "kiln";
import { sopsSecret } from "kiln/secrets";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBuild } from "../../src/build.ts";
import { decryptFileText } from "../../src/secrets/sops.ts";
import { layoutFiles } from "../../src/synth/layout.ts";
import { ROOT } from "../helpers/env.ts";
import { readTree } from "../helpers/tree.ts";
import { CANARY, identity } from "./helpers.ts";

const FIXTURE = path.join(ROOT, "test/fixtures/sops");
const a = await identity();
const ids = [{ secret: a.secret, source: "test" }];
const SECRET = "clusters/home/apps/db/secret-db.sops.yaml";

let work: string;
let out: string;
let lines: string[];
const saved = { ...process.env };

const build = (extra: Record<string, unknown> = {}) =>
  runBuild(FIXTURE, {
    out,
    set: [`secretsFile=${path.join(work, "secrets.yaml")}`, `tokenFile=${path.join(work, "token.txt")}`],
    offline: true,
    log: (l) => lines.push(l),
    ...extra,
  });

beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "kiln-sops-build-"));
  out = path.join(work, "repo/out");
  lines = [];
  mkdirSync(path.join(work, "repo"));
  writeFileSync(
    path.join(work, "repo/.sops.yaml"),
    `creation_rules:\n  - path_regex: \\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    mac_only_encrypted: true\n    age: ${a.recipient}\n`,
  );
  writeFileSync(path.join(work, "secrets.yaml"), `db_password: ${CANARY}\n`);
  writeFileSync(path.join(work, "token.txt"), `${CANARY}-token`);
  process.env.KILN_FIXTURE_DB_USER = "admin";
  process.env.SOPS_AGE_KEY = a.secret;
  process.env.XDG_CONFIG_HOME = path.join(work, "no-config");
  delete process.env.SOPS_AGE_KEY_FILE;
});

afterEach(() => {
  process.env = { ...saved };
  rmSync(work, { recursive: true, force: true });
});

describe("kiln build with sopsSecret", () => {
  it("writes the Secret encrypted for the .sops.yaml rule, listed by the folder, decrypted by the layer's Kustomization", async () => {
    await build();
    const files = readTree(out);
    const text = files.get(SECRET) as string;
    expect(text).toContain("encrypted_regex: ^(data|stringData)$");
    expect(text).toMatch(/password: ENC\[AES256_GCM,/);
    expect(files.get("clusters/home/apps/db/kustomization.yaml")).toContain("- secret-db.sops.yaml");
    expect(files.get("clusters/home/kustomization-apps.yaml")).toMatch(
      /decryption:\n {4}provider: sops\n {4}secretRef:\n {6}name: sops-age\n/,
    );
    const plain = await decryptFileText(text, { file: SECRET, identities: ids });
    expect(plain).toContain(`password: ${CANARY}\n`);
    expect(plain).toContain(`token: ${CANARY}-token\n`);
    expect(plain).toContain("user: admin\n");
    expect(lines.join("\n")).toContain("encrypted 1 SOPS Secret (0 unchanged)");
  });

  it("nothing in plaintext is written or logged: the canary is in no output file and no log line", async () => {
    await build();
    process.env.KILN_FIXTURE_DB_USER = CANARY;
    await build();
    for (const [file, content] of readTree(out)) expect(content, file).not.toContain(CANARY);
    expect(lines.join("\n")).not.toContain(CANARY);
  });

  it("a rebuild is byte-identical; a changed value changes that key's line only (and lastmodified, mac)", async () => {
    await build();
    const first = readTree(out);
    await build();
    expect(readTree(out)).toEqual(first);
    expect(lines.at(-2)).toContain("encrypted 1 SOPS Secret (1 unchanged)");
    process.env.KILN_FIXTURE_DB_USER = "root";
    await build();
    const second = readTree(out);
    for (const [f, content] of first) if (f !== SECRET) expect(second.get(f), f).toBe(content);
    const before = (first.get(SECRET) as string).split("\n");
    const after = (second.get(SECRET) as string).split("\n");
    expect(after.length).toBe(before.length);
    const differ = before.filter((l, i) => l !== after[i]).map((l) => l.trim().split(":")[0]);
    // lastmodified has one-second resolution: within the same second it stays as it was.
    expect(differ.filter((k) => k !== "lastmodified")).toEqual(["user", "mac"]);
    expect(lines.join("\n")).toContain(`${SECRET}: changed (stringData.user)`);
  });

  it("without an identity for the previous file it warns and encrypts afresh; the output still decrypts", async () => {
    await build();
    const first = readTree(out).get(SECRET) as string;
    delete process.env.SOPS_AGE_KEY;
    await build();
    const next = readTree(out).get(SECRET) as string;
    expect(lines.join("\n")).toMatch(
      /warning: .*secret-db\.sops\.yaml: the previous file cannot be reused \(no age identity found/,
    );
    expect(next).not.toBe(first);
    const enc = (t: string): string[] => t.match(/ENC\[[^\]]*\]/g) ?? [];
    expect(enc(next).filter((e) => enc(first).includes(e))).toEqual([]);
    expect(await decryptFileText(next, { file: SECRET, identities: ids })).toContain(`password: ${CANARY}`);
  });

  it("no .sops.yaml above the output is an error naming the Secret; nothing is written", async () => {
    rmSync(path.join(work, "repo/.sops.yaml"));
    await expect(build()).rejects.toThrow(/no \.sops\.yaml/);
    expect(existsSync(out)).toBe(false);
  });

  it("a missing value source is an error naming the key, and nothing is written", async () => {
    delete process.env.KILN_FIXTURE_DB_USER;
    await expect(build()).rejects.toMatchObject({
      message: expect.stringContaining("KILN_FIXTURE_DB_USER is not set"),
      location: expect.objectContaining({ path: "stringData.user", resource: "Secret apps/db" }),
    });
    expect(existsSync(out)).toBe(false);
  });

  it("--files unit writes the Secret in a file of its own beside the app's", async () => {
    await build({ files: "unit" });
    const files = readTree(out);
    expect([...files.keys()].filter((f) => f.includes("/apps/")).sort()).toEqual([
      "clusters/home/apps/_resources.yaml",
      "clusters/home/apps/db.secret-db.sops.yaml",
      "clusters/home/apps/db.yaml",
      "clusters/home/apps/kustomization.yaml",
    ]);
    expect(files.get("clusters/home/apps/db.yaml")).not.toContain("kind: Secret");
  });

  it("--format json writes a sops JSON file (the rule's path_regex sees .sops.json); a rebuild keeps it", async () => {
    writeFileSync(
      path.join(work, "repo/.sops.yaml"),
      `creation_rules:\n  - path_regex: \\.sops\\.json$\n    encrypted_regex: ^(data|stringData)$\n    age: ${a.recipient}\n`,
    );
    await build({ format: "json" });
    const file = "clusters/home/apps/db/secret-db.sops.json";
    const text = readTree(out).get(file) as string;
    expect(JSON.parse(text).sops.encrypted_regex).toBe("^(data|stringData)$");
    expect(JSON.parse(await decryptFileText(text, { file, identities: ids })).stringData.password).toBe(
      CANARY,
    );
    await build({ format: "json" });
    expect(readTree(out).get(file)).toBe(text);
  });

  it("layoutFiles refuses a sopsSecret kiln build has not encrypted", async () => {
    const { graph } = await renderControlPlane(FIXTURE);
    expect(() => layoutFiles(graph)).toThrow(/written only encrypted/);
  });
});

describe("sopsSecret in the model", () => {
  const secret = () => sopsSecret({ name: "s", namespace: "apps", stringData: { k: { fromEnv: "X" } } });
  const kustomizations = async (decryptionSecret?: string) => {
    const graph = (
      await renderControlPlane(
        defineControlPlane({
          name: "t",
          inputs: {},
          build(ctx) {
            const c = ctx.cluster("home", decryptionSecret ? { decryptionSecret } : {});
            c.layer("plain").add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } });
            c.layer("apps").app("a").add(secret());
            c.layer("own", {
              kustomization: { decryption: { provider: "sops", secretRef: { name: "mine" } } },
            }).add(sopsSecret({ name: "t", namespace: "apps", stringData: { k: { fromEnv: "X" } } }));
          },
        }),
      )
    ).graph;
    return Object.fromEntries(
      graph
        .nodes()
        .filter((n) => n.id.kind === "Kustomization")
        .map((n) => [n.id.name, (n.object.spec as { decryption?: unknown }).decryption]),
    );
  };

  it("only the layers holding one get decryption; the secret name is the cluster's decryptionSecret; a layer's own block wins", async () => {
    expect(await kustomizations()).toEqual({
      plain: undefined,
      apps: { provider: "sops", secretRef: { name: "sops-age" } },
      own: { provider: "sops", secretRef: { name: "mine" } },
    });
    expect((await kustomizations("age-key")).apps).toEqual({
      provider: "sops",
      secretRef: { name: "age-key" },
    });
  });

  it("added to a cluster or the root (no layer Kustomization to decrypt it) is an error at the call", async () => {
    for (const where of ["cluster", "root"] as const)
      await expect(
        renderControlPlane(
          defineControlPlane({
            name: "t",
            inputs: {},
            build(ctx) {
              if (where === "root") ctx.add(secret());
              else ctx.cluster("home").add(secret());
            },
          }),
        ),
      ).rejects.toThrow(/must be added to a layer or an app/);
  });
});

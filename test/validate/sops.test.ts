/**
 * SOPS-encrypted manifests in `kiln validate`: the `sops` block is known, `ENC[…]` values are
 * opaque to the schema, the plaintext-Secret gate accepts only metadata of the form sops writes,
 * and `--decrypt` verifies the MAC. Files are encrypted here by kiln (test/interop/ holds the same
 * checks on files the real sops wrote).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { validatePaths } from "kiln";
import { beforeAll, describe, expect, it } from "vitest";
import { parseYamlDocuments } from "../../src/core/yaml.ts";
import { sopsShapeProblems } from "../../src/secrets/shape.ts";
import { encryptFileText } from "../../src/secrets/sops.ts";
import { CANARY, CANARY_SECRET, FLUX_SOPS, identity } from "../secrets/helpers.ts";
import { tempTree, WIDGET_CRD } from "./helpers.ts";

const SECRET = CANARY_SECRET;
const FLUX = FLUX_SOPS;

let enc: string;
let recipient: string;
let keyText: string;
let otherKey: string;
beforeAll(async () => {
  const id = await identity();
  recipient = id.recipient;
  keyText = id.secret;
  otherKey = (await identity()).secret;
  enc = await encryptFileText(SECRET, { file: "s.yaml", recipients: [recipient], ...FLUX });
});

async function run(
  files: Record<string, string>,
  opts: { decrypt?: boolean; strict?: boolean; workers?: number } = {},
) {
  const dir = tempTree(files);
  const r = await validatePaths([dir], { schemas: { catalog: false }, ...opts });
  const text = JSON.stringify(r);
  // Never a plaintext value, nor a ciphertext, in any report.
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(Buffer.from(CANARY).toString("base64"));
  expect(text).not.toMatch(/ENC\[AES256_GCM,data:[A-Za-z0-9+/]/);
  return r.diagnostics.map((d) => [path.basename(d.file ?? ""), d.rule, d.path, d.severity]);
}

/** One character of the password's ciphertext changed: still of the right form. */
function tamper(text: string): string {
  const data = /password: ENC\[AES256_GCM,data:([A-Za-z0-9+/]+)/.exec(text)![1]!;
  const flipped = (data[0] === "A" ? "B" : "A") + data.slice(1);
  return text.replace(`data:${data}`, `data:${flipped}`);
}

const withEnv = async <T>(key: string | undefined, f: () => Promise<T>): Promise<T> => {
  const saved = {
    k: process.env.SOPS_AGE_KEY,
    f: process.env.SOPS_AGE_KEY_FILE,
    x: process.env.XDG_CONFIG_HOME,
  };
  delete process.env.SOPS_AGE_KEY_FILE;
  process.env.XDG_CONFIG_HOME = "/nonexistent-kiln-test";
  if (key) process.env.SOPS_AGE_KEY = key;
  else delete process.env.SOPS_AGE_KEY;
  try {
    return await f();
  } finally {
    for (const [name, v] of [
      ["SOPS_AGE_KEY", saved.k],
      ["SOPS_AGE_KEY_FILE", saved.f],
      ["XDG_CONFIG_HOME", saved.x],
    ] as const)
      if (v === undefined) delete process.env[name];
      else process.env[name] = v;
  }
};

describe("SOPS-encrypted manifests pass the schema", () => {
  it("an encrypted Secret has no findings, strict or not", async () => {
    expect(await run({ "s.yaml": enc })).toEqual([]);
    expect(await run({ "s.yaml": enc }, { strict: true })).toEqual([]);
  });

  it("ENC values are opaque: no type, format or pattern checks; the plaintext twin fails", async () => {
    const widget = `apiVersion: test.kiln.dev/v1
kind: Widget
metadata:
  name: w
  namespace: default
spec:
  size: 1
  replicas: notanumber
  created: yesterday
`;
    const dir = tempTree({ "w.yaml": widget });
    const plain = await validatePaths([dir], { schemas: { crds: [WIDGET_CRD], catalog: false } });
    const rules = (r: typeof plain) =>
      r.diagnostics.filter((d) => d.path?.startsWith("spec.replicas") || d.path?.startsWith("spec.created"));
    expect(rules(plain).length).toBeGreaterThanOrEqual(2);
    const encrypted = await encryptFileText(widget, {
      file: "w.yaml",
      recipients: [recipient],
      encryptedRegex: "^(replicas|created)$",
    });
    writeFileSync(path.join(dir, "w.yaml"), encrypted);
    const r = await validatePaths([dir], { schemas: { crds: [WIDGET_CRD], catalog: false }, strict: true });
    expect(rules(r)).toEqual([]);
    expect(r.diagnostics.filter((d) => d.path?.startsWith("sops"))).toEqual([]);
  });

  it("a sops block on a manifest that is not encrypted is still an unknown field's neighbour, not a pass", async () => {
    const text = `${SECRET}sops:\n  mac: forged\n`;
    const f = await run({ "s.yaml": text });
    expect(f).toContainEqual(["s.yaml", "sops/metadata", "sops.mac", "error"]);
    expect(f).toContainEqual(["s.yaml", "policy/plaintext-secret", "data", "error"]);
  });
});

describe("the plaintext-Secret gate checks the sops metadata's form", () => {
  const edit = (from: string, to: string | RegExp, by: string) => {
    const out = from.replace(to, by);
    expect(out).not.toBe(from);
    return out;
  };

  it("a forged MAC string (the old gate's hole) is rejected", async () => {
    const forged = edit(enc, /mac: ENC\[[^\]]*\]/, "mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]");
    expect(await run({ "s.yaml": forged })).toEqual([
      ["s.yaml", "policy/plaintext-secret", "data", "error"],
      ["s.yaml", "sops/metadata", "sops.mac", "error"],
    ]);
  });

  it("a plaintext value beside ENC values is rejected", async () => {
    const doc = parseYamlDocuments(enc, "s.yaml")[0]!.value as Record<string, Record<string, unknown>>;
    doc.stringData!.extra = "plain";
    expect(sopsShapeProblems(doc).map((p) => p.path.join("."))).toEqual(["stringData.extra"]);
    const text = edit(enc, "stringData:\n", "stringData:\n    extra: plain\n");
    expect(await run({ "s.yaml": text })).toEqual([
      ["s.yaml", "policy/plaintext-secret", "data", "error"],
      ["s.yaml", "sops/metadata", "stringData.extra", "error"],
    ]);
  });

  it("missing recipients, lastmodified or version, and two options, are each named", async () => {
    const doc = parseYamlDocuments(enc, "s.yaml")[0]!.value as Record<string, Record<string, unknown>>;
    const sops = doc.sops as Record<string, unknown>;
    const without = (k: string) => {
      const { [k]: _, ...rest } = sops;
      return sopsShapeProblems({ ...doc, sops: rest }).map((p) => p.path.join("."));
    };
    expect(sopsShapeProblems(doc)).toEqual([]);
    expect(without("age")).toEqual(["sops"]);
    expect(without("lastmodified")).toEqual(["sops.lastmodified"]);
    expect(without("version")).toEqual(["sops.version"]);
    expect(without("mac")).toEqual(["sops.mac"]);
    expect(
      sopsShapeProblems({ ...doc, sops: { ...sops, unencrypted_suffix: "_x" } }).map((p) => p.path.join(".")),
    ).toEqual(["sops.encrypted_regex"]);
    const badAge = { ...sops, age: [{ recipient: "age1short", enc: "x" }] };
    expect(sopsShapeProblems({ ...doc, sops: badAge }).map((p) => p.path.join("."))).toEqual([
      "sops.age.0.recipient",
    ]);
    // sops encrypts to SSH keys through age too (kid/home-ops): those recipients are fine.
    const armored = (sops.age as Array<{ enc: string }>)[0]!.enc;
    const ssh = {
      ...sops,
      age: [{ recipient: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAcnmLrPeTJe kid@host", enc: armored }],
    };
    expect(sopsShapeProblems({ ...doc, sops: ssh })).toEqual([]);
  });

  it("Go RE2 options and SSH or plugin recipients are what sops writes (seen in real repos)", async () => {
    const doc = parseYamlDocuments(enc, "s.yaml")[0]!.value as Record<string, Record<string, unknown>>;
    const sops = doc.sops as Record<string, unknown>;
    const age = (sops.age as Array<Record<string, unknown>>)[0]!;
    const paths = (s: Record<string, unknown>) =>
      sopsShapeProblems({ ...doc, sops: s }).map((p) => p.path.join("."));
    // `(?i)` inside a group is RE2, not JavaScript (damacus/home-ops writes this one).
    expect(
      paths({ ...sops, encrypted_regex: "((?i)(pass|secret($|[^N])|key|token|^data$|^stringData))" }),
    ).toEqual([]);
    expect(paths({ ...sops, encrypted_regex: "(?<=x)data" })).toEqual(["sops.encrypted_regex"]);
    for (const recipient of [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAcnmLrPeTJeKsasfU0qn4sP4lBNeOUgRG4iZDS8nyEo user@host",
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7",
      `age1yubikey1${"q".repeat(59)}`,
    ])
      expect(paths({ ...sops, age: [{ ...age, recipient }] }), recipient).toEqual([]);
    for (const recipient of ["ssh-dss AAAAB3NzaC1kc3M", "ssh-ed25519", "AGE1" + "q".repeat(58)])
      expect(paths({ ...sops, age: [{ ...age, recipient }] }), recipient).toEqual(["sops.age.0.recipient"]);
  });

  it("a fully encrypted manifest (sops' default) is not validated, and its identity never shown", async () => {
    const all = await encryptFileText(SECRET, { file: "s.yaml", recipients: [recipient] });
    const warning = ["s.yaml", "sops/encrypted-identity", "kind", "warning"];
    expect(await run({ "s.yaml": all })).toEqual([warning]);
    // Without any option sops encrypts every value: a plaintext kind is caught.
    const text = edit(all, / {4}unencrypted_suffix: _unencrypted\n/, "");
    expect(await run({ "s.yaml": text })).toEqual([warning]);
    expect(await run({ "s.yaml": edit(text, /kind: ENC\[[^\]]*\]/, "kind: Secret") })).toEqual([
      ["s.yaml", "sops/metadata", "kind", "error"],
      warning,
    ]);
  });
});

describe("--decrypt verifies the MAC", () => {
  it("an intact file passes, in the main thread and in workers", async () => {
    await withEnv(keyText, async () => {
      expect(await run({ "s.yaml": enc }, { decrypt: true })).toEqual([]);
      const other = await encryptFileText(SECRET.replace("name: db", "name: db2"), {
        file: "b.yaml",
        recipients: [recipient],
        ...FLUX,
      });
      const files = { "a.yaml": enc, "b.yaml": tamper(other) };
      expect(await run(files, { decrypt: true, workers: 2 })).toEqual([
        ["b.yaml", "sops/mac", "data.password", "error"],
      ]);
    });
  });

  it("a tampered value is an error (the form alone cannot tell)", async () => {
    const tampered = tamper(enc);
    await withEnv(keyText, async () => {
      expect(await run({ "s.yaml": tampered })).toEqual([]);
      expect(await run({ "s.yaml": tampered }, { decrypt: true })).toEqual([
        ["s.yaml", "sops/mac", "data.password", "error"],
      ]);
    });
  });

  it("a changed unencrypted value counts when the MAC covers it (no mac_only_encrypted)", async () => {
    const full = await encryptFileText(SECRET, {
      file: "s.yaml",
      recipients: [recipient],
      encryptedRegex: "^(data|stringData)$",
    });
    await withEnv(keyText, async () => {
      expect(await run({ "s.yaml": full }, { decrypt: true })).toEqual([]);
      expect(
        await run(
          { "s.yaml": full.replace("namespace: default", "namespace: kube-system") },
          { decrypt: true },
        ),
      ).toEqual([["s.yaml", "sops/mac", "sops.mac", "error"]]);
    });
  });

  it("a key that opens nothing is a warning: the file is not verified, not failed", async () => {
    await withEnv(otherKey, async () => {
      expect(await run({ "s.yaml": enc }, { decrypt: true })).toEqual([
        ["s.yaml", "sops/mac", "sops.mac", "warning"],
      ]);
    });
  });

  it("plain files are not decrypted, and validate without --decrypt never loads identities", async () => {
    await withEnv(undefined, async () => {
      expect(await run({ "s.yaml": enc })).toEqual([]);
      expect(
        await run(
          { "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n" },
          { decrypt: true },
        ),
      ).toEqual([]);
    });
  });
});

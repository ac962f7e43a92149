import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KilnError } from "../../src/core/errors.ts";
import { isSopsSecret } from "../../src/model/sops.ts";
import { encryptSopsSecret, fluxSopsDecryption, sopsSecret } from "../../src/secrets/authoring.ts";
import { decryptFileText } from "../../src/secrets/sops.ts";
import { CANARY, identity } from "./helpers.ts";

const a = await identity();
const ids = [{ secret: a.secret, source: "test" }];
const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-sops-secret-"));
writeFileSync(path.join(dir, "local-secrets.yaml"), `db_password: ${CANARY}\n`);
writeFileSync(path.join(dir, "token.txt"), "tok-1");
writeFileSync(
  path.join(dir, ".sops.yaml"),
  `creation_rules:\n  - path_regex: .*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    mac_only_encrypted: true\n    age: ${a.recipient}\n`,
);
const spec = {
  name: "db",
  namespace: "apps",
  stringData: {
    password: { fromSecretsFile: "local-secrets.yaml", key: "db_password" },
    token: { fromFile: "token.txt" },
    user: { fromEnv: "DB_USER" },
  },
};
const opts = { file: "apps/db.sops.yaml", cwd: dir, env: { DB_USER: "admin" } };

describe("encryptSopsSecret", () => {
  it("encrypts a Secret for the .sops.yaml rule; values from a secrets file, a file and the environment", async () => {
    const text = await encryptSopsSecret(spec, opts);
    expect(text).not.toContain(CANARY);
    expect(text).toContain("name: db");
    expect(text).toContain("encrypted_regex: ^(data|stringData)$");
    const plain = await decryptFileText(text, { file: "db.sops.yaml", identities: ids });
    expect(plain).toContain(`password: ${CANARY}`);
    expect(plain).toContain("user: admin");
  });

  it("a rebuild with unchanged values is byte-identical; a changed value changes its line only", async () => {
    const first = await encryptSopsSecret(spec, opts);
    expect(await encryptSopsSecret(spec, { ...opts, previous: first, identities: ids })).toBe(first);
    const next = await encryptSopsSecret(spec, {
      ...opts,
      env: { DB_USER: "root" },
      previous: first,
      identities: ids,
      now: new Date("2030-01-01T00:00:00Z"),
    });
    const differ = first.split("\n").filter((l, i) => l !== next.split("\n")[i]);
    expect(differ.map((l) => l.trim().split(":")[0])).toEqual(["user", "lastmodified", "mac"]);
  });

  it("a missing source is an error naming the key, never a value", async () => {
    await expect(encryptSopsSecret(spec, { ...opts, env: {} })).rejects.toThrow(/DB_USER is not set/);
    await expect(
      encryptSopsSecret(
        { ...spec, stringData: { x: { fromSecretsFile: "local-secrets.yaml", key: "nope" } } },
        opts,
      ),
    ).rejects.toThrow(/no string value for "nope"/);
    // A parse error never quotes the file: an unquoted `*value` is an alias the parser would name.
    writeFileSync(path.join(dir, "bad-secrets.yaml"), `a: b\ndb_password: *${CANARY}\n`);
    const bad = await encryptSopsSecret(
      { ...spec, stringData: { x: { fromSecretsFile: "bad-secrets.yaml", key: "db_password" } } },
      opts,
    ).catch((e: KilnError) => e);
    expect(bad).toMatchObject({
      message: "the secrets file is not valid YAML or JSON",
      location: { file: "bad-secrets.yaml", path: "stringData.x" },
    });
    expect(JSON.stringify(bad) + String(bad)).not.toContain(CANARY);
  });

  it("previous encrypted with other options is encrypted afresh with the rule's", async () => {
    const first = await encryptSopsSecret(spec, { ...opts, options: { encryptedRegex: "^stringData$" } });
    const next = await encryptSopsSecret(spec, { ...opts, previous: first, identities: ids });
    expect(next).toContain("encrypted_regex: ^(data|stringData)$");
    expect(next).not.toContain("encrypted_regex: ^stringData$");
  });

  it("fluxSopsDecryption is the Kustomization decryption block", () => {
    expect(fluxSopsDecryption()).toEqual({ provider: "sops", secretRef: { name: "sops-age" } });
  });
});

describe("sopsSecret (declaration for kiln build)", () => {
  it("holds the sources, never a value, and survives a spread copy", () => {
    const s = sopsSecret(spec);
    expect(s).toMatchObject({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "apps" },
    });
    expect(JSON.stringify(s)).not.toContain("stringData");
    expect(isSopsSecret({ ...s })).toBe(true);
    expect(isSopsSecret({ apiVersion: "v1", kind: "Secret", metadata: { name: "x" } })).toBe(false);
  });

  it("a bad spec is an error naming the field", () => {
    expect(() => sopsSecret({ ...spec, name: "Bad_Name" })).toThrow(/DNS-1123 subdomain/);
    expect(() => sopsSecret({ ...spec, stringData: {} })).toThrow(/at least one key/);
    expect(() => sopsSecret({ ...spec, stringData: { "a b": { fromEnv: "X" } } })).toThrow(/Secret key/);
    expect(() =>
      sopsSecret({ ...spec, stringData: { a: { fromEnv: "X", fromFile: "y" } as never } }),
    ).toThrow(/exactly one source/);
    expect(() => sopsSecret({ ...spec, stringData: { a: { fromSecretsFile: "y" } as never } })).toThrow(
      /exactly one source/,
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgeIdentity } from "../../src/secrets/age.ts";
import { formatFloatF } from "../../src/secrets/cipher.ts";
import {
  changedKeys,
  decryptFileText,
  emitPlain,
  encryptDocuments,
  encryptFileText,
  openEncrypted,
  parsePlain,
  reencryptStable,
  rotate,
  updateKeys,
} from "../../src/secrets/sops.ts";
import { CANARY, document, flatDocument, identity } from "./helpers.ts";

const a = await identity();
const b = await identity();
const ids = (...xs: Array<{ secret: string }>): AgeIdentity[] =>
  xs.map((x) => ({ secret: x.secret, source: "test" }));

const SECRET = `apiVersion: v1
kind: Secret
metadata:
    name: db
stringData:
    password: ${CANARY}
    port: 5432
    ratio: 1.5
    enabled: true
    list:
        - one
        - two
`;

const enc = (text: string, file = "s.yaml", extra = {}) =>
  encryptFileText(text, { file, recipients: [a.recipient], ...extra });

describe("sops encrypt/decrypt round trip", () => {
  for (const [file, text] of [
    ["s.yaml", SECRET],
    [
      "s.json",
      `{\n\t"user": "admin",\n\t"password": "${CANARY}",\n\t"n": 3,\n\t"f": 0.25,\n\t"l": [\n\t\ttrue,\n\t\t"x"\n\t]\n}\n`,
    ],
    ["s.env", `USER=admin\nPASSWORD=${CANARY}\nMULTI=a\\nb\n`],
  ] as const) {
    it(`${file}: decrypts to the same text, with no plaintext left in the encrypted file`, async () => {
      const e = await enc(text, file);
      expect(e).not.toContain(CANARY);
      expect(await decryptFileText(e, { file, identities: ids(a) })).toBe(text);
    });
  }

  it("digit strings yaml.v3 would read as numbers (08 is a float to it) stay quoted strings", async () => {
    const text = 'a: "08"\nb: "0_9"\nc: "007"\nd: "12"\n';
    const e = await enc(text, "d.yaml");
    expect(await decryptFileText(e, { file: "d.yaml", identities: ids(a) })).toBe(text);
  });

  it("encrypted_regex leaves other keys in plaintext; mac_only_encrypted ignores them in the MAC", async () => {
    const e = await enc(SECRET, "s.yaml", { encryptedRegex: "^(data|stringData)$", macOnlyEncrypted: true });
    expect(e).toContain("name: db");
    expect(e).toContain("encrypted_regex: ^(data|stringData)$");
    expect(e).toContain("mac_only_encrypted: true");
    // A plaintext key may change without breaking the MAC when only encrypted values count.
    const renamed = e.replace("name: db", "name: db2");
    expect(await decryptFileText(renamed, { file: "s.yaml", identities: ids(a) })).toContain("name: db2");
  });

  it("without mac_only_encrypted a change to a plaintext value breaks the MAC", async () => {
    const e = await enc(SECRET, "s.yaml", { encryptedRegex: "^stringData$" });
    await expect(
      decryptFileText(e.replace("name: db", "name: db2"), { file: "s.yaml", identities: ids(a) }),
    ).rejects.toThrow(/s\.yaml.*|MAC mismatch/);
  });

  it("suffix options choose values by key", async () => {
    const text = "a_unencrypted: plain\nb: hidden\nc_enc: sealed\n";
    const def = await enc(text);
    expect(def).toContain("a_unencrypted: plain");
    expect(def).not.toContain("hidden");
    const only = await enc(text, "s.yaml", { encryptedSuffix: "_enc" });
    expect(only).toContain("b: hidden");
    expect(only).not.toContain("sealed");
    const re = await enc(text, "s.yaml", { unencryptedRegex: "^b$" });
    expect(re).toContain("b: hidden");
    expect(re).not.toContain("a_unencrypted: plain");
  });

  it("several recipients: each identity alone decrypts", async () => {
    const e = await encryptFileText(SECRET, { file: "s.yaml", recipients: [a.recipient, b.recipient] });
    expect(await decryptFileText(e, { file: "s.yaml", identities: ids(b) })).toBe(SECRET);
    expect(await decryptFileText(e, { file: "s.yaml", identities: ids(a) })).toBe(SECRET);
  });

  it("property: random documents round-trip through encryption (YAML, JSON, dotenv)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(document, { minLength: 1, maxLength: 2 }), async (docs) => {
        const plain = emitPlain(docs, "yaml");
        const e = await encryptDocuments(parsePlain(plain, "p.yaml", "yaml"), {
          file: "p.yaml",
          recipients: [a.recipient],
        });
        expect(await decryptFileText(e, { file: "p.yaml", identities: ids(a) })).toBe(plain);
      }),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(document, async (doc) => {
        const plain = emitPlain([doc], "json");
        const e = await encryptFileText(plain, { file: "p.json", recipients: [a.recipient] });
        expect(await decryptFileText(e, { file: "p.json", identities: ids(a) })).toBe(plain);
      }),
      { numRuns: 30 },
    );
    await fc.assert(
      fc.asyncProperty(flatDocument, async (doc) => {
        const plain = emitPlain([doc], "dotenv");
        const e = await encryptFileText(plain, { file: "p.env", recipients: [a.recipient] });
        expect(await decryptFileText(e, { file: "p.env", identities: ids(a) })).toBe(plain);
      }),
      { numRuns: 30 },
    );
  });

  it("floats hash as Go's FormatFloat 'f' does", () => {
    expect(formatFloatF(1e21)).toBe("1000000000000000000000");
    expect(formatFloatF(1.5e-7)).toBe("0.00000015");
    expect(formatFloatF(0.1)).toBe("0.1");
    expect(formatFloatF(-2.5e-3)).toBe("-0.0025");
  });
});

describe("sops failures name the file and never print a value", () => {
  const open = (text: string, identities = ids(a)) =>
    decryptFileText(text, { file: "secret.yaml", identities });
  const fails = async (text: string, msg: RegExp, identities = ids(a)) => {
    const err = await open(text, identities).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.name).toBe("KilnError");
    expect(err?.message).toMatch(msg);
    expect((err as { location?: { file?: string } }).location?.file).toBe("secret.yaml");
    expect(JSON.stringify(err)).not.toContain(CANARY);
    expect(err?.message).not.toContain(CANARY);
  };

  it("tampered value", async () => {
    const e = await enc(SECRET);
    const line = e.split("\n").find((l) => l.includes("password:")) as string;
    const other = e.split("\n").find((l) => l.includes("port:")) as string;
    const swapped = e.replace(line, `    password: ${other.split(": ")[1]}`);
    await fails(swapped, /cannot decrypt value/);
  });

  it("reordered document", async () => {
    const e = await enc("a: one\nb: two\n");
    const [l1, l2] = e.split("\n") as [string, string];
    await fails(e.replace(`${l1}\n${l2}`, `${l2}\n${l1}`), /MAC mismatch/);
  });

  it("stripped MAC", async () => {
    const e = await enc(SECRET);
    await fails(e.replace(/ {4}mac: .*\n/, ""), /no MAC/);
    await fails(e.replace(/mac: ENC\[[^\n]*\]/, 'mac: ""'), /no MAC/);
  });

  it("tampered MAC", async () => {
    const e = await enc(SECRET);
    const other = await enc(SECRET);
    const mac = (t: string) => /mac: (ENC\[[^\n]*\])/.exec(t)?.[1] as string;
    await fails(e.replace(mac(e), mac(other)), /MAC cannot be decrypted/);
  });

  it("removed value", async () => {
    const e = await enc("a: one\nb: two\n");
    await fails(e.replace(/^b: .*\n/m, ""), /MAC mismatch/);
  });

  it("wrong key and missing identity", async () => {
    const e = await enc(SECRET);
    await fails(e, /none of the 1 age identities/, ids(b));
    await fails(e, /no age identity found/, []);
  });

  it("a plaintext file is not a sops file", async () => {
    await fails(SECRET, /no sops metadata/);
  });
});

describe("keys: updatekeys and rotate", () => {
  it("updatekeys keeps values and MAC, adds and removes recipients", async () => {
    const e = await enc(SECRET);
    const u = await updateKeys(e, { file: "s.yaml", identities: ids(a), recipients: [b.recipient] });
    expect(u.replace(/ {4}age:[\s\S]*?(?= {4}lastmodified)/, "")).toBe(
      e.replace(/ {4}age:[\s\S]*?(?= {4}lastmodified)/, ""),
    );
    expect(await decryptFileText(u, { file: "s.yaml", identities: ids(b) })).toBe(SECRET);
    await expect(decryptFileText(u, { file: "s.yaml", identities: ids(a) })).rejects.toThrow(/none of the/);
  });

  it("rotate changes the data key and every ciphertext", async () => {
    const e = await enc(SECRET);
    const r = await rotate(e, { file: "s.yaml", identities: ids(a) });
    const before = await openEncrypted(e, { file: "s.yaml", identities: ids(a) });
    const after = await openEncrypted(r, { file: "s.yaml", identities: ids(a) });
    expect(Buffer.from(after.dataKey).equals(Buffer.from(before.dataKey))).toBe(false);
    expect(emitPlain(after.docs, "yaml")).toBe(SECRET);
    const values = (t: string) => t.match(/ENC\[[^\]]*\]/g) ?? [];
    for (const v of values(r)) expect(values(e)).not.toContain(v);
  });
});

describe("stable ciphertext and changed keys", () => {
  it("unchanged plaintext re-encrypts to the same bytes", async () => {
    const e = await enc(SECRET);
    const again = await reencryptStable(e, parsePlain(SECRET, "s.yaml", "yaml"), {
      file: "s.yaml",
      identities: ids(a),
    });
    expect(again).toBe(e);
  });

  it("one changed value changes only its line, lastmodified and the MAC", async () => {
    const e = await enc(SECRET);
    const next = SECRET.replace("port: 5432", "port: 5433");
    const s = await reencryptStable(e, parsePlain(next, "s.yaml", "yaml"), {
      file: "s.yaml",
      identities: ids(a),
      now: new Date("2030-01-01T00:00:00Z"),
    });
    const diff = e
      .split("\n")
      .map((l, i) => [l, s.split("\n")[i]])
      .filter(([x, y]) => x !== y)
      .map(([x]) => (x as string).trim().split(":")[0]);
    expect(diff).toEqual(["port", "lastmodified", "mac"]);
    expect(await decryptFileText(s, { file: "s.yaml", identities: ids(a) })).toBe(next);
    const changes = await changedKeys(e, s, { file: "s.yaml", identities: ids(a) });
    expect(changes).toEqual({ added: [], removed: [], changed: ["stringData.port"], decrypted: true });
    const blind = await changedKeys(e, s, { file: "s.yaml" });
    expect(blind.changed).toEqual(["stringData.port"]);
    expect(JSON.stringify([changes, blind])).not.toContain(CANARY);
  });

  it("added and removed keys are reported by path", async () => {
    const e = await enc("a: 1\nb: 2\n");
    const s = await reencryptStable(e, parsePlain("a: 1\nc: 3\n", "s.yaml", "yaml"), {
      file: "s.yaml",
      identities: ids(a),
    });
    expect(await changedKeys(e, s, { file: "s.yaml", identities: ids(a) })).toEqual({
      added: ["c"],
      removed: ["b"],
      changed: [],
      decrypted: true,
    });
  });
});

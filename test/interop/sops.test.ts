/**
 * kiln's SOPS against the real sops 3.13.2 and age binaries, both ways, every format and option:
 * files kiln encrypts decrypt with `sops -d` and are laid out as sops lays them out (ciphertexts
 * and dates masked); files `sops -e` encrypts decrypt with kiln to `sops -d`'s bytes; updatekeys
 * and rotate agree; random documents (a bounded number of runs) go both ways.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgeIdentity } from "../../src/secrets/age.ts";
import {
  decryptFileText,
  emitPlain,
  encryptFileText,
  rotate,
  type SopsFormat,
  updateKeys,
} from "../../src/secrets/sops.ts";
import { peer, peerSkip } from "../helpers/env.ts";
import { CANARY, document, flatDocument } from "../secrets/helpers.ts";

const sops = peer("sops");
const ageKeygen = peer("age-keygen");
const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-sops-interop-"));

function keygen(name: string): { file: string; recipient: string; ids: AgeIdentity[] } {
  const file = path.join(dir, name);
  execFileSync(ageKeygen as string, ["-o", file], { stdio: "ignore" });
  const text = readFileSync(file, "utf8");
  const secret = text.split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-1")) as string;
  const recipient = /public key: (age1\w+)/.exec(text)?.[1] as string;
  return { file, recipient, ids: [{ secret, source: file }] };
}

function runSops(args: string[], keyFile: string, cwd = dir): string {
  const r = spawnSync(sops as string, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: dir, SOPS_AGE_KEY_FILE: keyFile },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`sops ${args[0]} failed: ${r.stderr.split("\n")[0]}`);
  return r.stdout;
}

const mask = (t: string) =>
  t
    .replace(/ENC\[AES256_GCM,data:[^,]*,iv:[^,]*,tag:[^,]*,type:(\w+)\]/g, "ENC[$1]")
    .replace(/-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----/g, "AGE")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, "DATE");

const ext: Record<SopsFormat, string> = { yaml: "yaml", json: "json", dotenv: "env" };
const YAML = `apiVersion: v1
kind: Secret
metadata:
    name: app
    labels:
        tier: "1"
stringData:
    password: ${CANARY}
    port: 5432
    ratio: 0.75
    big: 1.2345675e+06
    enabled: true
    note_unencrypted: visible
    token_enc: sealed
    multi: |
        line one
        line two
    list:
        - a
        - k: v
          "n": 2
        - - nested
empty: ""
none: null
`;
const JSON_TEXT = `{\n\t"user": "admin",\n\t"password": "${CANARY}",\n\t"html": "\\u003ca\\u0026b\\u003e",\n\t"n": 3,\n\t"f": 1e-7,\n\t"l": [\n\t\ttrue,\n\t\t{\n\t\t\t"x_enc": "y"\n\t\t}\n\t],\n\t"o": {}\n}\n`;
const DOTENV = `USER=admin\nPASSWORD=${CANARY}\nTOKEN_ENC=t\nMULTI=a\\nb\n`;

const OPTIONS: Array<[string, string[], Record<string, unknown>]> = [
  ["default", [], {}],
  [
    "encrypted_regex + mac_only_encrypted",
    ["--encrypted-regex", "^(data|stringData|password|PASSWORD)$", "--mac-only-encrypted"],
    { encryptedRegex: "^(data|stringData|password|PASSWORD)$", macOnlyEncrypted: true },
  ],
  // RE2 syntax JavaScript reads otherwise or refuses: the (?i) flag and \z (end of text).
  [
    "encrypted_regex in RE2 syntax",
    ["--encrypted-regex", "(?i)^(stringdata|password)\\z"],
    { encryptedRegex: "(?i)^(stringdata|password)\\z" },
  ],
  ["encrypted_suffix", ["--encrypted-suffix", "_enc"], { encryptedSuffix: "_enc" }],
  [
    "unencrypted_regex",
    ["--unencrypted-regex", "^(metadata|USER|user)$"],
    { unencryptedRegex: "^(metadata|USER|user)$" },
  ],
  ["unencrypted_suffix", ["--unencrypted-suffix", "_unencrypted"], { unencryptedSuffix: "_unencrypted" }],
];

describe.skipIf(!sops || !ageKeygen)(
  sops && ageKeygen ? "sops 3.13.2 interop" : peerSkip("sops and age-keygen"),
  () => {
    const a = keygen("a.txt");
    const b = keygen("b.txt");

    it("is sops 3.13.2", () => {
      expect(
        execFileSync(sops as string, ["--version", "--disable-version-check"], { encoding: "utf8" }),
      ).toMatch(/3\.13\.2/);
    });

    for (const [format, text] of [
      ["yaml", YAML],
      ["json", JSON_TEXT],
      ["dotenv", DOTENV],
    ] as Array<[SopsFormat, string]>) {
      for (const [title, flags, options] of OPTIONS) {
        it(`${format}, ${title}: kiln → sops -d, sops -e → kiln, same layout`, async () => {
          const file = path.join(dir, `plain.${ext[format]}`);
          writeFileSync(file, text);
          const ours = await encryptFileText(text, {
            file,
            recipients: [a.recipient, b.recipient],
            ...options,
          });
          const oursFile = path.join(dir, `kiln.${ext[format]}`);
          writeFileSync(oursFile, ours);
          const sopsPlain = runSops(["-d", oursFile], b.file);
          expect(sopsPlain).toBe(text);
          const theirs = runSops(["-e", "--age", `${a.recipient},${b.recipient}`, ...flags, file], a.file);
          expect(await decryptFileText(theirs, { file, identities: a.ids })).toBe(text);
          expect(mask(ours)).toBe(mask(theirs));
        });
      }
    }

    it("updatekeys: kiln's and sops' agree, each readable by the other", async () => {
      // Its own folder: sops reads .sops.yaml from the working directory up, and other tests pass --age.
      const sub = mkdtempSync(path.join(dir, "updatekeys-"));
      const file = path.join(sub, "keys.yaml");
      writeFileSync(
        path.join(sub, ".sops.yaml"),
        `creation_rules:\n  - path_regex: keys\\.yaml$\n    age: ${b.recipient}\n`,
      );
      const start = await encryptFileText(YAML, { file, recipients: [a.recipient] });
      writeFileSync(file, start);
      runSops(["updatekeys", "-y", file], a.file, sub);
      const bySops = readFileSync(file, "utf8");
      expect(await decryptFileText(bySops, { file, identities: b.ids })).toBe(YAML);
      await expect(decryptFileText(bySops, { file, identities: a.ids })).rejects.toThrow(/none of the/);
      const byKiln = await updateKeys(start, { file, identities: a.ids, recipients: [b.recipient] });
      expect(mask(byKiln)).toBe(mask(bySops));
      writeFileSync(file, byKiln);
      expect(runSops(["-d", file], b.file, sub)).toBe(YAML);
    });

    it("rotate: kiln's output decrypts with sops, sops' with kiln", async () => {
      const file = path.join(dir, "rot.yaml");
      const start = await encryptFileText(YAML, { file, recipients: [a.recipient] });
      writeFileSync(
        file,
        await rotate(start, { file, identities: a.ids, recipients: [a.recipient, b.recipient] }),
      );
      expect(runSops(["-d", file], b.file)).toBe(YAML);
      runSops(["rotate", "-i", "--rm-age", b.recipient, file], a.file);
      expect(await decryptFileText(readFileSync(file, "utf8"), { file, identities: a.ids })).toBe(YAML);
    });

    it("property: random documents go both ways (bounded runs)", async () => {
      for (const [format, arb, runs] of [
        ["yaml", document, 25],
        ["json", document, 15],
        ["dotenv", flatDocument, 15],
      ] as const) {
        await fc.assert(
          fc.asyncProperty(arb, async (doc) => {
            const text = emitPlain([doc], format);
            const file = path.join(dir, `prop.${ext[format]}`);
            writeFileSync(file, text);
            const ours = await encryptFileText(text, { file, recipients: [a.recipient] });
            writeFileSync(path.join(dir, `prop-kiln.${ext[format]}`), ours);
            expect(runSops(["-d", path.join(dir, `prop-kiln.${ext[format]}`)], a.file)).toBe(text);
            const theirs = runSops(["-e", "--age", a.recipient, file], a.file);
            expect(await decryptFileText(theirs, { file, identities: a.ids })).toBe(text);
            expect(mask(ours)).toBe(mask(theirs));
          }),
          { numRuns: runs },
        );
      }
    });

    it("key groups with a Shamir threshold: both ways, and too few groups is refused", async () => {
      const c = keygen("c.txt");
      const conf = path.join(dir, "groups");
      execFileSync("mkdir", ["-p", conf]);
      writeFileSync(
        path.join(conf, ".sops.yaml"),
        `creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [${a.recipient}]\n      - age: [${b.recipient}]\n      - age: [${c.recipient}]\n`,
      );
      const file = path.join(conf, "s.yaml");
      writeFileSync(file, YAML);
      const ac = path.join(dir, "ac.txt");
      writeFileSync(ac, readFileSync(a.file, "utf8") + readFileSync(c.file, "utf8"));
      const groups = { groups: [[a.recipient], [b.recipient], [c.recipient]], threshold: 2 };
      // kiln → sops: two of the three groups open it; one does not.
      const ours = await encryptFileText(YAML, { file, recipients: [], keyGroups: groups });
      const oursFile = path.join(conf, "kiln.yaml");
      writeFileSync(oursFile, ours);
      expect(runSops(["-d", oursFile], ac, conf)).toBe(YAML);
      expect(() => runSops(["-d", oursFile], a.file, conf)).toThrow(/Failed to get the data key/);
      // sops → kiln, with the same layout.
      const theirs = runSops(["-e", file], a.file, conf);
      const both = [...a.ids, ...c.ids];
      expect(await decryptFileText(theirs, { file, identities: both })).toBe(YAML);
      await expect(decryptFileText(theirs, { file, identities: a.ids })).rejects.toThrow(
        /Shamir threshold of 2, but the age identities found open 1 of its 3 key groups/,
      );
      expect(mask(ours)).toBe(mask(theirs));
      // updatekeys and rotate keep the groups; sops still reads the results.
      const rotated = await rotate(theirs, { file, identities: both });
      writeFileSync(oursFile, rotated);
      expect(runSops(["-d", oursFile], ac, conf)).toBe(YAML);
      const updated = await updateKeys(theirs, { file, identities: both, recipients: [], keyGroups: groups });
      writeFileSync(oursFile, updated);
      expect(runSops(["-d", oursFile], ac, conf)).toBe(YAML);
    });
  },
);

/**
 * `kiln secrets decrypt|encrypt|updatekeys|rotate` on tampered, truncated, hostile and
 * misconfigured files. Every plaintext holds the canary; it must never be printed, written to a
 * file kiln was not told to write, or left in a temporary file, and a failed `-i` leaves the
 * user's file as it was.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { encryptFileText, generateIdentityFile } from "../../src/secrets/index.ts";
import { aliasBomb } from "./generate.ts";
import { CANARY, type CliCase, runCases, type Sandbox } from "./harness.ts";

const a = await generateIdentityFile(new Date(0));
const b = await generateIdentityFile(new Date(0));
const PLAIN = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${CANARY}\n  user: admin\n`;
const ENC = await encryptFileText(PLAIN, { file: "s.yaml", format: "yaml", recipients: [a.recipient] });
const ENC_JSON = await encryptFileText(JSON.stringify({ password: CANARY, user: "admin" }), {
  file: "s.json",
  format: "json",
  recipients: [a.recipient],
});

/** The sandbox's key file (identity A unless told otherwise), as SOPS_AGE_KEY_FILE finds it. */
function keys(sb: Sandbox, text = a.text): void {
  writeFileSync(path.join(sb.home, "keys.txt"), text, { mode: 0o600 });
}
const keyEnv = (sb: Sandbox) => ({ SOPS_AGE_KEY_FILE: path.join(sb.home, "keys.txt") });

/** A decrypt of `text` saved as `name`, with identity A. */
const decrypt =
  (text: string | Buffer, name = "s.yaml", ...extra: string[]) =>
  (sb: Sandbox) => {
    keys(sb);
    sb.write(name, text);
    return ["secrets", "decrypt", name, ...extra];
  };
const encrypt =
  (text: string | Buffer, name = "plain.yaml", ...extra: string[]) =>
  (sb: Sandbox) => {
    sb.write(name, text);
    return ["secrets", "encrypt", name, "--age", a.recipient, ...extra];
  };

/** Flips one character of the first ENC[...] data of `key`. */
const flipData = (t: string, key: string) =>
  t.replace(new RegExp(`(${key}: ENC\\[AES256_GCM,data:)(.)`), (_m, p, c) => `${p}${c === "A" ? "B" : "A"}`);
const laughs = aliasBomb(CANARY);

/** SOPS_AGE_KEY_FILE for every case (a case's own env wins). */
const withKeys = (c: CliCase): CliCase => ({
  ...c,
  env: (sb) => ({ ...keyEnv(sb), ...(typeof c.env === "function" ? c.env(sb) : c.env) }),
});

const S = /s\.yaml/;
const plainCases: CliCase[] = [
  {
    title: "decrypt --output: the positive control (0600, only in out/)",
    setup: (sb) => {
      mkdirSync(sb.out);
      return [...decrypt(ENC)(sb), "--output", path.join(sb.out, "plain.yaml")];
    },
    exit: 0,
    canaryAllowedIn: ["out"],
    check: (_r, sb) => expect(statSync(path.join(sb.out, "plain.yaml")).mode & 0o777).toBe(0o600),
  },
  {
    title: "decrypt: one value's ciphertext changed",
    setup: decrypt(flipData(ENC, "password")),
    exit: 1,
    where: S,
  },
  { title: "decrypt: the MAC changed", setup: decrypt(flipData(ENC, "mac")), exit: 1, where: S },
  { title: "decrypt: the MAC removed", setup: decrypt(ENC.replace(/ {4}mac: .*\n/, "")), exit: 1, where: S },
  {
    title: "decrypt: two values swapped",
    setup: decrypt(
      ENC.replace(/password: (ENC\[[^\n]*\])\n {4}user: (ENC\[[^\n]*\])/, "password: $2\n    user: $1"),
    ),
    exit: 1,
    where: S,
  },
  {
    title: "decrypt: a value added in plaintext",
    setup: decrypt(ENC.replace("sops:\n", `extra: ${CANARY}\nsops:\n`)),
    exit: 1,
    where: S,
  },
  {
    title: "decrypt: the sops metadata removed",
    setup: decrypt(ENC.replace(/\nsops:[\s\S]*$/, "\n")),
    exit: 1,
    where: S,
  },
  {
    title: "decrypt: the age stanza removed",
    setup: decrypt(ENC.replace(/ {4}age:[\s\S]*?(?= {4}lastmodified)/, "")),
    exit: 1,
    where: S,
  },
  {
    title: "decrypt: the age payload damaged",
    setup: decrypt(ENC.replace(/(-----BEGIN AGE ENCRYPTED FILE-----\n\s+)(....)/, "$1AAAA")),
    exit: 1,
    where: S,
  },
  {
    title: "decrypt: cut in half",
    setup: decrypt(ENC.slice(0, Math.floor(ENC.length / 2))),
    exit: 1,
    where: S,
  },
  {
    title: "decrypt: a tab injected",
    setup: decrypt(ENC.replace("    user:", "\tuser:")),
    exit: 1,
    where: /s\.yaml:\d+/,
  },
  {
    title: "decrypt: an ENC[] value with no iv",
    setup: decrypt(ENC.replace(/,iv:[^,]*/, "")),
    exit: 1,
    where: S,
  },
  {
    title: "decrypt: a file from sops 9.0.0 (--output)",
    setup: (sb) => {
      mkdirSync(sb.out);
      return decrypt(ENC.replace(/version: .*/, "version: 9.0.0"), "s.yaml", "--output", "../out/p.yaml")(sb);
    },
    exit: [0, 1],
    canaryAllowedIn: ["out"],
  },
  {
    title: "decrypt: JSON cut short",
    setup: decrypt(ENC_JSON.slice(0, 80), "s.json"),
    exit: 1,
    where: /s\.json/,
  },
  {
    title: "decrypt: binary bytes",
    setup: decrypt(Buffer.from([0, 1, 2, 0xff, 0xfe]), "s.yaml"),
    exit: 1,
    where: S,
  },
  { title: "decrypt: a plaintext file", setup: decrypt(PLAIN), exit: 1, where: S },
  { title: "decrypt: a 40 MiB file", setup: decrypt(`x: "${"y".repeat(40 << 20)}"\n`), exit: 1, where: S },
  {
    title: "decrypt: the wrong identity",
    setup: (sb) => {
      const args = decrypt(ENC)(sb);
      keys(sb, b.text);
      return args;
    },
    exit: 1,
    where: S,
  },
  {
    title: "decrypt: a key file of garbage",
    setup: (sb) => {
      const args = decrypt(ENC)(sb);
      keys(sb, "AGE-SECRET-KEY-1NOTAKEY\n");
      return args;
    },
    exit: 1,
    where: /keys\.txt:1: .*does not decode/,
  },
  {
    title: "decrypt: no identity anywhere",
    setup: decrypt(ENC),
    env: { SOPS_AGE_KEY_FILE: "/nonexistent/keys.txt" },
    exit: 1,
    where: /keys\.txt|identit/i,
  },
  {
    title: "decrypt -i of a tampered file leaves it unchanged",
    setup: decrypt(flipData(ENC, "password"), "s.yaml", "-i"),
    exit: 1,
    where: S,
  },
  {
    title: "decrypt --output into a folder that does not exist",
    setup: decrypt(ENC, "s.yaml", "--output", "../out/missing/p.yaml"),
    exit: 1,
    where: /out\/missing\/p\.yaml: cannot write: ENOENT/,
  },
  {
    title: "decrypt: --input-type toml",
    setup: decrypt(ENC, "s.yaml", "--input-type", "toml"),
    exit: 2,
    where: /--input-type|toml/,
  },
  {
    title: "decrypt: a missing file",
    setup: (sb) => {
      keys(sb);
      return ["secrets", "decrypt", "nope.yaml"];
    },
    exit: 1,
    where: /nope\.yaml/,
  },
  {
    title: "decrypt: a folder",
    setup: (sb) => {
      keys(sb);
      sb.write("dir.yaml/x", "");
      return ["secrets", "decrypt", "dir.yaml"];
    },
    exit: 1,
    where: /dir\.yaml/,
  },
  {
    title: "decrypt: a FIFO",
    setup: (sb) => {
      keys(sb);
      execFileSync("mkfifo", [path.join(sb.in, "fifo.yaml")]);
      return ["secrets", "decrypt", "fifo.yaml"];
    },
    exit: 1,
    where: /fifo\.yaml/,
    timeoutMs: 20_000,
  },
  {
    title: "encrypt: a tab in the plaintext",
    setup: encrypt(PLAIN.replace("  user:", "\tuser:")),
    exit: 1,
    where: /plain\.yaml:7:\d+/,
  },
  {
    title: "encrypt: a duplicate key",
    setup: encrypt(`${PLAIN}  password: ${CANARY}\n`),
    exit: 1,
    where: /plain\.yaml:8:\d+/,
  },
  {
    title: "encrypt: billion laughs holding the canary",
    setup: encrypt(laughs),
    exit: 1,
    where: /plain\.yaml/,
  },
  {
    title: "encrypt: an unclosed quote before the canary",
    setup: encrypt(`a: "x\nb: ${CANARY}\n`),
    exit: 1,
    where: /plain\.yaml:\d+/,
  },
  {
    title: "encrypt: binary bytes",
    setup: encrypt(Buffer.from([0x61, 0x3a, 0x00, 0xff])),
    exit: 1,
    where: /plain\.yaml/,
  },
  {
    title: "encrypt: JSON cut short",
    setup: encrypt(`{"password": "${CANARY}", `, "plain.json"),
    exit: 1,
    where: /plain\.json/,
  },
  {
    title: "encrypt: a dotenv line without =",
    setup: encrypt(`PASSWORD=${CANARY}\nnot a pair\n`, "plain.env"),
    exit: 1,
    where: /plain\.env/,
  },
  { title: "encrypt: an already encrypted file", setup: encrypt(ENC), exit: 1, where: /plain\.yaml/ },
  {
    title: "encrypt: a recipient that is not an age key",
    setup: (sb) => [...encrypt(PLAIN)(sb).slice(0, 3), "--age", "age1garbage"],
    exit: [1, 2],
    where: /age1garbage/,
  },
  {
    title: "encrypt: no recipient and no .sops.yaml",
    setup: (sb) => encrypt(PLAIN)(sb).slice(0, 3),
    exit: 1,
    where: /recipient|\.sops\.yaml/,
  },
  {
    title: "encrypt: a .sops.yaml with a tab",
    setup: (sb) => {
      sb.write(".sops.yaml", `creation_rules:\n  - path_regex: .*\n\tage: ${a.recipient}\n`);
      return encrypt(PLAIN)(sb).slice(0, 3);
    },
    exit: 1,
    where: /\.sops\.yaml:3:\d+/,
  },
  {
    title: "encrypt: a .sops.yaml path_regex that is not a regex",
    setup: (sb) => {
      sb.write(".sops.yaml", `creation_rules:\n  - path_regex: "(["\n    age: ${a.recipient}\n`);
      return encrypt(PLAIN)(sb).slice(0, 3);
    },
    exit: 1,
    where: /\.sops\.yaml/,
  },
  {
    title: "encrypt: --encrypted-regex (",
    setup: encrypt(PLAIN, "plain.yaml", "--encrypted-regex", "("),
    exit: [1, 2],
    where: /--encrypted-regex|regular expression/,
  },
  {
    title: "encrypt -i of a broken plaintext leaves it unchanged",
    setup: encrypt(PLAIN.replace("  user:", "\tuser:"), "plain.yaml", "-i"),
    exit: 1,
    where: /plain\.yaml/,
  },
  {
    title: "updatekeys: a tampered file is refused and unchanged",
    setup: (sb) => {
      sb.write(".sops.yaml", `creation_rules:\n  - age: ${b.recipient}\n`);
      return ["secrets", "updatekeys", "-y", ...decrypt(flipData(ENC, "mac"))(sb).slice(2)];
    },
    exit: 1,
    where: S,
  },
  {
    title: "rotate -i: a tampered file is refused and unchanged",
    setup: (sb) => ["secrets", "rotate", "-i", ...decrypt(flipData(ENC, "password"))(sb).slice(2)],
    exit: 1,
    where: S,
  },
];

const cases = plainCases.map(withKeys);

runCases("secrets decrypt/encrypt/updatekeys/rotate: tampered and hostile files", cases);

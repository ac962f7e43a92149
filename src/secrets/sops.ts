/**
 * SOPS files in TypeScript, held to sops 3.13.2: encrypt, decrypt (MAC verified), update keys,
 * rotate, re-encrypt keeping unchanged ciphertext, and list changed keys. The walk, the choice of
 * values to encrypt and the MAC follow sops.go; value encryption is cipher.ts; the three stores
 * are yaml-store.ts, json-store.ts and dotenv-store.ts.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { combine as shamirCombine, split as shamirSplit } from "shamir-secret-sharing";
import { KilnError } from "../core/errors.ts";
import { type AgeIdentity, unwrapDataKey, wrapDataKey } from "./age.ts";
import {
  CipherError,
  decryptScalar,
  encryptScalar,
  encryptText,
  formatFloatF as formatFloatText,
  isEncryptedValue,
} from "./cipher.ts";
import { type EncryptionOptions, shouldEncrypt } from "./config.ts";
import { emitSopsDotenv, flatten, parseSopsDotenv, unflatten } from "./dotenv-store.ts";
import { emitSopsJson, parseSopsJson } from "./json-store.ts";
import { goRegexp } from "./regexp.ts";
import {
  formatPath,
  leaves,
  mapLeaves,
  type PathSegment,
  SopsMap,
  type SopsScalar,
  type SopsValue,
} from "./tree.ts";
import { emitSopsYaml, parseSopsYaml } from "./yaml-store.ts";

/** The sops version kiln writes into metadata (the one it is tested against). */
export const SOPS_VERSION = "3.13.2";

export type SopsFormat = "yaml" | "json" | "dotenv";

/** The format sops picks from a file name (`.json`, `.env`, else YAML for `.yaml`/`.yml`). */
export function formatOf(file: string, override?: string): SopsFormat {
  const f =
    override ??
    (/\.json$/i.test(file) ? "json" : /\.env$/i.test(file) ? "dotenv" : /\.ya?ml$/i.test(file) ? "yaml" : "");
  if (f === "yaml" || f === "json" || f === "dotenv") return f;
  throw new KilnError(
    override
      ? `unsupported format ${JSON.stringify(override)} (yaml, json or dotenv)`
      : "cannot tell the format from the file name (.yaml, .yml, .json, .env); pass --input-type",
    { file },
  );
}

/** One age recipient and the data key encrypted to it. */
export interface AgeEntry {
  recipient: string;
  enc: string;
}

/** The `sops` block of an encrypted file. */
export interface SopsMetadata extends EncryptionOptions {
  /** The recipients of the data key (with one key group, as sops writes it: flat). */
  age: AgeEntry[];
  /**
   * Several key groups (Shamir secret sharing, sops' `key_groups` and `shamir_threshold`): each
   * group's entries hold one share of the data key; `threshold` groups recover it.
   */
  keyGroups?: { groups: AgeEntry[][]; threshold: number };
  lastmodified: string;
  mac: string;
  version: string;
}

/** A decrypted file: plaintext documents, the data key and the metadata they came with. */
export interface OpenedFile {
  format: SopsFormat;
  docs: SopsMap[];
  dataKey: Uint8Array;
  metadata: SopsMetadata;
}

export interface EncryptOptions extends EncryptionOptions {
  /** File name, for messages and the format. */
  file: string;
  format?: SopsFormat;
  /** age recipients (`age1…`); at least one. */
  recipients: readonly string[];
  /** Several key groups instead of `recipients`: the data key is split among them (Shamir). */
  keyGroups?: { groups: readonly (readonly string[])[]; threshold: number };
  /** lastmodified; defaults to now. */
  now?: Date;
}

export interface OpenOptions {
  file: string;
  format?: SopsFormat;
  identities: readonly AgeIdentity[];
}

/** The MAC's seed when only encrypted values count (sops.go MACOnlyEncryptedInitialization). */
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from(
  "8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69",
  "hex",
);

function checkOptions(o: EncryptionOptions, file: string): EncryptionOptions {
  const set = [o.unencryptedSuffix, o.encryptedSuffix, o.unencryptedRegex, o.encryptedRegex].filter(
    (x) => x !== undefined && x !== "",
  );
  if (set.length > 1)
    throw new KilnError(
      "use only one of unencrypted_suffix, encrypted_suffix, unencrypted_regex, encrypted_regex",
      { file },
    );
  for (const re of [o.unencryptedRegex, o.encryptedRegex])
    if (re)
      try {
        goRegexp(re);
      } catch (e) {
        throw new KilnError(
          `not a valid regular expression (Go RE2 syntax): ${JSON.stringify(re)}: ${(e as Error).message}`,
          { file },
        );
      }
  const out: EncryptionOptions = set.length ? { ...o } : { ...o, unencryptedSuffix: "_unencrypted" };
  for (const k of Object.keys(out) as Array<keyof EncryptionOptions>)
    if (out[k] === undefined || out[k] === "") delete out[k];
  if (!out.macOnlyEncrypted) delete out.macOnlyEncrypted;
  return out;
}

export { shouldEncrypt };

/** True when a file's metadata holds exactly the options `o` would write (after sops' defaults). */
export function optionsMatch(m: EncryptionOptions, o: EncryptionOptions): boolean {
  const want = checkOptions(o, "");
  const keys = ["unencryptedSuffix", "encryptedSuffix", "unencryptedRegex", "encryptedRegex"] as const;
  return (
    keys.every((k) => (m[k] ?? "") === (want[k] ?? "")) && !!m.macOnlyEncrypted === !!want.macOnlyEncrypted
  );
}

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

// ---------------------------------------------------------------------------------------------
// Reading and writing the stores

/** Plaintext documents of a file in `format`. */
export function parsePlain(text: string, file: string, format: SopsFormat): SopsMap[] {
  let docs: SopsValue[];
  if (format === "json") docs = [parseSopsJson(text, file)];
  else if (format === "dotenv") docs = [parseSopsDotenv(text, file)];
  else docs = parseSopsYaml(text, file);
  docs.forEach((d, i) => {
    if (!(d instanceof SopsMap))
      throw new KilnError(`document ${i + 1} is not a map: sops files hold maps at the top`, { file });
  });
  return docs as SopsMap[];
}

/** Text of plaintext documents, as `sops -d` writes it. */
export function emitPlain(docs: readonly SopsMap[], format: SopsFormat, file?: string): string {
  if (format === "json") return emitSopsJson(docs[0] ?? new SopsMap());
  if (format === "dotenv") return emitSopsDotenv(docs[0] ?? new SopsMap(), file);
  return emitSopsYaml(docs);
}

const META_KEYS: Array<[Exclude<keyof EncryptionOptions, "macOnlyEncrypted">, string]> = [
  ["unencryptedSuffix", "unencrypted_suffix"],
  ["encryptedSuffix", "encrypted_suffix"],
  ["unencryptedRegex", "unencrypted_regex"],
  ["encryptedRegex", "encrypted_regex"],
];

/** The `sops` block as a tree, keys sorted as sops writes them. */
function metadataTree(m: SopsMetadata): SopsMap {
  const entries = (list: readonly AgeEntry[]) =>
    list.map(
      (a) =>
        new SopsMap([
          ["enc", a.enc],
          ["recipient", a.recipient],
        ]),
    );
  const items: Array<[string, SopsValue]> = [
    ...(m.keyGroups
      ? ([
          // sops writes each group's (empty) hc_vault list too.
          [
            "key_groups",
            m.keyGroups.groups.map(
              (g) =>
                new SopsMap([
                  ["age", entries(g)],
                  ["hc_vault", []],
                ]),
            ),
          ],
          ["shamir_threshold", m.keyGroups.threshold],
        ] as Array<[string, SopsValue]>)
      : ([["age", entries(m.age)]] as Array<[string, SopsValue]>)),
    ["lastmodified", m.lastmodified],
    ["mac", m.mac],
    ["version", m.version],
  ];
  for (const [k, name] of META_KEYS) if (m[k]) items.push([name, m[k] as string]);
  if (m.macOnlyEncrypted) items.push(["mac_only_encrypted", true]);
  items.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new SopsMap(items);
}

/** Encrypted documents and metadata as file text. */
export function emitEncrypted(
  docs: readonly SopsMap[],
  m: SopsMetadata,
  format: SopsFormat,
  file?: string,
): string {
  const meta = metadataTree(m);
  if (format === "dotenv") {
    const flat = new SopsMap();
    for (const [k, v] of meta.items) flatten(`sops_${k}`, v, flat);
    flat.items.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const doc = docs[0] ?? new SopsMap();
    return emitSopsDotenv(
      new SopsMap([
        ...doc.items,
        ...flat.items.map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v] as [string, SopsValue]),
      ]),
      file,
    );
  }
  const withMeta = docs.map((d) => new SopsMap([...d.items.filter(([k]) => k !== "sops"), ["sops", meta]]));
  return format === "json" ? emitSopsJson(withMeta[0] ?? new SopsMap()) : emitSopsYaml(withMeta);
}

/** Splits an encrypted file into documents and its `sops` metadata. */
export function parseEncrypted(
  text: string,
  file: string,
  format: SopsFormat,
): { docs: SopsMap[]; metadata: SopsMetadata } {
  const docs = parsePlain(text, file, format);
  let raw: SopsValue | undefined;
  const bodies = docs.map((d) => {
    if (format === "dotenv") {
      const meta = d.items.filter(([k]) => k.startsWith("sops_"));
      if (meta.length) raw = unflatten(meta.map(([k, v]) => [k.slice(5), String(v)]));
      return new SopsMap(d.items.filter(([k]) => !k.startsWith("sops_")));
    }
    raw ??= d.get("sops");
    return new SopsMap(d.items.filter(([k]) => k !== "sops"));
  });
  if (!(raw instanceof SopsMap)) throw new KilnError("not a sops-encrypted file: no sops metadata", { file });
  return { docs: bodies, metadata: readMetadata(raw, file) };
}

function readMetadata(raw: SopsMap, file: string): SopsMetadata {
  const where = (p: string) => ({ file, path: `sops.${p}` });
  const str = (k: string) => {
    const v = raw.get(k);
    return v === undefined || v === null ? undefined : String(v);
  };
  if (raw.get("key_groups") !== undefined && !Array.isArray(raw.get("key_groups")))
    throw new KilnError("key_groups must be a list", where("key_groups"));
  for (const k of ["unencrypted_comment_regex", "encrypted_comment_regex"])
    if (raw.get(k) !== undefined) throw new KilnError(`${k} is not supported by kiln`, where(k));
  const ageList = (v: SopsValue | undefined): AgeEntry[] =>
    Array.isArray(v)
      ? v.map((e, i) => {
          const recipient = e instanceof SopsMap ? e.get("recipient") : undefined;
          const enc = e instanceof SopsMap ? e.get("enc") : undefined;
          if (typeof recipient !== "string" || typeof enc !== "string")
            throw new KilnError("an age entry needs recipient and enc", where(`age[${i}]`));
          return { recipient, enc };
        })
      : [];
  const groups = (raw.get("key_groups") ?? []) as SopsValue[];
  const groupLists = groups.map((g, i) => {
    if (!(g instanceof SopsMap)) throw new KilnError("a key group must be a map", where(`key_groups[${i}]`));
    return ageList(g.get("age"));
  });
  const age = [...ageList(raw.get("age")), ...(groupLists.length === 1 ? groupLists[0]! : [])];
  const lastmodified = str("lastmodified");
  if (!lastmodified) throw new KilnError("sops metadata has no lastmodified", where("lastmodified"));
  const mac = str("mac") ?? "";
  const m: SopsMetadata = { age, lastmodified, mac, version: str("version") ?? "" };
  if (groupLists.length > 1) {
    const t = raw.get("shamir_threshold");
    const threshold = t === undefined || t === null ? groupLists.length : Number(t);
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > groupLists.length)
      throw new KilnError(
        `shamir_threshold must be a whole number from 1 to ${groupLists.length}`,
        where("shamir_threshold"),
      );
    m.keyGroups = { groups: groupLists, threshold };
  }
  for (const [k, name] of META_KEYS) {
    const v = str(name);
    if (v) m[k] = v;
  }
  const macOnly = raw.get("mac_only_encrypted");
  if (macOnly === true || macOnly === "true") m.macOnlyEncrypted = true;
  return m;
}

// ---------------------------------------------------------------------------------------------
// The walk

interface Walked {
  docs: SopsMap[];
  mac: string;
}

/** Encrypts every value sops would, hashing as sops does. `reuse` may return an existing
 * ciphertext for a leaf (stable re-encryption). */
function encryptDocs(
  docs: readonly SopsMap[],
  key: Uint8Array,
  o: EncryptionOptions,
  reuse?: (v: SopsScalar, path: PathSegment[], docIndex: number) => string | undefined,
): Walked {
  const hash = createHash("sha512");
  if (o.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);
  const out = docs.map(
    (doc, d) =>
      mapLeaves(doc, (v, keys, path) => {
        if (v === null) return null;
        const enc = shouldEncrypt(keys, o);
        if (!o.macOnlyEncrypted || enc) hash.update(leafBytes(v));
        if (!enc) return v;
        return reuse?.(v, path, d) ?? encryptScalar(v, key, `${keys.join(":")}:`);
      }) as SopsMap,
  );
  return { docs: out, mac: hash.digest("hex").toUpperCase() };
}

function leafBytes(v: Exclude<SopsScalar, null>): Buffer {
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (typeof v === "bigint") return Buffer.from(v.toString());
  if (typeof v === "boolean") return Buffer.from(v ? "True" : "False");
  return Buffer.from(formatFloatText(v));
}

function decryptDocs(docs: readonly SopsMap[], key: Uint8Array, o: EncryptionOptions, file: string): Walked {
  const hash = createHash("sha512");
  if (o.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);
  const out = docs.map(
    (doc) =>
      mapLeaves(doc, (v, keys, path) => {
        if (v === null) return null;
        const enc = shouldEncrypt(keys, o);
        let plain: Exclude<SopsScalar, null> = v;
        if (enc) {
          if (typeof v !== "string")
            throw new KilnError("value should be encrypted but is not a string", {
              file,
              path: formatPath(path),
            });
          try {
            plain = decryptScalar(v, key, `${keys.join(":")}:`) as Exclude<SopsScalar, null>;
          } catch (e) {
            if (e instanceof CipherError)
              throw new KilnError(`cannot decrypt value: ${e.message}`, { file, path: formatPath(path) });
            throw e;
          }
        }
        if (!o.macOnlyEncrypted || enc) hash.update(leafBytes(plain));
        return plain;
      }) as SopsMap,
  );
  return { docs: out, mac: hash.digest("hex").toUpperCase() };
}

// ---------------------------------------------------------------------------------------------
// Operations

async function wrapAll(
  dataKey: Uint8Array,
  recipients: readonly string[],
  file: string,
): Promise<AgeEntry[]> {
  if (recipients.length === 0)
    throw new KilnError("no age recipients: pass --age or add a creation rule with age keys to .sops.yaml", {
      file,
    });
  const out: AgeEntry[] = [];
  for (const r of recipients) out.push({ recipient: r, enc: await wrapDataKey(dataKey, r) });
  return out;
}

/**
 * The data key for the file's recipients: wrapped for each, or with several key groups split
 * into one Shamir share per group (HashiCorp Vault's scheme, which sops uses: the share's last
 * byte is its x coordinate; shamir-secret-sharing is a port of it), each share wrapped for its
 * group's recipients.
 */
async function wrapForGroups(
  dataKey: Uint8Array,
  opts: Pick<EncryptOptions, "recipients" | "keyGroups" | "file">,
): Promise<Pick<SopsMetadata, "age" | "keyGroups">> {
  const kg = opts.keyGroups;
  if (!kg || kg.groups.length < 2)
    return { age: await wrapAll(dataKey, kg?.groups[0] ?? opts.recipients, opts.file) };
  // Vault's Split needs a threshold of at least 2; with 1, every group holds the whole key.
  const shares =
    kg.threshold < 2
      ? kg.groups.map(() => dataKey)
      : await shamirSplit(Uint8Array.from(dataKey), kg.groups.length, kg.threshold);
  const groups: AgeEntry[][] = [];
  for (const [i, g] of kg.groups.entries()) groups.push(await wrapAll(shares[i]!, g, opts.file));
  return { age: [], keyGroups: { groups, threshold: kg.threshold } };
}

function assertNotEncrypted(docs: readonly SopsMap[], file: string, format: SopsFormat): void {
  const has = docs.some((d) =>
    format === "dotenv" ? d.items.some(([k]) => k.startsWith("sops_")) : d.get("sops") !== undefined,
  );
  if (has) throw new KilnError("the file already has sops metadata (it is encrypted already)", { file });
}

/** Encrypts plaintext documents for `recipients`; the text of the encrypted file. */
export async function encryptDocuments(docs: readonly SopsMap[], opts: EncryptOptions): Promise<string> {
  const format = opts.format ?? formatOf(opts.file);
  assertNotEncrypted(docs, opts.file, format);
  const o = checkOptions(opts, opts.file);
  const dataKey = randomBytes(32);
  const keys = await wrapForGroups(dataKey, opts);
  const lastmodified = rfc3339(opts.now ?? new Date());
  const walked = encryptDocs(docs, dataKey, o);
  const mac = encryptText(walked.mac, "str", dataKey, lastmodified);
  return emitEncrypted(
    walked.docs,
    { ...o, ...keys, lastmodified, mac, version: SOPS_VERSION },
    format,
    opts.file,
  );
}

/** Encrypts a plaintext file's text (`sops -e`). */
export async function encryptFileText(text: string, opts: EncryptOptions): Promise<string> {
  const format = opts.format ?? formatOf(opts.file);
  return encryptDocuments(parsePlain(text, opts.file, format), { ...opts, format });
}

/**
 * None of the identities at hand opens the file's data key: the file may be sound, it just cannot
 * be checked here (a KilnError like any other to the CLI).
 */
export class NoIdentityForFileError extends KilnError {}

/** The data key, from the first age entry one of `identities` opens (or the groups' shares). */
async function dataKeyOf(
  m: SopsMetadata,
  identities: readonly AgeIdentity[],
  file: string,
): Promise<Uint8Array> {
  if (m.keyGroups) return await dataKeyOfGroups(m.keyGroups, identities, file);
  if (m.age.length === 0)
    throw new NoIdentityForFileError("the file has no age recipients (other key types are not supported)", {
      file,
    });
  if (identities.length === 0)
    throw new KilnError(
      "no age identity found: set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or put keys in $XDG_CONFIG_HOME/sops/age/keys.txt",
      { file },
    );
  for (const a of m.age) {
    const key = await unwrapDataKey(a.enc, identities);
    if (key) return key;
  }
  throw new NoIdentityForFileError(
    `none of the ${identities.length} age identities found can decrypt the data key (recipients: ${m.age.map((a) => a.recipient).join(", ")})`,
    { file },
  );
}

async function dataKeyOfGroups(
  kg: NonNullable<SopsMetadata["keyGroups"]>,
  identities: readonly AgeIdentity[],
  file: string,
): Promise<Uint8Array> {
  if (identities.length === 0)
    throw new KilnError(
      "no age identity found: set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or put keys in $XDG_CONFIG_HOME/sops/age/keys.txt",
      { file },
    );
  const shares: Uint8Array[] = [];
  for (const group of kg.groups) {
    for (const a of group) {
      const share = await unwrapDataKey(a.enc, identities, kg.threshold < 2 ? 32 : 33);
      if (share) {
        shares.push(share);
        break;
      }
    }
    if (shares.length === kg.threshold) break;
  }
  if (shares.length < kg.threshold)
    throw new NoIdentityForFileError(
      `the file was encrypted with a Shamir threshold of ${kg.threshold}, but the age identities found open ${shares.length} of its ${kg.groups.length} key groups`,
      { file },
    );
  return kg.threshold < 2 ? shares[0]! : await shamirCombine(shares.map((x) => Uint8Array.from(x)));
}

/**
 * Decrypts an encrypted file's text and verifies its MAC. A tampered value, a reordered document,
 * a missing or stripped MAC, or a MAC that does not match is a KilnError naming the file.
 */
export async function openEncrypted(text: string, opts: OpenOptions): Promise<OpenedFile> {
  const format = opts.format ?? formatOf(opts.file);
  const { docs, metadata } = parseEncrypted(text, opts.file, format);
  const dataKey = await dataKeyOf(metadata, opts.identities, opts.file);
  const walked = decryptDocs(docs, dataKey, metadata, opts.file);
  if (!metadata.mac)
    throw new KilnError("the file has no MAC (sops.mac is missing or empty): refusing to trust it", {
      file: opts.file,
      path: "sops.mac",
    });
  let stored: SopsScalar;
  try {
    stored = decryptScalar(metadata.mac, dataKey, metadata.lastmodified);
  } catch {
    throw new KilnError("the MAC cannot be decrypted (tampered MAC or lastmodified)", {
      file: opts.file,
      path: "sops.mac",
    });
  }
  const a = Buffer.from(String(stored));
  const b = Buffer.from(walked.mac);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new KilnError(
      "MAC mismatch: the file was changed after it was encrypted (values, order or options)",
      {
        file: opts.file,
        path: "sops.mac",
      },
    );
  return { format, docs: walked.docs, dataKey, metadata };
}

/** `sops -d`: the plaintext text of an encrypted file, MAC verified. */
export async function decryptFileText(text: string, opts: OpenOptions): Promise<string> {
  const opened = await openEncrypted(text, opts);
  return emitPlain(opened.docs, opened.format, opts.file);
}

/**
 * `sops updatekeys`: the same data key, values and MAC, wrapped for exactly `recipients`. Entries
 * for recipients that stay keep their `enc` text.
 */
export async function updateKeys(
  text: string,
  opts: OpenOptions & { recipients: readonly string[]; keyGroups?: EncryptOptions["keyGroups"] },
): Promise<string> {
  const opened = await openEncrypted(text, opts);
  const { docs } = parseEncrypted(text, opts.file, opened.format);
  // Key groups (asked for, or in the file): the data key is split anew among the groups.
  if (opts.keyGroups || opened.metadata.keyGroups) {
    const { keyGroups: _k, ...rest } = opened.metadata;
    const keys = await wrapForGroups(opened.dataKey, {
      recipients: opts.recipients,
      ...(opts.keyGroups ? { keyGroups: opts.keyGroups } : {}),
      file: opts.file,
    });
    return emitEncrypted(docs, { ...rest, ...keys }, opened.format, opts.file);
  }
  const keep = new Map(opened.metadata.age.map((a) => [a.recipient, a.enc]));
  if (opts.recipients.length === 0)
    throw new KilnError("no age recipients for the file", { file: opts.file });
  const age: AgeEntry[] = [];
  for (const r of opts.recipients)
    age.push({ recipient: r, enc: keep.get(r) ?? (await wrapDataKey(opened.dataKey, r)) });
  return emitEncrypted(docs, { ...opened.metadata, age }, opened.format, opts.file);
}

/** `sops rotate`: a new data key, every value re-encrypted, a new MAC; recipients kept unless given. */
export async function rotate(
  text: string,
  opts: OpenOptions & { recipients?: readonly string[]; now?: Date },
): Promise<string> {
  const opened = await openEncrypted(text, opts);
  const recipients = opts.recipients ?? opened.metadata.age.map((a) => a.recipient);
  const { age: _a, lastmodified: _l, mac: _m, version: _v, keyGroups: kg, ...o } = opened.metadata;
  return encryptDocuments(opened.docs, {
    ...o,
    ...(kg && !opts.recipients
      ? { keyGroups: { groups: kg.groups.map((g) => g.map((a) => a.recipient)), threshold: kg.threshold } }
      : {}),
    file: opts.file,
    format: opened.format,
    recipients,
    now: opts.now,
  });
}

const sameScalar = (a: SopsScalar, b: SopsScalar) =>
  typeof a === typeof b && (a === b || (Number.isNaN(a) && Number.isNaN(b)));
const pathKey = (d: number, p: readonly PathSegment[]) => JSON.stringify([d, ...p]);

/**
 * Stable ciphertext: encrypts `docs` (new plaintext) keeping, for every value whose plaintext and
 * path are unchanged since `previous` (the earlier encrypted text), its existing `ENC[…]` text.
 * The data key, recipients' `enc` and options of `previous` are reused; when nothing changed at all
 * the result is byte-identical to `previous` (lastmodified and MAC kept), otherwise lastmodified
 * is `now` and the MAC is recomputed. Recipients that are added or removed are re-wrapped.
 */
export async function reencryptStable(
  previous: string,
  docs: readonly SopsMap[],
  opts: OpenOptions & { recipients?: readonly string[]; now?: Date },
): Promise<string> {
  const old = await openEncrypted(previous, opts);
  const { docs: oldEnc } = parseEncrypted(previous, opts.file, old.format);
  const plainAt = new Map<string, SopsScalar>();
  const encAt = new Map<string, SopsScalar>();
  for (const [i, d] of old.docs.entries()) for (const [v, p] of leaves(d)) plainAt.set(pathKey(i, p), v);
  for (const [i, d] of oldEnc.entries()) for (const [v, p] of leaves(d)) encAt.set(pathKey(i, p), v);
  const { age: oldAge, lastmodified, mac: _m, version: _v, ...o } = old.metadata;
  let reused = 0;
  let seen = 0;
  const walked = encryptDocs(docs, old.dataKey, o, (v, p, d) => {
    seen++;
    const k = pathKey(d, p);
    const before = plainAt.get(k);
    const enc = encAt.get(k);
    if (before !== undefined && sameScalar(before, v) && typeof enc === "string" && isEncryptedValue(enc)) {
      reused++;
      return enc;
    }
    return undefined;
  });
  const recipients = opts.recipients ?? oldAge.map((a) => a.recipient);
  const keep = new Map(oldAge.map((a) => [a.recipient, a.enc]));
  const age: AgeEntry[] = [];
  for (const r of recipients)
    age.push({ recipient: r, enc: keep.get(r) ?? (await wrapDataKey(old.dataKey, r)) });
  const unchanged =
    reused === seen && walked.mac === decryptScalar(old.metadata.mac, old.dataKey, lastmodified);
  const when = unchanged ? lastmodified : rfc3339(opts.now ?? new Date());
  const mac = unchanged ? old.metadata.mac : encryptText(walked.mac, "str", old.dataKey, when);
  return emitEncrypted(
    walked.docs,
    { ...o, age, lastmodified: when, mac, version: old.metadata.version || SOPS_VERSION },
    old.format,
    opts.file,
  );
}

/** Which keys differ between two encrypted versions of a file: paths only, never values. */
export interface KeyChanges {
  added: string[];
  removed: string[];
  changed: string[];
  /** True when plaintexts were compared (identities given), false when only ciphertexts were. */
  decrypted: boolean;
}

/**
 * The keys that differ between `before` and `after` (two encrypted texts of one file). With
 * identities both are decrypted (MACs verified) and plaintexts compared; without, ciphertexts
 * are compared, which is exact for files written by {@link reencryptStable} and over-reports for
 * files sops re-encrypted.
 */
export async function changedKeys(
  before: string,
  after: string,
  opts: { file: string; format?: SopsFormat; identities?: readonly AgeIdentity[] },
): Promise<KeyChanges> {
  const format = opts.format ?? formatOf(opts.file);
  const decrypted = (opts.identities?.length ?? 0) > 0;
  const leavesOf = async (text: string) => {
    const docs = decrypted
      ? (await openEncrypted(text, { file: opts.file, format, identities: opts.identities ?? [] })).docs
      : parseEncrypted(text, opts.file, format).docs;
    const m = new Map<string, SopsScalar>();
    for (const [i, d] of docs.entries())
      for (const [v, p] of leaves(d)) m.set((docs.length > 1 ? `[doc ${i}] ` : "") + formatPath(p), v);
    return m;
  };
  const a = await leavesOf(before);
  const b = await leavesOf(after);
  const added = [...b.keys()].filter((k) => !a.has(k)).sort();
  const removed = [...a.keys()].filter((k) => !b.has(k)).sort();
  const changed = [...a.keys()]
    .filter((k) => b.has(k) && !sameScalar(a.get(k) as SopsScalar, b.get(k) as SopsScalar))
    .sort();
  return { added, removed, changed, decrypted };
}

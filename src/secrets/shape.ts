/**
 * Is a document what sops writes? Checked without the data key, on the plain value a YAML or
 * JSON reader gives: the `sops` block (a MAC of the form sops writes, lastmodified, version, at
 * least one recipient, at most one encryption option) and every value sops would have encrypted
 * under that option being an `ENC[…]` of the right form. `kiln validate` and `kiln scan` use it
 * to tell an encrypted manifest from one that only carries a `sops:` key; decrypting and checking
 * the MAC itself is `openEncrypted` (sops.ts), which needs an identity.
 */
import { isObject } from "../core/object.ts";
import { encryptedParts, isEncryptedValue } from "./cipher.ts";
import { type EncryptionOptions, shouldEncrypt } from "./config.ts";

/** age's X25519 recipients, plugin recipients (age1yubikey1…), and SSH keys (sops ≥ 3.10). */
const AGE_RECIPIENT =
  /^(age1[0-9a-z]{58}|age1[a-z0-9]+1[0-9a-z]+|(ssh-ed25519|ssh-rsa) [A-Za-z0-9+/]+=*( .*)?)$/;

/** One reason a document is not a well-formed sops document. Never quotes a value. */
export interface ShapeProblem {
  /** Path inside the document (map keys and list indices). */
  path: Array<string | number>;
  message: string;
}

/** True when the document has a top-level `sops` map (it claims to be sops-encrypted). */
export function hasSopsMetadata(doc: unknown): boolean {
  return isObject(doc) && isObject(doc.sops);
}

/** True for a value that looks like sops ciphertext (opaque to schema checks and scanners). */
export const isOpaqueValue = isEncryptedValue;

/** The MAC is the uppercase hex SHA-512 (128 characters), encrypted as a `str`. */
const MAC_BYTES = 128;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const VERSION = /^\d+\.\d+(\.\d+)?([-+.][0-9A-Za-z.-]+)?$/;
const AGE_ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----";
/** sops' key sources: each entry carries the data key encrypted to it as `enc`. */
const KEY_SOURCES = ["age", "pgp", "kms", "gcp_kms", "azure_kv", "hc_vault"] as const;
const OPTIONS: Array<[keyof EncryptionOptions, string]> = [
  ["unencryptedSuffix", "unencrypted_suffix"],
  ["encryptedSuffix", "encrypted_suffix"],
  ["unencryptedRegex", "unencrypted_regex"],
  ["encryptedRegex", "encrypted_regex"],
];

/** Recipients with a wrapped data key in one group (the `sops` block or a key group). */
function recipients(group: Record<string, unknown>, at: Array<string | number>, out: ShapeProblem[]): number {
  let n = 0;
  for (const source of KEY_SOURCES) {
    const list = group[source];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      out.push({ path: [...at, source], message: `sops.${source} must be a list` });
      continue;
    }
    list.forEach((e, i) => {
      const p = [...at, source, i];
      if (!isObject(e) || typeof e.enc !== "string" || e.enc === "") {
        out.push({ path: p, message: "a recipient entry needs its encrypted data key (enc)" });
        return;
      }
      if (source === "age") {
        if (typeof e.recipient !== "string" || !AGE_RECIPIENT.test(e.recipient))
          out.push({
            path: [...p, "recipient"],
            message: "not an age recipient (age1…, age1<plugin>1…, ssh-ed25519 or ssh-rsa)",
          });
        else if (!e.enc.includes(AGE_ARMOR))
          out.push({ path: [...p, "enc"], message: "the data key is not an armored age file" });
        else n++;
      } else n++;
    });
  }
  return n;
}

/** The encryption options of a `sops` block (sops' defaults when none is set). */
function optionsOf(sops: Record<string, unknown>, out: ShapeProblem[]): EncryptionOptions | undefined {
  const o: EncryptionOptions = {};
  const set = OPTIONS.filter(
    ([, name]) => sops[name] !== undefined && sops[name] !== null && sops[name] !== "",
  );
  if (set.length > 1) {
    out.push({
      path: ["sops", set[1]![1]],
      message: `sops metadata sets ${set.map(([, n]) => n).join(" and ")}; sops writes only one`,
    });
    return undefined;
  }
  for (const [key, name] of set) {
    const v = sops[name];
    if (typeof v !== "string") {
      out.push({ path: ["sops", name], message: `sops.${name} must be a string` });
      return undefined;
    }
    if (key.endsWith("Regex"))
      try {
        new RegExp(v);
      } catch {
        out.push({ path: ["sops", name], message: `sops.${name} is not a valid regular expression` });
        return undefined;
      }
    (o as Record<string, string>)[key] = v;
  }
  return o;
}

/**
 * What keeps `doc` from being a well-formed sops document (empty: it is one). A document without
 * a `sops` map gives one problem at `sops`. The MAC's form is checked, not its value.
 */
export function sopsShapeProblems(doc: unknown): ShapeProblem[] {
  if (!isObject(doc) || !isObject(doc.sops))
    return [{ path: ["sops"], message: "no sops metadata (the document is not SOPS-encrypted)" }];
  const sops = doc.sops;
  const out: ShapeProblem[] = [];
  const mac = sops.mac;
  const parts = typeof mac === "string" ? encryptedParts(mac) : undefined;
  if (parts?.type !== "str" || parts.data.length !== MAC_BYTES)
    out.push({
      path: ["sops", "mac"],
      message:
        mac === undefined || mac === null || mac === ""
          ? "sops metadata has no MAC"
          : "not a MAC as sops writes it (ENC[AES256_GCM,…] of a SHA-512 digest): forged or damaged",
    });
  if (typeof sops.lastmodified !== "string" || !RFC3339.test(sops.lastmodified))
    out.push({ path: ["sops", "lastmodified"], message: "must be an RFC 3339 time" });
  const version = typeof sops.version === "number" ? String(sops.version) : sops.version;
  if (typeof version !== "string" || !VERSION.test(version))
    out.push({ path: ["sops", "version"], message: "must be a version such as 3.13.2" });
  let n = recipients(sops, ["sops"], out);
  const groups = sops.key_groups;
  if (Array.isArray(groups))
    groups.forEach((g, i) => {
      if (isObject(g)) n += recipients(g, ["sops", "key_groups", i], out);
    });
  if (n === 0 && !out.some((p) => KEY_SOURCES.includes(p.path[1] as (typeof KEY_SOURCES)[number])))
    out.push({
      path: ["sops"],
      message: "sops metadata has no recipient (age, pgp, kms…) holding the data key",
    });
  const options = optionsOf(sops, out);
  if (options) plaintextLeaves(doc, options, out);
  return out;
}

/** Leaves sops would have encrypted under `o` that are not `ENC[…]` (nulls and "" stay plain). */
function plaintextLeaves(doc: Record<string, unknown>, o: EncryptionOptions, out: ShapeProblem[]): void {
  const why = OPTIONS.find(([k]) => o[k] !== undefined);
  const rule = why ? `${why[1]} ${JSON.stringify(o[why[0]])}` : "no encryption option: every value";
  const walk = (v: unknown, keys: string[], path: Array<string | number>): void => {
    if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, keys, [...path, i]);
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...keys, k], [...path, k]);
    else if (v !== null && v !== "" && shouldEncrypt(keys, o)) {
      if (typeof v !== "string" || !isEncryptedValue(v))
        out.push({ path, message: `plaintext value where sops encrypts (${rule})` });
      else if (!encryptedParts(v))
        out.push({ path, message: "not an ENC[AES256_GCM,…] value as sops writes it" });
    }
  };
  for (const [k, v] of Object.entries(doc)) if (k !== "sops") walk(v, [k], [k]);
}

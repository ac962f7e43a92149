/**
 * sops' value cipher (aes/cipher.go) and MAC bytes (sops.go ToBytes), on node:crypto.
 * AES-256-GCM with a 32-byte IV; the value text is
 * `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<t>]`; the AAD is the key path joined with
 * `:` plus a trailing `:`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SopsScalar } from "./tree.ts";

const ENC = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

/** True for a value sops wrote encrypted. */
export function isEncryptedValue(v: unknown): v is string {
  return typeof v === "string" && ENC.test(v);
}

const B64 = "[A-Za-z0-9+/]*={0,2}";
const ENC_STRICT = new RegExp(`^ENC\\[AES256_GCM,data:(${B64}),iv:(${B64}),tag:(${B64}),type:([a-z]+)\\]$`);
const TYPES = new Set(["str", "int", "float", "bool", "bytes", "time", "comment"]);

/** The decoded parts of an `ENC[…]` value. */
export interface EncryptedParts {
  data: Buffer;
  iv: Buffer;
  tag: Buffer;
  type: string;
}

/**
 * The parts of an `ENC[…]` value when it has exactly the form sops writes (canonical base64,
 * 32-byte IV, 16-byte GCM tag, a known type), else undefined. Form only: authenticity needs the
 * data key (decryptScalar).
 */
export function encryptedParts(value: string): EncryptedParts | undefined {
  const m = ENC_STRICT.exec(value);
  if (!m) return undefined;
  const [, data, iv, tag, type] = m as unknown as [string, string, string, string, string];
  const dec = (s: string) => {
    const b = Buffer.from(s, "base64");
    return b.toString("base64") === s ? b : undefined;
  };
  const parts = { data: dec(data), iv: dec(iv), tag: dec(tag), type };
  if (!parts.data || parts.iv?.length !== 32 || parts.tag?.length !== 16 || !TYPES.has(type))
    return undefined;
  return parts as EncryptedParts;
}

/**
 * Go's strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent. sops feeds floats
 * through it for the MAC and the ciphertext, so kiln must produce the same bytes.
 */
export function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  const s = Object.is(f, -0) ? "-0" : String(f);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = "", expText] = m;
  const digits = `${int}${frac}`;
  const point = (int as string).length + Number(expText);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The bytes sops hashes and encrypts for a scalar, with its type tag. */
export function scalarBytes(v: SopsScalar): { text: string; type: string } {
  switch (typeof v) {
    case "string":
      return { text: v, type: "str" };
    case "bigint":
      return { text: v.toString(), type: "int" };
    case "number":
      return { text: formatFloatF(v), type: "float" };
    case "boolean":
      return { text: v ? "True" : "False", type: "bool" };
    default:
      throw new Error("null has no bytes");
  }
}

/** Encrypts one scalar. Empty strings stay empty (as in sops). */
export function encryptScalar(
  v: Exclude<SopsScalar, null>,
  key: Uint8Array,
  aad: string,
  iv?: Uint8Array,
): string {
  if (v === "") return "";
  const { text, type } = scalarBytes(v);
  return encryptText(text, type, key, aad, iv);
}

export function encryptText(
  text: string,
  type: string,
  key: Uint8Array,
  aad: string,
  iv?: Uint8Array,
): string {
  const nonce = iv ?? randomBytes(32);
  const c = createCipheriv("aes-256-gcm", key, nonce);
  c.setAAD(Buffer.from(aad, "utf8"));
  const data = Buffer.concat([c.update(text, "utf8"), c.final()]);
  const tag = c.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString("base64")},iv:${Buffer.from(nonce).toString("base64")},tag:${tag.toString("base64")},type:${type}]`;
}

/** Why a value could not be decrypted; the caller adds file and path. */
export class CipherError extends Error {}

/** Decrypts one `ENC[…]` value to its typed scalar. Throws CipherError (never with the value). */
export function decryptScalar(value: string, key: Uint8Array, aad: string): SopsScalar {
  if (value === "") return "";
  const m = ENC.exec(value);
  if (!m) throw new CipherError("the value is not in sops' ENC[AES256_GCM,…] format");
  const [, data, iv, tag, type] = m as unknown as [string, string, string, string, string];
  let text: string;
  try {
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"), { authTagLength: 16 });
    d.setAAD(Buffer.from(aad, "utf8"));
    d.setAuthTag(Buffer.from(tag, "base64"));
    text = Buffer.concat([d.update(Buffer.from(data, "base64")), d.final()]).toString("utf8");
  } catch {
    throw new CipherError(
      "authentication failed (wrong data key, tampered value, or value moved to another key)",
    );
  }
  switch (type) {
    case "str":
    case "bytes":
    case "time":
      return text;
    case "int":
      if (!/^[+-]?\d+$/.test(text)) throw new CipherError("type:int value is not an integer");
      return BigInt(text);
    case "float": {
      const f = parseGoFloat(text);
      if (f === undefined) throw new CipherError("type:float value is not a number");
      return f;
    }
    case "bool":
      if (/^(1|t|T|TRUE|true|True)$/.test(text)) return true;
      if (/^(0|f|F|FALSE|false|False)$/.test(text)) return false;
      throw new CipherError("type:bool value is not a boolean");
    case "comment":
      return text;
    default:
      throw new CipherError(`unknown value type ${JSON.stringify(type)}`);
  }
}

function parseGoFloat(s: string): number | undefined {
  if (s === "NaN") return Number.NaN;
  if (/^[+]?Inf$/i.test(s)) return Infinity;
  if (/^-Inf$/i.test(s)) return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** The `type:` of an `ENC[…]` value (for comments, which sops leaves out of the MAC). */
export function encryptedType(value: string): string | undefined {
  return ENC.exec(value)?.[4];
}

/**
 * Telling a credential from a value that only sits under a credential's name: secret-like keys,
 * references that name a secret kept elsewhere (`op://`, `${VAR}`, `ref+…`, templates),
 * placeholders, and Shannon entropy for "looks random".
 */
import { createHash } from "node:crypto";
import { isOpaqueValue } from "../secrets/shape.ts";

/** Keys that name a credential (`password`, `clientSecret`, `API_TOKEN`, `privateKey`…). */
const SECRET_KEY =
  /(pass(?:word|wd|phrase)?|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential|auth[_-]?key|bearer|signing[_-]?key|encryption[_-]?key|webhook[_-]?url|dsn|connection[_-]?string)$/i;
/**
 * Keys whose value names a secret rather than holding one: `secretName`, `passwordRef`,
 * `existingSecret`, `tokenFile`, `secretKeyRef`'s `key`, `*_FILE` (Docker secrets), paths, ids.
 */
const REFERENCE_KEY =
  /(ref|refs|name|names|file|path|dir|key|keys|id|ids|url|uri|endpoint|type|mode|length|ttl|expiry|expires|enabled|enable|policy|provider|source|selector|template|format|field|env|namespace|label|annotation|hash|sha|digest|version|rotation|store|class)$/i;
const EXPLICIT_SECRET = /(secret|token|password|passwd|apikey|api[_-]?key|private[_-]?key|access[_-]?key)$/i;

/** True for a key whose value should not be a literal credential. */
export function isSecretKey(key: string): boolean {
  const k = key.replace(/[-_.]/g, "");
  if (/^(existingsecret|secretname|secretref|usesecret|createsecret|secretkeyref|secretstore)$/i.test(k))
    return false;
  if (!SECRET_KEY.test(key) && !SECRET_KEY.test(k)) return false;
  // `apiKey`, `accessKey` end in "key" but hold the credential; `secretKey: password` in a
  // secretKeyRef is excluded above by its parent's shape, not by name.
  if (REFERENCE_KEY.test(key) && !EXPLICIT_SECRET.test(key)) return false;
  return true;
}

/** A value that points at a secret kept elsewhere, or is filled in later. */
const REFERENCE =
  /^(op:\/\/|ref\+|os\.environ\/|env:|vault:|awssm:|awsssm:|gcpsm:|azkv:|sops:\/\/|file:\/\/|secret:\/\/|k8s:\/\/|<path:|!secret\b|!vault\b)|\$\{\{?|\{\{|\$\(|^\$[A-Za-z_][A-Za-z0-9_]*$|^%\{|^<[^>]+>$|^\[\[.*\]\]$/;
/** Words that mark a placeholder, not a credential. */
const PLACEHOLDER =
  /^(changeme|change[_-]?me|example|placeholder|redacted|secret|password|token|xxx+|\*+|\.\.\.|todo|tbd|none|null|nil|true|false|dummy|test|sample|your[_-].*|<.*>|replace[_-]?me)$/i;

/** True when a value is not itself a credential: a reference, a template, a placeholder, ciphertext. */
export function isReference(v: string): boolean {
  const s = v.trim();
  return (
    s === "" ||
    isOpaqueValue(s) ||
    REFERENCE.test(s) ||
    PLACEHOLDER.test(s) ||
    // The name of an environment variable (LiteLLM, Docker, many charts read the value from it).
    /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(s)
  );
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}

/**
 * "Looks random": long enough, one token (no spaces), mixed characters and high entropy. The
 * thresholds are those at which generated passwords and API keys (16+ characters of base62/64 or
 * hex) pass and words, paths, hostnames, versions and durations do not.
 */
export function looksRandom(v: string): boolean {
  const s = v.trim();
  if (s.length < 12 || s.length > 1000 || /\s/.test(s)) return false;
  if (/^[a-z]+([-.][a-z]+)*$/i.test(s)) return false; // words, hostnames
  if (/^(https?:)?\/\/[^:@]*$/.test(s) || /^[./~]/.test(s)) return false; // URLs without userinfo, paths
  if (/^\d+(\.\d+)*[a-z]*$/i.test(s)) return false; // numbers, versions, durations
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*(\(.*\))?[;,]?$/.test(s) && /[.(]/.test(s)) return false; // code: a.b.c, f(x)
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(s)).length;
  const hex = /^[a-f0-9]+$/i.test(s);
  if (hex) return s.length >= 20 && entropy(s) >= 3.0;
  return classes >= 2 && entropy(s) >= 3.5;
}

/** A short, stable fingerprint of a secret for allowlists. Never the secret, nor enough to rebuild it. */
export function fingerprint(rule: string, secret: string): string {
  return createHash("sha256").update(`kiln-scan\0${rule}\0${secret}`).digest("hex").slice(0, 16);
}

/** How a secret is shown: the part that names its format, its length and its fingerprint. */
export function redact(secret: string, shown: string, fp: string): string {
  const head = shown && secret.startsWith(shown) ? shown : "";
  return `${head}…(${[...secret].length} chars, fingerprint ${fp})`;
}

/**
 * age keys as sops uses them (age/keysource.go): the 32-byte data key is age-encrypted to each
 * recipient separately and stored ASCII-armored; identities come from every source sops reads,
 * all of them together: `SOPS_AGE_KEY` (several keys per line allowed), the file named by
 * `SOPS_AGE_KEY_FILE`, and `<user config dir>/sops/age/keys.txt`, where the user config dir is
 * `$XDG_CONFIG_HOME` when set, else Go's os.UserConfigDir() (`~/.config` on Linux,
 * `~/Library/Application Support` on macOS).
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { armor, Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from "age-encryption";
import { KilnError } from "../core/errors.ts";

/** An age X25519 identity, with where it was found (never the key itself in messages). */
export interface AgeIdentity {
  secret: string;
  source: string;
}

/** Where sops looks for the default keys file. */
export function defaultKeysFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  let dir: string | undefined;
  if (xdg) dir = xdg;
  else if (process.platform === "darwin")
    dir = env.HOME ? path.join(env.HOME, "Library", "Application Support") : undefined;
  else if (process.platform === "win32") dir = env.AppData;
  else
    dir = env.HOME
      ? path.join(env.HOME, ".config")
      : os.homedir()
        ? path.join(os.homedir(), ".config")
        : undefined;
  return dir ? path.join(dir, "sops", "age", "keys.txt") : undefined;
}

const SECRET_KEY = /^AGE-SECRET-KEY-1[0-9A-Z]+$/;

function parseIdentities(text: string, source: string, manyPerLine: boolean): AgeIdentity[] {
  const out: AgeIdentity[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    for (const word of manyPerLine ? line.split(/\s+/) : [line]) {
      const where = { file: source, ...(manyPerLine ? {} : { line: i + 1 }) };
      if (!SECRET_KEY.test(word))
        throw new KilnError(`${source}: a line is not an age identity (AGE-SECRET-KEY-1…)`, where);
      try {
        // The shape can match and the Bech32 text still be broken (a letter Bech32 does not use).
        new Decrypter().addIdentity(word);
      } catch {
        throw new KilnError(`${source}: an age identity that does not decode (bad Bech32)`, where);
      }
      out.push({ secret: word, source });
    }
  }
  return out;
}

/** Every identity sops would use, in the environment `env`. */
export function loadIdentities(env: NodeJS.ProcessEnv = process.env): AgeIdentity[] {
  const ids: AgeIdentity[] = [];
  if (env.SOPS_AGE_KEY !== undefined) ids.push(...parseIdentities(env.SOPS_AGE_KEY, "SOPS_AGE_KEY", true));
  const file = env.SOPS_AGE_KEY_FILE;
  if (file !== undefined && file !== "") {
    if (!existsSync(file))
      throw new KilnError("SOPS_AGE_KEY_FILE names a file that does not exist", { file });
    ids.push(...parseIdentities(readFileSync(file, "utf8"), file, false));
  }
  const def = defaultKeysFile(env);
  if (def && existsSync(def)) ids.push(...parseIdentities(readFileSync(def, "utf8"), def, false));
  return ids;
}

/** Encrypts the data key to one recipient: the armored text sops stores as `enc`. */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  if (!/^age1[0-9a-z]+$/.test(recipient))
    throw new KilnError(`not an age X25519 recipient: ${JSON.stringify(recipient.slice(0, 80))}`);
  const e = new Encrypter();
  try {
    e.addRecipient(recipient);
  } catch {
    throw new KilnError(`not a valid age recipient: ${JSON.stringify(recipient.slice(0, 80))}`);
  }
  return armor.encode(await e.encrypt(dataKey));
}

/** Tries every identity on one armored `enc`; the data key, or undefined when none fits. */
export async function unwrapDataKey(
  enc: string,
  identities: readonly AgeIdentity[],
  /** 32: a data key; 33: a key group's Shamir share of one (the key and its x coordinate). */
  size = 32,
): Promise<Uint8Array | undefined> {
  let raw: Uint8Array;
  try {
    raw = armor.decode(enc);
  } catch {
    return undefined;
  }
  for (const id of identities) {
    const d = new Decrypter();
    d.addIdentity(id.secret);
    try {
      const key = await d.decrypt(raw);
      if (key.length === size) return key;
    } catch {
      // Not this identity.
    }
  }
  return undefined;
}

/** A new identity file's text, as age-keygen writes it, and its recipient. */
export async function generateIdentityFile(
  now: Date = new Date(),
): Promise<{ text: string; recipient: string }> {
  const secret = await generateX25519Identity();
  const recipient = await identityToRecipient(secret);
  const created = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return { text: `# created: ${created}\n# public key: ${recipient}\n${secret}\n`, recipient };
}

/** The recipient of an identity. */
export async function recipientOf(id: AgeIdentity): Promise<string> {
  return identityToRecipient(id.secret);
}

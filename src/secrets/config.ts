/**
 * `.sops.yaml` creation rules, found and matched as sops does (config/config.go): the search
 * starts in the working directory and walks up to 100 parents; `.sops.yml` is not read (sops only
 * warns about it); the first rule whose `path_regex` matches the file's absolute path, with the
 * config's folder and a `/` trimmed off the front, wins (a rule without `path_regex` matches all).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import { findUp } from "../core/paths.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import { goRegexp } from "./regexp.ts";

/** How values are chosen for encryption (sops' names, camel-cased). At most one is set. */
export interface EncryptionOptions {
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: string;
  encryptedRegex?: string;
  /** Only encrypted values count toward the MAC (Flux's usual setting with encrypted_regex). */
  macOnlyEncrypted?: boolean;
}

/** sops' shouldBeEncrypted for a leaf under map keys `keys` (Go regexp searches, unanchored). */
export function shouldEncrypt(keys: readonly string[], o: EncryptionOptions): boolean {
  let encrypted = true;
  if (o.unencryptedSuffix && keys.some((k) => k.endsWith(o.unencryptedSuffix as string))) encrypted = false;
  if (o.encryptedSuffix) encrypted = keys.some((k) => k.endsWith(o.encryptedSuffix as string));
  if (o.unencryptedRegex) {
    const re = goRegexp(o.unencryptedRegex);
    if (keys.some((k) => re.test(k))) encrypted = false;
  }
  if (o.encryptedRegex) {
    const re = goRegexp(o.encryptedRegex);
    encrypted = keys.some((k) => re.test(k));
  }
  return encrypted;
}

export interface CreationRule extends EncryptionOptions {
  /** age recipients (`age1…`); with several key groups, those of the first. */
  age: string[];
  /**
   * Several key groups (Shamir secret sharing): each group's age recipients, and how many groups
   * must open the file (`shamir_threshold`, default: all of them).
   */
  keyGroups?: { groups: string[][]; threshold: number };
}

/** The `.sops.yaml` sops would use from `cwd`, or undefined. */
export function findSopsConfig(cwd: string = process.cwd()): string | undefined {
  // sops looks at most 100 folders up.
  return findUp(cwd, ".sops.yaml", 100);
}

const list = (v: unknown): string[] =>
  v === undefined || v === null
    ? []
    : (Array.isArray(v) ? v.map(String) : String(v).split(","))
        .map((s) => s.trim())
        .filter((s) => s.length > 0);

/** The creation rule for `file` in `configFile`; a KilnError when none matches. */
export function creationRuleFor(configFile: string, file: string): CreationRule {
  const docs = parseYamlDocuments(readFileSync(configFile, "utf8"), configFile);
  const conf = (docs[0]?.value ?? {}) as { creation_rules?: unknown };
  const rules = conf.creation_rules;
  if (!Array.isArray(rules))
    throw new KilnError("no creation_rules in the sops config", { file: configFile });
  const dir = path.dirname(path.resolve(configFile));
  const abs = path.resolve(file);
  const rel = abs.startsWith(dir + path.sep) ? abs.slice(dir.length + 1) : abs;
  for (const [i, r] of rules.entries()) {
    const rule = (r ?? {}) as Record<string, unknown>;
    const where = { file: configFile, path: `creation_rules[${i}]` };
    if (rule.path_regex !== undefined) {
      let re: { test(s: string): boolean };
      try {
        re = goRegexp(String(rule.path_regex));
      } catch (e) {
        throw new KilnError(
          `path_regex is not a valid regular expression (Go RE2 syntax): ${(e as Error).message}`,
          where,
        );
      }
      if (!re.test(rel)) continue;
    }
    let age = list(rule.age);
    let keyGroups: string[][] | undefined;
    if (Array.isArray(rule.key_groups)) {
      const groups = rule.key_groups.map((g) => list((g as { age?: unknown } | undefined)?.age));
      if (groups.length > 1) keyGroups = groups;
      else age = [...age, ...(groups[0] ?? [])];
    }
    const out: CreationRule = { age: keyGroups ? keyGroups[0]! : age };
    if (keyGroups) {
      const t = rule.shamir_threshold === undefined ? keyGroups.length : Number(rule.shamir_threshold);
      if (!Number.isInteger(t) || t < 1 || t > keyGroups.length)
        throw new KilnError(`shamir_threshold must be a whole number from 1 to ${keyGroups.length}`, where);
      out.keyGroups = { groups: keyGroups, threshold: t };
    }
    const str = (k: string) => (rule[k] === undefined || rule[k] === null ? undefined : String(rule[k]));
    const set = (k: Exclude<keyof EncryptionOptions, "macOnlyEncrypted">, v: string | undefined) => {
      if (v !== undefined && v !== "") out[k] = v;
    };
    set("unencryptedSuffix", str("unencrypted_suffix"));
    set("encryptedSuffix", str("encrypted_suffix"));
    set("unencryptedRegex", str("unencrypted_regex"));
    set("encryptedRegex", str("encrypted_regex"));
    if (rule.mac_only_encrypted === true) out.macOnlyEncrypted = true;
    if (rule.unencrypted_comment_regex !== undefined || rule.encrypted_comment_regex !== undefined)
      throw new KilnError(
        "unencrypted_comment_regex / encrypted_comment_regex are not supported by kiln",
        where,
      );
    return out;
  }
  throw new KilnError("no creation rule in the sops config matches the file", {
    file: configFile,
    path: rel,
  });
}

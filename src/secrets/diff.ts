/**
 * `kiln secrets diff`: which keys of a SOPS file changed — never a value or a ciphertext. Two
 * files, one file against a git revision, or git's external-diff call (`diff.<driver>.command`,
 * seven arguments), so `git diff` shows key changes for SOPS files instead of ciphertext noise.
 * With an identity the plaintexts are compared (MACs verified); without, the ciphertexts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { KilnError, UsageError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import { loadIdentities } from "./age.ts";
import { changedKeys, formatOf, type KeyChanges, NoIdentityForFileError, parseEncrypted } from "./sops.ts";
import { formatPath, leaves } from "./tree.ts";

export interface DiffFlags {
  rev?: string;
  inputType?: string;
}

function read(file: string): string | undefined {
  if (file === "/dev/null") return undefined;
  if (!existsSync(file)) throw new KilnError("file not found", { file: displayPath(file) });
  return readFileSync(file, "utf8");
}

function atRevision(file: string, rev: string): string | undefined {
  try {
    return execFileSync("git", ["show", `${rev}:./${file}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch {
    return undefined; // not in that revision: every key is new
  }
}

/** The text `kiln secrets diff` prints for `args` (see the module comment). */
export async function runSecretsDiff(args: string[], flags: DiffFlags): Promise<string> {
  let name: string;
  let before: string | undefined;
  let after: string | undefined;
  if (args.length === 7) [name, before, after] = [args[0]!, read(args[1]!), read(args[4]!)];
  else if (args.length === 1 && flags.rev)
    [name, before, after] = [args[0]!, atRevision(args[0]!, flags.rev), read(args[0]!)];
  else if (args.length === 2 && !flags.rev)
    [name, before, after] = [args[1]!, read(args[0]!), read(args[1]!)];
  else
    throw new UsageError(
      "kiln secrets diff OLD NEW, or FILE --rev REV (or git's seven external-diff arguments)",
    );
  const file = displayPath(name);
  const format = formatOf(name, flags.inputType);
  const keysOf = (text: string) =>
    parseEncrypted(text, file, format).docs.flatMap((d) => [...leaves(d)].map(([, p]) => formatPath(p)));
  let changes: KeyChanges;
  if (before === undefined || after === undefined)
    changes = {
      added: after === undefined ? [] : keysOf(after).sort(),
      removed: before === undefined ? [] : keysOf(before).sort(),
      changed: [],
      decrypted: false,
    };
  else {
    const identities = loadIdentities();
    try {
      changes = await changedKeys(before, after, { file, format, identities });
    } catch (e) {
      if (!(e instanceof NoIdentityForFileError)) throw e;
      changes = await changedKeys(before, after, { file, format, identities: [] });
    }
  }
  const n = changes.added.length + changes.removed.length + changes.changed.length;
  const how = changes.decrypted ? "plaintexts compared" : "ciphertexts compared: no identity opens it";
  const lines = [
    `${file}: ${n === 0 ? "no key changed" : `${changes.added.length} added, ${changes.removed.length} removed, ${changes.changed.length} changed`} (${how})`,
    ...changes.added.map((k) => `  + ${k}`),
    ...changes.removed.map((k) => `  - ${k}`),
    ...changes.changed.map((k) => `  ~ ${k}`),
  ];
  return `${lines.join("\n")}\n`;
}

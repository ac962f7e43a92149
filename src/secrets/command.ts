/**
 * `kiln secrets …`: the command side of src/secrets — reading files and flags, writing outputs
 * atomically, and `edit`'s temporary plaintext. Nothing here prints a value.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KilnError, UsageError } from "../core/errors.ts";
import { writeFileAtomic } from "../core/fs.ts";
import { displayPath } from "../core/paths.ts";
import { generateIdentityFile, loadIdentities } from "./age.ts";
import { type CreationRule, creationRuleFor, type EncryptionOptions, findSopsConfig } from "./config.ts";
import {
  decryptFileText,
  encryptFileText,
  formatOf,
  openEncrypted,
  parsePlain,
  reencryptStable,
  rotate,
  type SopsFormat,
  updateKeys,
} from "./sops.ts";

export interface OutputFlags {
  inPlace?: boolean;
  output?: string;
  inputType?: string;
}

export interface EncryptFlags extends OutputFlags {
  age?: string;
  config?: string;
  encryptedRegex?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: string;
  unencryptedSuffix?: string;
  macOnlyEncrypted?: boolean;
}

function readInput(file: string): string {
  if (!existsSync(file)) throw new KilnError("file not found", { file: displayPath(file) });
  // A folder fails the read; a FIFO or device would block it or never end.
  if (!statSync(file).isFile()) throw new KilnError("not a regular file", { file: displayPath(file) });
  return readFileSync(file, "utf8");
}

const FORMATS = ["yaml", "json", "dotenv"];

/** The file's format; a bad --input-type is a usage error (exit 2), like any bad flag value. */
function formatFor(file: string, inputType: string | undefined): SopsFormat {
  if (inputType !== undefined && !FORMATS.includes(inputType))
    throw new UsageError(`--input-type must be yaml, json or dotenv, got ${JSON.stringify(inputType)}`);
  return formatOf(file, inputType);
}

/** Writes `text` to stdout, `--output`, or back over `file` (`--in-place`), keeping its mode. */
function deliver(text: string, file: string, flags: OutputFlags, mode?: number): string | undefined {
  if (flags.inPlace && flags.output) throw new UsageError("use --in-place or --output, not both");
  const target = flags.inPlace ? file : flags.output;
  if (!target) return text;
  const keep = existsSync(target) ? statSync(target).mode & 0o777 : mode;
  try {
    writeFileAtomic(target, text, keep);
  } catch (e) {
    throw new KilnError(`cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file: displayPath(target),
    });
  }
  if (keep !== undefined) chmodSync(target, keep);
  return undefined;
}

/** The creation rule sops would use for `file`, or undefined without a config. */
function ruleFor(file: string, config?: string): CreationRule | undefined {
  const conf = config ?? findSopsConfig();
  if (!conf) return undefined;
  if (!existsSync(conf)) throw new KilnError("sops config not found", { file: conf });
  return creationRuleFor(conf, file);
}

const split = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** `kiln secrets encrypt FILE`. Returns stdout text (empty when written to a file). */
export async function runEncrypt(file: string, flags: EncryptFlags): Promise<string> {
  const text = readInput(file);
  const format = formatFor(file, flags.inputType);
  const fromFlags: EncryptionOptions = {
    encryptedRegex: flags.encryptedRegex,
    encryptedSuffix: flags.encryptedSuffix,
    unencryptedRegex: flags.unencryptedRegex,
    unencryptedSuffix: flags.unencryptedSuffix,
    macOnlyEncrypted: flags.macOnlyEncrypted,
  };
  const anyFlag = Object.values(fromFlags).some((v) => v !== undefined && v !== false);
  const rule = flags.age && anyFlag ? undefined : ruleFor(file, flags.config);
  const recipients = flags.age ? split(flags.age) : (rule?.age ?? []);
  const { age: _age, ...ruleOptions } = rule ?? { age: [] };
  const options = anyFlag ? fromFlags : ruleOptions;
  const out = await encryptFileText(text, { file: displayPath(file), format, recipients, ...options });
  return deliver(out, file, flags) ?? "";
}

/** `kiln secrets decrypt FILE`. A plaintext written to `--output` is created 0600. */
export async function runDecrypt(file: string, flags: OutputFlags): Promise<string> {
  const text = readInput(file);
  const out = await decryptFileText(text, {
    file: displayPath(file),
    format: formatFor(file, flags.inputType),
    identities: loadIdentities(),
  });
  return deliver(out, file, flags, 0o600) ?? "";
}

/** `kiln secrets updatekeys FILE`: recipients from the matching `.sops.yaml` creation rule. */
export async function runUpdateKeys(
  file: string,
  flags: { config?: string; inputType?: string },
): Promise<string> {
  const rule = ruleFor(file, flags.config);
  if (!rule)
    throw new KilnError("no .sops.yaml found (updatekeys takes recipients from its creation rules)", {
      file,
    });
  const before = readInput(file);
  const out = await updateKeys(before, {
    file: displayPath(file),
    format: formatFor(file, flags.inputType),
    identities: loadIdentities(),
    recipients: rule.age,
    ...(rule.keyGroups ? { keyGroups: rule.keyGroups } : {}),
  });
  if (out === before) return `${displayPath(file)}: keys are up to date\n`;
  writeFileAtomic(file, out);
  return `${displayPath(file)}: keys updated (${rule.age.length} age recipients)\n`;
}

/** `kiln secrets rotate FILE`: a new data key; `--add-age`/`--rm-age` change recipients. */
export async function runRotate(
  file: string,
  flags: OutputFlags & { addAge?: string; rmAge?: string },
): Promise<string> {
  const text = readInput(file);
  const format = formatFor(file, flags.inputType);
  const identities = loadIdentities();
  const opened = await openEncrypted(text, { file: displayPath(file), format, identities });
  const rm = new Set(split(flags.rmAge));
  const recipients = [
    ...opened.metadata.age.map((a) => a.recipient).filter((r) => !rm.has(r)),
    ...split(flags.addAge).filter((r) => !opened.metadata.age.some((a) => a.recipient === r)),
  ];
  const out = await rotate(text, { file: displayPath(file), format, identities, recipients });
  return deliver(out, file, flags) ?? "";
}

/** `kiln secrets keygen`: a new age identity, written 0600 (never over an existing file). */
export async function runKeygen(flags: { output?: string }): Promise<{ stdout: string; stderr: string }> {
  const { text, recipient } = await generateIdentityFile();
  if (!flags.output) return { stdout: text, stderr: `Public key: ${recipient}\n` };
  if (existsSync(flags.output))
    throw new KilnError("refusing to overwrite an existing file", { file: flags.output });
  writeFileSync(flags.output, text, { mode: 0o600, flag: "wx" });
  return { stdout: "", stderr: `Public key: ${recipient}\n` };
}

/**
 * `kiln secrets edit FILE`: the plaintext in a 0600 file inside a 0700 temporary folder, `$EDITOR`
 * run on it, the result re-encrypted keeping unchanged values' ciphertext. The folder is removed
 * on every way out: editor failure, bad edits, SIGINT/SIGTERM/SIGHUP, and process exit.
 */
export async function runEdit(
  file: string,
  flags: { inputType?: string; config?: string; age?: string },
): Promise<string> {
  const format: SopsFormat = formatFor(file, flags.inputType);
  const shown = displayPath(file);
  const identities = loadIdentities();
  const exists = existsSync(file);
  const before = exists ? readFileSync(file, "utf8") : undefined;
  let plain = "";
  if (before !== undefined) plain = await decryptFileText(before, { file: shown, format, identities });
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-secrets-edit-"));
  chmodSync(dir, 0o700);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const onSignal = (sig: NodeJS.Signals) => {
    cleanup();
    process.kill(process.pid, sig);
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  process.on("exit", cleanup);
  for (const s of signals) process.once(s, onSignal);
  try {
    const tmp = path.join(dir, `plaintext${path.extname(file) || ".yaml"}`);
    writeFileSync(tmp, plain, { mode: 0o600 });
    const digest = (t: string) => createHash("sha256").update(t).digest("hex");
    await runEditor(tmp);
    const edited = readFileSync(tmp, "utf8");
    if (before !== undefined && digest(edited) === digest(plain)) return `${shown}: file has not changed\n`;
    const docs = parsePlain(edited, shown, format);
    let out: string;
    if (before !== undefined) out = await reencryptStable(before, docs, { file: shown, format, identities });
    else {
      const rule = flags.age ? undefined : ruleFor(file, flags.config);
      const { age: _a, ...options } = rule ?? { age: [] };
      out = await encryptFileText(edited, {
        file: shown,
        format,
        recipients: flags.age ? split(flags.age) : (rule?.age ?? []),
        ...options,
      });
    }
    writeFileAtomic(file, out);
    return `${shown}: saved\n`;
  } finally {
    cleanup();
    process.removeListener("exit", cleanup);
    for (const s of signals) process.removeListener(s, onSignal);
  }
}

/** Runs `$EDITOR` (or `$VISUAL`, then `vi`) through the shell, as sops does, on `file`. */
function runEditor(file: string): Promise<void> {
  const editor = process.env.EDITOR || process.env.VISUAL || "vi";
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", `${editor} "$1"`, "kiln-editor", file], { stdio: "inherit" });
    child.on("error", () => reject(new KilnError("could not start the editor (set $EDITOR)")));
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new KilnError(
            `the editor ${signal ? `was killed by ${signal}` : `exited with status ${code}`}; the file is unchanged and the plaintext removed`,
          ),
        );
    });
  });
}

/**
 * `kiln scan`: credentials committed in plaintext, in files on disk or in git's index (the
 * pre-commit hook). Every text file is read; YAML and JSON are also read as documents
 * (structured.ts). A finding names file, line, rule and a redacted fingerprint — never the
 * secret — and comes out as a `kiln validate` report, so the same reporters print it.
 */
import { execFileSync } from "node:child_process";
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../core/errors.ts";
import { KilnError } from "../core/errors.ts";
import { displayPath, formatJsonPath } from "../core/paths.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import type { ValidationReport } from "../validate/validate.ts";
import type { Allowlist } from "./allowlist.ts";
import { TOKEN_RULES } from "./rules.ts";
import { type RawFinding, scanDocument } from "./structured.ts";
import { fingerprint, isReference, isSecretKey, looksRandom, redact } from "./values.ts";

/** Files larger than this are skipped with a note (generated bundles, images). */
export const MAX_SCAN_BYTES = 5 * 1024 * 1024;
const SKIP_DIRS = new Set([".git", "node_modules"]);
const STRUCTURED = /\.(ya?ml|json)$/i;
const ALLOW_COMMENT = /kiln-scan:allow|gitleaks:allow/;
/** sops ciphertext is blanked before matching, keeping every offset. */
const SOPS_VALUE = /ENC\[AES256_GCM,[^\]\s]*\]/g;
/** `KEY=value`, `key: value`, `key = "value"` in files that are not read as YAML. */
const ASSIGNMENT =
  /^[ \t]*(?:export[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*(?::=|=|:)[ \t]*(["']?)([^\s"'#]+)\2(?=[ \t]*(?:[#;,]|\/\/|$))/gm;
/** Languages where an unquoted value is an expression (a reference), not a literal. */
const QUOTED_LITERALS = /\.(tf|tofu|hcl|py|js|ts|go|rb|java|kt|rs|cs|php|lua|nix)$/i;

export interface ScanOptions {
  allowlist?: Allowlist;
}

/** One file's text to scan: `file` is absolute (for the allowlist), `display` as reported. */
export interface ScanInput {
  file: string;
  display: string;
  text: string;
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) out.push(i + 1);
  return out;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

interface Located {
  rule: string;
  severity: "error" | "warning";
  description: string;
  secret: string;
  shown: string;
  line: number;
  column: number;
  path?: string;
  resource?: string;
}

/** Findings of one file's text (empty for binary text). Pure: same text, same findings. */
export function scanText(input: ScanInput, opts: ScanOptions = {}): Diagnostic[] {
  const { text } = input;
  if (text.includes("\u0000")) return [];
  const masked = text.replace(SOPS_VALUE, (m) => " ".repeat(m.length));
  const starts = lineStarts(text);
  const lower = masked.toLowerCase();
  const found: Located[] = [];
  const tokenLines = new Set<number>();
  for (const rule of TOKEN_RULES) {
    if (!rule.keywords.some((k) => lower.includes(k))) continue;
    for (const m of masked.matchAll(rule.pattern)) {
      const secret = m.groups?.secret ?? m[0];
      if (rule.accept && !rule.accept(secret)) continue;
      const at = position(starts, m.index! + m[0].indexOf(secret));
      found.push({
        rule: rule.id,
        severity: "error",
        description: rule.description,
        secret,
        shown: rule.shown?.(secret) ?? "",
        ...at,
      });
      tokenLines.add(at.line);
    }
  }
  const structured = STRUCTURED.test(input.file) ? documents(text, input.display) : undefined;
  if (structured) {
    for (const { raw, locate } of structured) {
      const at = locate(raw.path);
      // A token rule already said what this line holds, more precisely.
      if (tokenLines.has(at.line) && raw.rule !== "gcp-service-account" && raw.rule !== "plaintext-secret")
        continue;
      found.push({
        rule: raw.rule,
        severity: raw.severity,
        description: raw.message,
        secret: raw.secret,
        shown: "",
        ...at,
        ...(raw.path.length ? { path: formatJsonPath(raw.path) } : {}),
        ...(raw.resource ? { resource: raw.resource } : {}),
      });
    }
  } else {
    for (const m of masked.matchAll(ASSIGNMENT)) {
      const [, key, quote, value] = m as unknown as [string, string, string, string];
      if (!quote && QUOTED_LITERALS.test(input.file)) continue;
      if (!isSecretKey(key) || isReference(value) || !looksRandom(value)) continue;
      const at = position(starts, m.index! + m[0].lastIndexOf(value));
      if (tokenLines.has(at.line)) continue;
      found.push({
        rule: "secret-value",
        severity: "error",
        description: `high-entropy value under the secret-like key ${JSON.stringify(key)}`,
        secret: value,
        shown: "",
        ...at,
      });
    }
  }
  const lines = text.split("\n");
  const out: Diagnostic[] = [];
  for (const f of found) {
    if (ALLOW_COMMENT.test(lines[f.line - 1] ?? "")) continue;
    // The private-key rule's view of a service-account file is the service-account finding.
    if (f.rule === "private-key" && found.some((g) => g.rule === "gcp-service-account" && g.line === f.line))
      continue;
    const fp = fingerprint(f.rule, f.secret);
    if (opts.allowlist?.allows(input.file, f.rule, fp)) continue;
    const d: Diagnostic = {
      severity: f.severity,
      message: `${f.description}: ${redact(f.secret, f.shown, fp)}`,
      rule: `scan/${f.rule}`,
      file: input.display,
      line: f.line,
      column: f.column,
    };
    if (f.resource) d.resource = f.resource;
    if (f.path) d.path = f.path;
    out.push(d);
  }
  return out;
}

/** Structured findings of a YAML/JSON text, or undefined when it does not parse (then it is read as lines). */
function documents(
  text: string,
  display: string,
):
  | Array<{ raw: RawFinding; locate: (p: RawFinding["path"]) => { line: number; column: number } }>
  | undefined {
  let docs: ReturnType<typeof parseYamlDocuments>;
  try {
    docs = parseYamlDocuments(text, display);
  } catch {
    return undefined;
  }
  return docs.flatMap((doc) => scanDocument(doc.value).map((raw) => ({ raw, locate: doc.locate })));
}

/** Every file below `paths` (files or folders), dotfiles included, `.git` and node_modules not. */
export function listScanFiles(paths: readonly string[]): string[] {
  const out = new Set<string>();
  const walk = (p: string, explicit: boolean) => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      if (explicit) throw new KilnError(`no such file or folder: ${p}`);
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) if (!SKIP_DIRS.has(e)) walk(path.join(p, e), false);
    } else if (st.isFile()) out.add(p);
  };
  for (const p of paths) walk(path.resolve(p), true);
  return [...out].sort();
}

function readLimited(file: string, notes: string[], display: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const size = fstatSync(fd).size;
    if (size > MAX_SCAN_BYTES) {
      notes.push(`${display}: not scanned (${size} bytes; the limit is ${MAX_SCAN_BYTES})`);
      return undefined;
    }
    return readFileSync(fd, "utf8");
  } catch (e) {
    notes.push(`${display}: not scanned (${(e as NodeJS.ErrnoException).code ?? "unreadable"})`);
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function report(
  inputs: Iterable<ScanInput>,
  files: number,
  notes: string[],
  opts: ScanOptions,
): ValidationReport {
  const diagnostics: Diagnostic[] = [];
  let scanned = 0;
  for (const input of inputs) {
    scanned++;
    diagnostics.push(...scanText(input, opts));
  }
  diagnostics.sort(
    (a, b) =>
      (a.file! < b.file! ? -1 : a.file! > b.file! ? 1 : 0) ||
      a.line! - b.line! ||
      a.column! - b.column! ||
      (a.rule! < b.rule! ? -1 : a.rule! > b.rule! ? 1 : 0),
  );
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return {
    diagnostics,
    summary: {
      files,
      resources: 0,
      errors,
      warnings,
      withoutSchema: 0,
      rulesEvaluated: 0,
      notEvaluated: 0,
      transitionSkipped: 0,
    },
    notes: [...new Set(notes)].sort(),
    title: "kiln scan",
    summaryText: `${plural(scanned, "file")} scanned, ${plural(errors, "error")}, ${plural(warnings, "warning")}`,
  };
}

/** Scans files and folders on disk. */
export function scanPaths(paths: readonly string[], opts: ScanOptions = {}): ValidationReport {
  const files = listScanFiles(paths.length ? paths : ["."]).filter((f) => !opts.allowlist?.ignoresFile(f));
  const notes: string[] = [];
  function* inputs(): Generator<ScanInput> {
    for (const file of files) {
      const display = displayPath(file);
      const text = readLimited(file, notes, display);
      if (text !== undefined) yield { file, display, text };
    }
  }
  return report(inputs(), files.length, notes, opts);
}

const git = (args: string[], cwd: string) =>
  execFileSync("git", args, {
    cwd,
    encoding: "buffer",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });

/** The repository top folder of `cwd`, or a KilnError. */
export function gitTopLevel(cwd: string): string {
  try {
    return git(["rev-parse", "--show-toplevel"], cwd).toString("utf8").trim();
  } catch {
    throw new KilnError("--staged needs a git repository (git rev-parse --show-toplevel failed)", {
      file: cwd,
    });
  }
}

/** Scans what is staged for the next commit (added, copied, modified, renamed files), as staged. */
export function scanStaged(cwd: string, opts: ScanOptions = {}): ValidationReport {
  const top = gitTopLevel(cwd);
  const names = git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], top)
    .toString("utf8")
    .split("\0")
    .filter(Boolean)
    .sort();
  const notes: string[] = [];
  const files = names.map((n) => path.join(top, n)).filter((f) => !opts.allowlist?.ignoresFile(f));
  function* inputs(): Generator<ScanInput> {
    for (const file of files) {
      const display = displayPath(file, cwd);
      const rel = path.relative(top, file).split(path.sep).join("/");
      const size = Number(
        git(["cat-file", "-s", `:${rel}`], top)
          .toString("utf8")
          .trim(),
      );
      if (size > MAX_SCAN_BYTES) {
        notes.push(`${display}: not scanned (${size} bytes; the limit is ${MAX_SCAN_BYTES})`);
        continue;
      }
      yield { file, display, text: git(["show", `:${rel}`], top).toString("utf8") };
    }
  }
  return report(inputs(), files.length, notes, opts);
}

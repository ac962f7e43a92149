/**
 * `.kilnscanignore`: what `kiln scan` must not report. One entry a line, `#` starts a comment:
 *
 *   docs/examples/**                     files (gitignore-style globs, relative to the file's folder)
 *   fingerprint:3f2a9c1b0d4e5f60         one finding, by the fingerprint it is printed with
 *   rule:secret-value test/fixtures/**   one rule, in the files matching the glob (or everywhere)
 *
 * A line holding `kiln-scan:allow` (or gitleaks' `gitleaks:allow`) in a scanned file silences
 * the findings on that line. Globs are minimatch's (the one glob library kiln uses).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Minimatch } from "minimatch";
import { KilnError } from "../core/errors.ts";
import { findUp } from "../core/paths.ts";

export const IGNORE_FILE = ".kilnscanignore";

export interface Allowlist {
  /** The file it was read from (absolute), if any. */
  file?: string;
  /** True when a finding of `rule` with `fingerprint` in `file` (absolute) is allowed. */
  allows(file: string, rule: string, fingerprint: string): boolean;
  /** True when the whole file is ignored. */
  ignoresFile(file: string): boolean;
}

const glob = (g: string) =>
  new Minimatch(g.replace(/^\//, ""), { dot: true, matchBase: !g.replace(/\/$/, "").includes("/") });

/** Reads an allowlist file; a malformed line is a KilnError naming file and line. */
export function readAllowlist(file: string): Allowlist {
  const root = path.dirname(path.resolve(file));
  const paths: Minimatch[] = [];
  const fingerprints = new Set<string>();
  const rules: Array<{ rule: string; where?: Minimatch }> = [];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new KilnError(`cannot read the allowlist: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      file,
    });
  }
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) return;
    const fp = /^fingerprint:([0-9a-f]{16})$/.exec(line);
    const rule = /^rule:([a-z0-9-]+)(?:\s+(\S+))?$/.exec(line);
    if (fp) fingerprints.add(fp[1]!);
    else if (rule) rules.push(rule[2] ? { rule: rule[1]!, where: glob(rule[2]) } : { rule: rule[1]! });
    else if (/^(fingerprint|rule):/.test(line) || /\s/.test(line))
      throw new KilnError(
        "not an allowlist entry (a glob, fingerprint:<16 hex digits>, or rule:<id> [glob])",
        { file, line: i + 1 },
      );
    else paths.push(glob(line.endsWith("/") ? `${line}**` : line));
  });
  const rel = (f: string) => path.relative(root, f).split(path.sep).join("/");
  const inside = (f: string) => !rel(f).startsWith("../");
  return {
    file: path.resolve(file),
    ignoresFile: (f) => inside(f) && paths.some((m) => m.match(rel(f))),
    allows: (f, r, fpr) =>
      fingerprints.has(fpr) ||
      rules.some((x) => x.rule === r && (!x.where || (inside(f) && x.where.match(rel(f))))),
  };
}

/** The allowlist for a scan: `explicit`, else the nearest `.kilnscanignore` above `from`. */
export function findAllowlist(from: string, explicit?: string): Allowlist {
  const file = explicit ?? findUp(from, IGNORE_FILE);
  return file ? readAllowlist(file) : { allows: () => false, ignoresFile: () => false };
}

/**
 * `kiln init [DIR]`: scaffolds a project that builds, validates and tests clean. Everything is
 * checked before anything is written: an existing file is never replaced (unless forced), and an
 * existing package.json (e.g. from `npm init -y`) is merged — made an ES module, missing scripts
 * and dev dependencies added, the rest kept.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { KilnError, UsageError } from "../core/errors.ts";
import { writeFileAtomic } from "../core/fs.ts";
import { displayPath } from "../core/paths.ts";
import { TEMPLATES, type TemplateContext, type TemplateName, templateFiles } from "./templates.ts";

export interface InitOptions {
  template?: string;
  /** Replace existing files (package.json is merged either way). */
  force?: boolean;
  /** The project's name (default: the folder's name). */
  name?: string;
}

export interface InitResult {
  dir: string;
  written: string[];
  /** What changed in an existing package.json, for the user to see. */
  merged: string[];
}

/** kiln's own package.json: its version and the tool versions it is tested with. */
function kilnVersions(): TemplateContext["versions"] {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
    devDependencies: Record<string, string>;
  };
  return {
    kiln: `^${pkg.version}`,
    typescript: pkg.devDependencies.typescript ?? "5.9.3",
    vitest: pkg.devDependencies.vitest ?? "4.1.12",
    typesNode: pkg.devDependencies["@types/node"] ?? "20.19.43",
  };
}

/** A valid npm package name from a folder name. */
function packageName(dir: string): string {
  const n = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "");
  return n || "control-plane";
}

type Json = Record<string, unknown>;

/** Merges the template's package.json into an existing one; returns the result and what changed. */
function mergePackageJson(file: string, wanted: Json): { text: string; changes: string[] } {
  let existing: Json;
  try {
    existing = JSON.parse(readFileSync(file, "utf8")) as Json;
  } catch (e) {
    throw new KilnError(`cannot read package.json: ${(e as Error).message}`, { file: displayPath(file) });
  }
  if (typeof existing !== "object" || existing === null || Array.isArray(existing))
    throw new KilnError("package.json is not a JSON object", { file: displayPath(file) });
  const changes: string[] = [];
  const out: Json = { ...existing };
  if (out.type !== "module") {
    changes.push(
      `"type": ${JSON.stringify(out.type ?? "commonjs")} → "module" (kiln projects are ES modules)`,
    );
    out.type = "module";
  }
  for (const key of ["scripts", "devDependencies"] as const) {
    const have = { ...((existing[key] as Json | undefined) ?? {}) };
    const deps = key === "devDependencies" ? { ...((existing.dependencies as Json | undefined) ?? {}) } : {};
    for (const [k, v] of Object.entries(wanted[key] as Json)) {
      // npm init -y writes a test script that only fails; ours replaces it.
      const placeholder = key === "scripts" && k === "test" && String(have[k]).includes("no test specified");
      if ((k in have && !placeholder) || k in deps) continue;
      have[k] = v;
      changes.push(`${key}.${k}: ${JSON.stringify(v)}`);
    }
    out[key] = have;
  }
  return { text: `${JSON.stringify(out, null, 2)}\n`, changes };
}

/** Writes the template into `dir` (created if missing). */
export function initProject(dirArg: string, opts: InitOptions = {}): InitResult {
  const template = (opts.template ?? "control-plane") as TemplateName;
  if (!TEMPLATES.includes(template))
    throw new UsageError(`--template must be one of ${TEMPLATES.join(", ")}, got "${opts.template}"`);
  const dir = path.resolve(dirArg);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new KilnError(`not a folder: ${dirArg}`);
  const files = templateFiles(template, { name: opts.name ?? packageName(dir), versions: kilnVersions() });
  let merged: string[] = [];
  const pkgFile = path.join(dir, "package.json");
  if (existsSync(pkgFile)) {
    const m = mergePackageJson(pkgFile, JSON.parse(files.get("package.json")!) as Json);
    files.set("package.json", m.text);
    merged = m.changes;
  }
  const clashes = [...files.keys()].filter((f) => f !== "package.json" && existsSync(path.join(dir, f)));
  if (clashes.length && !opts.force) {
    throw new KilnError(
      `not replacing existing files in ${displayPath(dir)}: ${clashes.join(", ")} (pass --force to replace them)`,
    );
  }
  const written: string[] = [];
  for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileAtomic(abs, text);
    written.push(rel);
  }
  return { dir, written, merged };
}

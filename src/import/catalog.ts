/**
 * The built-in catalog, `catalog/` at the package root (two levels up from src/import and from
 * dist/import): `<project>/<group>.json.gz` holds the schema model of the group's pinned CRD
 * files (what crdSchemasFromText makes of them, without descriptions: compactSchema), and
 * `kiln.lock` pins those files (URL, sha256, size). Made by scripts/catalog-data.ts from the
 * offline mirror; using it needs no network, mirror or cache. The validation stage looks kinds up
 * in it by API group; an import of a pinned catalog file takes its model from here when the file
 * itself is in neither cache nor mirror.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { KilnError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import { LOCKFILE_NAME, Lockfile } from "../sources/lockfile.ts";
import type { ParsedFile } from "./parsed-cache.ts";

const CATALOG_DIR = fileURLToPath(new URL("../../catalog/", import.meta.url));

export interface CatalogGroupFile {
  project: string;
  file: string;
}

let layout: Map<string, CatalogGroupFile[]> | undefined;

const missing = () =>
  new KilnError(
    `kiln's built-in catalog is missing (${displayPath(CATALOG_DIR)}): reinstall kiln, or pass --no-catalog`,
  );

/** API group → its catalog files (one per project that has the group). */
export function catalogGroups(): Map<string, CatalogGroupFile[]> {
  if (layout) return layout;
  const out = new Map<string, CatalogGroupFile[]>();
  let projects: string[];
  try {
    projects = readdirSync(CATALOG_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    throw missing();
  }
  for (const project of projects) {
    for (const name of readdirSync(path.join(CATALOG_DIR, project)).sort()) {
      if (!name.endsWith(".json.gz")) continue;
      const group = name.slice(0, -".json.gz".length);
      if (!out.has(group)) out.set(group, []);
      out.get(group)!.push({ project, file: path.join(CATALOG_DIR, project, name) });
    }
  }
  layout = out;
  return out;
}

/** Every project name the catalog knows. */
export function catalogProjects(): string[] {
  return [...new Set([...catalogGroups().values()].flatMap((fs) => fs.map((f) => f.project)))].sort();
}

/** The schema model of one catalog group file (kinds carry their pinned URL as source). */
export function readCatalogFile(file: string): ParsedFile {
  try {
    return JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as ParsedFile;
  } catch (e) {
    throw new KilnError(
      `kiln's built-in catalog file is damaged (${(e as Error).message}): reinstall kiln, or pass --no-catalog`,
      { file: displayPath(file) },
    );
  }
}

let pins: Lockfile | undefined;

/** The catalog's pins, read by the lockfile code like any project's kiln.lock. */
export function catalogPins(): Lockfile {
  if (pins) return pins;
  const file = path.join(CATALOG_DIR, LOCKFILE_NAME);
  try {
    pins = Lockfile.parse(readFileSync(file, "utf8"), displayPath(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw missing();
    throw e;
  }
  return pins;
}

/**
 * The schema model of the catalog file pinned at `url` with this sha256, or undefined when the
 * catalog pins no such file. Its group file is found by the `<group>_<plural>.yaml` name; files
 * named otherwise (Argo CD's) are looked for in every group.
 */
export function catalogModel(url: string, sha256: string): ParsedFile | undefined {
  const pin = catalogPins().get(url);
  if (!pin || pin.sha256 !== sha256) return undefined;
  const name = url.slice(url.lastIndexOf("/") + 1);
  const named = catalogGroups().get(name.slice(0, name.indexOf("_")));
  const candidates = [...(named ?? []), ...[...catalogGroups().values()].flat()];
  for (const c of candidates) {
    const parsed = readCatalogFile(c.file);
    const kinds = parsed.kinds.filter((k) => k.source === url);
    if (kinds.length) return { kinds, notes: parsed.notes.filter((n) => n.startsWith(url)) };
  }
  return undefined;
}

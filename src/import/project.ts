/**
 * `kiln import` end to end: sources → pinned content → schema model → transforms → generated
 * folder (types, schemas.json, stamp) → kiln.lock. The generated folder is written atomically
 * and the lockfile only after it, so a failure anywhere leaves both as they were.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { isKilnError, KilnError } from "../core/errors.ts";
import { writeFileAtomic, writeTreeAtomic } from "../core/fs.ts";
import { displayPath } from "../core/paths.ts";
import { progressBar } from "../core/progress.ts";
import { kilnVersion } from "../core/version.ts";
import { ContentCache, defaultCacheDir, sha256 } from "../sources/cache.ts";
import { PinMismatchError } from "../sources/fetch.ts";
import { LOCKFILE_NAME, Lockfile } from "../sources/lockfile.ts";
import { mirrorFromEnv } from "../sources/mirror.ts";
import { type ResolvedArtifact, resolveArtifacts } from "../sources/resolve.ts";
import { type Artifact, type CrdSource, expandSources } from "../sources/spec.ts";
import { catalogModel, catalogPins } from "./catalog.ts";
import { type ImportTransforms, isExcluded, type KilnConfig } from "./config.ts";
import { parseAll, parseWorkers } from "./parse-pool.ts";
import { ParsedCache, type ParsedFile } from "./parsed-cache.ts";
import { compareKinds, crdSchemasFromText, type KindSchema, SchemaSet } from "./schemas.ts";
import { structuralErrors } from "./structural.ts";
import { generateTypes } from "./typegen.ts";

/** Where generated code goes, relative to the project folder (gitignored via `.kiln/`). */
export const IMPORTS_DIR = path.join(".kiln", "imports");
const SCHEMAS_FILE = "schemas.json";
const NO_BYTES = Buffer.alloc(0);
const STAMP_FILE = "stamp.json";

export interface ImportOptions {
  /** Re-pin: take current upstream content instead of refusing changed files. */
  update?: boolean;
  offline?: boolean;
  /** Mirror folder (default: KILN_MIRROR). */
  mirror?: string;
  /** Cache root (default: KILN_CACHE or ~/.cache/kiln). */
  cacheDir?: string;
  /**
   * Worker threads for parsing; 0 parses on the main thread. Default: workers only for very
   * large inputs (see parse-pool.ts). Validators are compiled on the main thread.
   */
  workers?: number;
  /** Also compile every kind's validator into the disk cache now instead of on first use. */
  validators?: boolean;
  log?: (line: string) => void;
}

export interface ProjectRef {
  /** The project folder (where kiln.config.ts and kiln.lock live). */
  dir: string;
  config: KilnConfig;
  configFile: string;
}

export interface ImportResult {
  outDir: string;
  kinds: KindSchema[];
  /** Generated files, relative to outDir. */
  files: string[];
  notes: string[];
  /** Where each artifact's content came from, counted. */
  origins: Record<string, number>;
  lockFile?: string;
  lockChanged: boolean;
}

/** Imports a project's declared CRDs into `<dir>/.kiln/imports` and pins them in `<dir>/kiln.lock`. */
export async function importProject(project: ProjectRef, opts: ImportOptions = {}): Promise<ImportResult> {
  const sources = project.config.crds ?? [];
  if (sources.length === 0) {
    throw new KilnError("is empty: no CRD sources to import", {
      file: displayPath(project.configFile),
      path: "crds",
    });
  }
  const artifacts = withConfigLocation(() => expandSources(sources, project.dir), project.configFile);
  const lockFile = path.join(project.dir, LOCKFILE_NAME);
  const lock = Lockfile.read(lockFile);
  const result = await runImport(
    artifacts,
    path.join(project.dir, IMPORTS_DIR),
    lock,
    project.config.transforms,
    project.configFile,
    (pinned) => projectStamp(project, pinned),
    opts,
  );
  const before = (() => {
    try {
      return readFileSync(lockFile, "utf8");
    } catch {
      return "";
    }
  })();
  const after = result.lock.toString();
  if (after !== before) writeFileAtomic(lockFile, after);
  return { ...result, lockFile, lockChanged: after !== before };
}

/** `kiln import FILE|URL… --out DIR`: no config, no lockfile; content still goes through the cache. */
export async function importAdHoc(
  sources: readonly string[],
  outDir: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  if (sources.length === 0) throw new KilnError("no CRD sources given");
  const artifacts = expandSources(sources, process.cwd());
  const stamp = (pinned: Lockfile) => ({ kiln: kilnVersion(), lock: sha256(pinned.toString()) });
  const result = await runImport(
    artifacts,
    path.resolve(outDir),
    new Lockfile(),
    undefined,
    undefined,
    stamp,
    opts,
  );
  return { ...result, lockChanged: false };
}

async function runImport(
  artifacts: readonly Artifact[],
  outDir: string,
  lock: Lockfile,
  transforms: ImportTransforms | undefined,
  configFile: string | undefined,
  stampOf: (pinned: Lockfile) => Record<string, string>,
  opts: ImportOptions,
): Promise<Omit<ImportResult, "lockChanged" | "lockFile"> & { lock: Lockfile }> {
  const log = opts.log ?? (() => {});
  const cacheRoot = opts.cacheDir ?? defaultCacheDir();
  const { resolved, lock: newLock, fromCatalog } = await resolveWithCatalog(artifacts, lock, cacheRoot, opts);
  const origins: Record<string, number> = {};
  for (const r of resolved) origins[r.from] = (origins[r.from] ?? 0) + 1;
  if (fromCatalog.size) origins.catalog = fromCatalog.size;
  const parsedCache = new ParsedCache(cacheRoot, kilnVersion());
  const misses = resolved.filter((r) => !parsedCache.has(r.sha256));
  const bulk =
    (opts.workers ?? parseWorkers(misses.map((r) => ({ text: r.text, source: r.url ?? r.key })))) > 0 &&
    misses.length > 1;
  // Kinds whose validators `--validators` compiles, collected while the files are read.
  const toCompile: KindSchema[] | undefined = opts.validators ? [] : undefined;
  if (bulk) {
    const bar = progressBar("parsing CRDs");
    try {
      for (const r of await parseEach(misses, opts.workers, (d, t) => bar.update(d, t)))
        parsedCache.put(r.sha256, r.parsed);
    } finally {
      bar.finish();
    }
  }
  const missing = new Set(bulk ? [] : misses);
  const kinds: KindSchema[] = [];
  const notes: string[] = [];
  // A transform error is reported after parsing, so bad input in any file still comes first.
  let transformError: unknown;
  const bar = progressBar("parsing CRDs");
  try {
    const byKey = new Map(resolved.map((r) => [r.key, r]));
    for (const [i, a] of artifacts.entries()) {
      bar.update(i + 1, artifacts.length);
      let p = fromCatalog.get(a.key);
      const r = byKey.get(a.key);
      if (r) {
        const source = r.url ?? r.key;
        if (missing.has(r)) parsedCache.put(r.sha256, crdSchemasFromText(r.text, source));
        p = parsedCache.get(r.sha256, source);
        // Parsed and cached: the file's text and bytes would otherwise stay until the import
        // ends (16 MB of the peak for all 210 mirrored CRDs).
        r.text = "";
        r.bytes = NO_BYTES;
      }
      if (!p) continue;
      notes.push(...p.notes);
      if (transformError) continue;
      try {
        const kept = applyTransforms(p.kinds, transforms, configFile);
        kinds.push(...kept);
        toCompile?.push(...kept);
      } catch (e) {
        transformError = e;
      }
    }
  } finally {
    bar.finish();
  }
  if (transformError) throw transformError;
  kinds.sort(compareKinds);
  rejectDuplicateKinds(kinds);
  if (kinds.length === 0)
    throw new KilnError(
      "no kinds left to import (every kind was excluded)",
      configFile ? { file: displayPath(configFile) } : {},
    );
  // Validators are made before the types: their garbage and the generated text (11 MB for all
  // 210 mirrored CRDs) then do not add up in the peak (161 → ~145 MB).
  if (toCompile) {
    const { precompileValidators } = await import("./validator.ts");
    const bar2 = progressBar("compiling validators");
    try {
      precompileValidators(toCompile, validatorCacheDir(cacheRoot), (d, t) => bar2.update(d, t));
    } finally {
      bar2.finish();
    }
  }
  const files = generateTypes(kinds);
  files.set(SCHEMAS_FILE, `${JSON.stringify({ kinds }, null, 1)}\n`);
  files.set(STAMP_FILE, stampText(stampOf(newLock)));
  await writeTreeAtomic(outDir, files, {
    marker: "generated by `kiln import`; replaced on every import\n",
  });
  for (const n of notes) log(`note: ${n}`);
  return { outDir, kinds, files: [...files.keys()].sort(), notes, origins, lock: newLock };
}

/**
 * Resolves the artifacts to content, except that a URL the built-in catalog pins (at the pin the
 * project's kiln.lock has, if any) is looked up in cache and mirror only and, when in neither,
 * taken from the catalog's schema model: the catalog holds what kiln makes of that very file, so
 * the network is never needed for it (types generated so have no descriptions).
 */
async function resolveWithCatalog(
  artifacts: readonly Artifact[],
  lock: Lockfile,
  cacheRoot: string,
  opts: ImportOptions,
): Promise<{ resolved: ResolvedArtifact[]; lock: Lockfile; fromCatalog: Map<string, ParsedFile> }> {
  const common = { cache: new ContentCache(cacheRoot), mirror: opts.mirror ?? mirrorFromEnv() };
  const pinnedByCatalog = (a: Artifact) => {
    if (!a.url || opts.update) return undefined;
    const pin = catalogPins().get(a.url);
    const own = lock.get(a.key);
    return pin && (!own || own.sha256 === pin.sha256) ? pin : undefined;
  };
  const catalogged = artifacts.filter((a) => pinnedByCatalog(a));
  const { resolved, lock: newLock } = await resolveArtifacts(
    artifacts.filter((a) => !pinnedByCatalog(a)),
    { ...common, lock, update: opts.update, offline: opts.offline },
  );
  const fromCatalog = new Map<string, ParsedFile>();
  for (const a of catalogged) {
    const pin = pinnedByCatalog(a)!;
    newLock.set(pin);
    const pinned = new Lockfile();
    pinned.set(pin);
    try {
      resolved.push(...(await resolveArtifacts([a], { ...common, lock: pinned, offline: true })).resolved);
    } catch (e) {
      if (!isKilnError(e) || e instanceof PinMismatchError || !/^cannot get /.test(e.message)) throw e;
      const model = catalogModel(a.url!, pin.sha256);
      if (!model) throw e;
      fromCatalog.set(a.key, model);
    }
  }
  return { resolved, lock: newLock, fromCatalog };
}

/** Parses each artifact separately (one result per artifact, for the parsed cache). */
async function parseEach<T extends { text: string; sha256: string; url?: string; key: string }>(
  items: readonly T[],
  workers: number | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<Array<{ sha256: string; parsed: ParsedFile }>> {
  const inputs = items.map((r) => ({ text: r.text, source: r.url ?? r.key }));
  const results = await parseAll(inputs, {
    ...(workers !== undefined ? { workers } : {}),
    onProgress,
    perInput: true,
  });
  return items.map((r, i) => ({ sha256: r.sha256, parsed: results.perInput![i]! }));
}

function applyTransforms(
  kinds: KindSchema[],
  t: ImportTransforms | undefined,
  configFile: string | undefined,
): KindSchema[] {
  if (!t) return kinds;
  const file = configFile ? displayPath(configFile) : undefined;
  const kept = t.exclude?.length ? kinds.filter((k) => !isExcluded(k, t.exclude!)) : kinds;
  if (!t.patch) return kept;
  return kept.map((k) => {
    const resource = `${k.kind} (${k.apiVersion})`;
    let out: KindSchema;
    try {
      out = t.patch!(k) ?? k;
    } catch (e) {
      throw new KilnError(`failed for ${resource}: ${(e as Error).message}`, {
        ...(file ? { file } : {}),
        path: "transforms.patch",
      });
    }
    const problem = structuralErrors(out.schema)[0];
    if (problem) {
      throw new KilnError(
        `the schema it returns for ${resource} is not structural: ${problem.path.join(".")}: ${problem.message}`,
        {
          ...(file ? { file } : {}),
          path: "transforms.patch",
        },
      );
    }
    return out;
  });
}

/** Folder of compiled validators inside a cache root. */
export function validatorCacheDir(cacheRoot: string = defaultCacheDir()): string {
  return path.join(cacheRoot, "validators");
}

/** The kinds a previous import wrote into `outDir`, or undefined when there is no import there. */
export function loadImportedSchemas(outDir: string): SchemaSet | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(outDir, SCHEMAS_FILE), "utf8");
  } catch {
    return undefined;
  }
  const set = new SchemaSet();
  for (const k of (JSON.parse(text) as { kinds: KindSchema[] }).kinds) set.add(k);
  return set;
}

export interface EnsureResult {
  status: "fresh" | "imported" | "unavailable" | "none";
  /** Why content could not be had (status "unavailable"). */
  reason?: string;
  /** Imported kinds (empty when none or unavailable). */
  schemas: SchemaSet;
}

/**
 * What `kiln build` runs before rendering: re-imports when the pins or sources changed or the
 * output is missing. Content that cannot be had (offline, no cache, no mirror) is not fatal:
 * rendering does not need generated code (user code imports it with `import type`), so the
 * result says "unavailable" and the build reports the kinds it could not schema-check.
 * A pin mismatch stays an error: changed upstream content is never used silently.
 */
export async function ensureImports(project: ProjectRef, opts: ImportOptions = {}): Promise<EnsureResult> {
  if (!project.config.crds?.length) return { status: "none", schemas: new SchemaSet() };
  const outDir = path.join(project.dir, IMPORTS_DIR);
  const lock = Lockfile.read(path.join(project.dir, LOCKFILE_NAME));
  let current: string | undefined;
  try {
    current = readFileSync(path.join(outDir, STAMP_FILE), "utf8");
  } catch {}
  const existing = loadImportedSchemas(outDir);
  if (existing && current === stampText(projectStamp(project, lock)))
    return { status: "fresh", schemas: existing };
  try {
    const r = await importProject(project, opts);
    const set = new SchemaSet();
    for (const k of r.kinds) set.add(k);
    return { status: "imported", schemas: set };
  } catch (e) {
    if (e instanceof PinMismatchError || !isKilnError(e) || !/^cannot get /.test(e.message)) throw e;
    return { status: "unavailable", reason: e.message, schemas: new SchemaSet() };
  }
}

/** Kinds among `objects` that no schema covers, with how many objects each: the build's "not schema-checked" list. */
export function uncheckedKinds(
  objects: Iterable<{ apiVersion: string; kind: string }>,
  schemas: SchemaSet,
): Array<{ apiVersion: string; kind: string; count: number }> {
  const counts = new Map<string, { apiVersion: string; kind: string; count: number }>();
  for (const o of objects) {
    if (schemas.get(o.apiVersion, o.kind)) continue;
    const key = `${o.apiVersion} ${o.kind}`;
    const e = counts.get(key) ?? { apiVersion: o.apiVersion, kind: o.kind, count: 0 };
    e.count++;
    counts.set(key, e);
  }
  return [...counts.values()].sort((a, b) => (a.apiVersion + a.kind < b.apiVersion + b.kind ? -1 : 1));
}

function projectStamp(project: ProjectRef, lock: Lockfile): Record<string, string> {
  const t = project.config.transforms;
  return {
    kiln: kilnVersion(),
    lock: sha256(lock.toString()),
    sources: sha256(JSON.stringify(project.config.crds ?? [])),
    transforms: sha256(JSON.stringify({ exclude: t?.exclude ?? [], patch: t?.patch ? String(t.patch) : "" })),
  };
}

function stampText(s: Record<string, string>): string {
  return `${JSON.stringify(s, Object.keys(s).sort(), 2)}\n`;
}

function withConfigLocation<T>(fn: () => T, configFile: string): T {
  try {
    return fn();
  } catch (e) {
    if (isKilnError(e) && !e.location.file)
      throw new KilnError(e.message, { ...e.location, file: displayPath(configFile) });
    throw e;
  }
}

export type { CrdSource };

/**
 * Two CRDs that define one group and kind: the apiserver refuses the second (its names are not
 * accepted: KindConflict), and the types of both would collide (`Widget`, `Widget_`).
 */
function rejectDuplicateKinds(kinds: KindSchema[]): void {
  const owner = new Map<string, KindSchema>();
  for (const k of kinds) {
    const key = `${k.group}\u0000${k.kind}`;
    const first = owner.get(key);
    if (!first) {
      owner.set(key, k);
      continue;
    }
    if (first.source === k.source && first.plural === k.plural) continue; // versions of one CRD
    throw new KilnError(
      `two CustomResourceDefinitions define kind ${k.kind} in group ${k.group}: ${first.source} and ${k.source} (the apiserver accepts only one; remove or exclude the other)`,
      { file: k.source, resource: `CustomResourceDefinition ${k.plural ?? k.kind.toLowerCase()}.${k.group}` },
    );
  }
}

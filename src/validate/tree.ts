/**
 * What `validatePaths` can only do once every file has been checked (possibly in workers):
 * give XRs the schemas of XRDs found elsewhere in their tree, and locate cross-check findings.
 * Both re-read only the files concerned, so a clean tree never pays for them.
 */
import path from "node:path";
import type { Diagnostic } from "../core/errors.ts";
import { builtOutputOf } from "../core/fs.ts";
import { displayPath } from "../core/paths.ts";
import type { KindSchema } from "../import/validator.ts";
import {
  type CheckSettings,
  ensureObjectGroups,
  type FileResult,
  findingDiagnostic,
  resourceName,
} from "./file-check.ts";
import { parseManifestFile, STDIN } from "./input.ts";
import { type Counts, checkWithSchema, type Finding, type Path, type SchemaLookup } from "./object.ts";
import type { SchemaRegistry } from "./registry.ts";
import { addTreeKinds, noteXrdsOfOtherTrees, xrdSchemas } from "./xrd.ts";

/** The files of a validatePaths run, in result order. */
export interface TreeFiles {
  files: readonly string[];
  display: readonly string[];
  /** The tree each file belongs to (see fileTrees), by the name messages give it. */
  trees: readonly string[];
}

/** The tree of the files and standard input named on the command line. */
const NAMED_FILES = "the files named on the command line";

/**
 * The tree each file belongs to, for XRDs (an XRD types only the XRs of its own tree): the
 * outermost folder named on the command line that holds it — or, inside an output kiln built,
 * its cluster folder (`clusters/<name>`); files named on the command line (and standard input)
 * form one tree together, so `kiln validate xrd.yaml xr.yaml` types the XR.
 */
export function fileTrees(paths: readonly string[], files: readonly string[]): string[] {
  const folders = paths
    .filter((p) => p !== STDIN)
    .map((p) => path.resolve(p))
    .filter((p) => files.some((f) => f.startsWith(p + path.sep)))
    .sort((a, b) => a.length - b.length);
  const outputs = new Map<string, string | undefined>();
  return files.map((f) => {
    if (f === STDIN) return NAMED_FILES;
    const folder = folders.find((p) => f.startsWith(p + path.sep));
    if (!folder) return NAMED_FILES;
    if (!outputs.has(folder)) outputs.set(folder, builtOutputOf(folder)?.dir);
    const out = outputs.get(folder);
    const cluster = out && /^clusters\/[^/]+/.exec(path.relative(out, f).split(path.sep).join("/"))?.[0];
    return cluster
      ? `cluster folder ${displayPath(path.join(out, cluster))}`
      : `folder ${displayPath(folder)}`;
  });
}

/**
 * Objects that had no schema but whose kind an XRD elsewhere in their tree defines are checked
 * against it: their `schema/missing` finding is replaced by the schema's findings, in place in
 * `results` (so the report does not depend on which worker saw the XRD). An object whose kind
 * only another tree's XRD defines keeps its finding, which says where that XRD is.
 */
export async function applyTreeXrds(
  results: FileResult[],
  tree: TreeFiles,
  registry: SchemaRegistry,
  settings: CheckSettings,
): Promise<void> {
  const byTree = new Map<string, KindSchema[]>();
  results.forEach((r, i) => {
    if (r.xrds?.length) addTreeKinds(byTree, tree.trees[i]!, xrdSchemas(r.xrds, tree.display[i]!));
  });
  if (!byTree.size) return;
  const lookups = new Map([...byTree].map(([t, kinds]) => [t, registry.treeLookup(kinds)]));
  for (const [i, r] of results.entries()) {
    const own = tree.trees[i]!;
    const kinds = byTree.get(own);
    if (kinds) await checkWithTreeXrds(r, i, tree, kinds, lookups.get(own)!, registry, settings);
    noteXrdsOfOtherTrees(r, own, byTree);
  }
}

async function checkWithTreeXrds(
  r: FileResult,
  i: number,
  tree: TreeFiles,
  kinds: readonly KindSchema[],
  lookup: SchemaLookup,
  registry: SchemaRegistry,
  settings: CheckSettings,
): Promise<void> {
  const defined = new Set(kinds.map((k) => `${k.apiVersion}/${k.kind}`));
  const todo = r.facts.filter(
    (f) =>
      f.noSchema &&
      f.at !== undefined &&
      defined.has(`${f.group ? `${f.group}/` : ""}${f.version}/${f.kind}`),
  );
  if (!todo.length) return;
  const parsed = parseManifestFile(tree.files[i]!, tree.display[i]!);
  await ensureObjectGroups(parsed.objects, lookup, (g) => registry.ensureGroups(g));
  for (const f of todo) {
    // The file is read again: should it have changed meanwhile, its first reading stands.
    const o = parsed.objects[f.at!];
    if (!o || o.object.kind !== f.kind) continue;
    const it = { object: o.object, file: tree.display[i]!, locate: o.locate };
    const compiled = lookup(o.object.apiVersion, o.object.kind);
    if (!compiled) continue;
    const findings: Finding[] = [];
    const counts: Counts = { rulesEvaluated: 0, notEvaluated: 0, transitionSkipped: 0 };
    const scope = checkWithSchema(
      o.object,
      compiled,
      {
        schemas: lookup,
        strict: settings.strict ?? false,
        file: it.file,
      },
      findings,
      counts,
    );
    const resource = resourceName(it);
    const missing = r.diagnostics.findIndex(
      (d) => d.rule === "schema/missing" && d.resource === resource && d.path === "kind",
    );
    if (missing >= 0) r.diagnostics.splice(missing, 1);
    for (const x of findings) r.diagnostics.push(findingDiagnostic(x, it, resource));
    r.counts.rulesEvaluated += counts.rulesEvaluated;
    r.counts.notEvaluated += counts.notEvaluated;
    r.counts.transitionSkipped += counts.transitionSkipped;
    r.withoutSchema--;
    delete f.noSchema;
    if (scope) f.scope = scope;
  }
}

/** A cross-check finding waiting for its line: object `at` of file `file` (result index). */
export interface LocateRequest {
  file: number;
  at: number;
  path: Path;
  diagnostic: Diagnostic;
}

/** Paths to locate in the objects of one file. */
export interface LocateJob {
  file: string;
  display: string;
  items: Array<{ at: number; path: Path }>;
}

/**
 * What locates jobs elsewhere (the worker pool, see workers.ts). Declared here, where it is used,
 * so that this module does not import the pool, which imports serve.ts, which imports this.
 */
export interface Locator {
  /** Lines of each job item, in job and item order (undefined: not found). */
  locate(jobs: LocateJob[]): Promise<Array<Array<number | undefined>>>;
}

/** Lines of paths in the objects of one file (undefined where the object is gone). */
export function locateInFile(
  file: string,
  display: string,
  items: ReadonlyArray<{ at: number; path: Path }>,
): Array<number | undefined> {
  const parsed = parseManifestFile(file, display);
  return items.map((x) => parsed.objects[x.at]?.locate(x.path).line);
}

/**
 * Sets each request's line, reading each concerned file once, in the worker threads when there
 * are some (`pool`), else here.
 */
export async function locateRequests(
  requests: readonly LocateRequest[],
  tree: TreeFiles,
  pool?: Locator,
): Promise<void> {
  const byFile = new Map<number, LocateRequest[]>();
  for (const r of requests) {
    const list = byFile.get(r.file);
    if (list) list.push(r);
    else byFile.set(r.file, [r]);
  }
  const groups = [...byFile];
  const jobs: LocateJob[] = groups.map(([i, list]) => ({
    file: tree.files[i]!,
    display: tree.display[i]!,
    items: list.map((r) => ({ at: r.at, path: r.path })),
  }));
  const lines = pool ? await pool.locate(jobs) : jobs.map((j) => locateInFile(j.file, j.display, j.items));
  groups.forEach(([, list], g) => {
    list.forEach((r, k) => {
      const line = lines[g]?.[k];
      if (line) r.diagnostic.line = line;
    });
  });
}

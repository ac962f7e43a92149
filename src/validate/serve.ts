/**
 * What a checking thread answers — a worker thread, or the main thread taking its share of the
 * files: check files until none is left, hand over its notes, locate findings in files.
 */
import { type CheckedFacts, checkFile, type FileResult } from "./file-check.ts";
import type { Policy } from "./policy.ts";
import type { ReferenceOptions } from "./references.ts";
import type { SchemaRegistry } from "./registry.ts";
import { type LocateJob, locateInFile } from "./tree.ts";

/**
 * A request to a checking thread. `check`: every thread claims the next `batch` files from the
 * shared counter `next` (an Int32Array on a SharedArrayBuffer) until none is left, so no thread
 * waits for another to hand it work; results go back per batch as they are made.
 */
export type WorkRequest =
  | { kind: "check"; files: string[]; display: string[]; next: Int32Array; batch: number }
  | { kind: "notes" }
  | { kind: "locate"; jobs: LocateJob[] };

/** One batch's results, sent while a `check` runs. */
export type FileResults = Array<{ index: number; result: FileResult }>;

/**
 * Batch results as JSON text, without the file of each diagnostic and fact (every one of a
 * file's names that file: `parseResults` puts the names back; undefined is left out of the
 * JSON, and the objects keep their shape).
 */
export function stringifyResults(results: FileResults): string {
  for (const { result } of results) {
    for (const d of result.diagnostics) d.file = undefined as unknown as string;
    for (const f of result.facts) f.file = undefined as unknown as string;
  }
  return JSON.stringify(results);
}

/** One copy of each string: `intern(s)` is the first string equal to `s` it was given. */
export type Interner = <T extends string | undefined>(s: T) => T;

export function interner(): Interner {
  const seen = new Map<string, string>();
  return (<T extends string | undefined>(s: T): T => {
    if (s === undefined) return s;
    const known = seen.get(s);
    if (known !== undefined) return known as T;
    seen.set(s, s);
    return s;
  }) as Interner;
}

/**
 * The results of `stringifyResults`, each diagnostic and fact given its file's display name.
 * The main thread keeps every file's results until the report is made: their strings that
 * repeat from object to object (kinds, groups, namespaces, rules, messages, paths) are kept
 * once, through `intern`, rather than once per object as JSON.parse makes them.
 */
export function parseResults(
  json: string,
  display: readonly string[] | undefined,
  intern: Interner,
): FileResults {
  const results = JSON.parse(json) as FileResults;
  for (const { index, result } of results) {
    const file = display?.[index];
    for (const d of result.diagnostics) {
      if (file !== undefined) d.file = file;
      d.severity = intern(d.severity);
      d.message = intern(d.message);
      if (d.rule !== undefined) d.rule = intern(d.rule);
      if (d.resource !== undefined) d.resource = intern(d.resource);
      if (d.path !== undefined) d.path = intern(d.path);
    }
    for (const f of result.facts) {
      if (file !== undefined) f.file = file;
      internFacts(f, intern);
    }
  }
  return results;
}

function internFacts(f: CheckedFacts, intern: Interner): void {
  f.group = intern(f.group);
  f.version = intern(f.version);
  f.kind = intern(f.kind);
  f.name = intern(f.name);
  if (f.namespace !== undefined) f.namespace = intern(f.namespace);
  if (f.scope !== undefined) f.scope = intern(f.scope);
  for (const r of f.refs) {
    r.edge = intern(r.edge);
    r.group = intern(r.group);
    r.kind = intern(r.kind);
    r.name = intern(r.name);
    if (r.namespace !== undefined) r.namespace = intern(r.namespace);
    r.path = r.path.map((x) => (typeof x === "string" ? intern(x) : x));
  }
  for (const p of f.produces) {
    p.name = intern(p.name);
    if (p.namespace !== undefined) p.namespace = intern(p.namespace);
  }
}

/** Its answer: the end of checking, notes, or lines per job item. */
export type Reply =
  | { kind: "checked" }
  | { kind: "notes"; notes: string[] }
  | { kind: "located"; lines: Array<Array<number | undefined>> };

export interface ServeContext {
  registry: SchemaRegistry;
  policies: readonly Policy[];
  strict: boolean;
  secretPolicy: boolean;
  decrypt?: boolean;
  tree?: ReferenceOptions & { treeRoot: string };
  /** See CheckSettings.reuseChecks (the main thread's share only: workers end with the run). */
  reuseChecks?: boolean;
}

export async function answer(
  ctx: ServeContext,
  req: WorkRequest,
  emit: (results: FileResults) => void = () => {},
): Promise<Reply> {
  const { registry } = ctx;
  if (req.kind === "notes") return { kind: "notes", notes: registry.allNotes() };
  if (req.kind === "locate")
    return { kind: "located", lines: req.jobs.map((j) => locateInFile(j.file, j.display, j.items)) };
  const settings = {
    strict: ctx.strict,
    secretPolicy: ctx.secretPolicy,
    ...(ctx.decrypt ? { decrypt: true } : {}),
    policies: ctx.policies,
    ...(ctx.tree ? { tree: ctx.tree } : {}),
    ...(ctx.reuseChecks ? { reuseChecks: true } : {}),
  };
  const ensure = (g: Set<string>) => registry.ensureGroups(g);
  for (;;) {
    const start = Atomics.add(req.next, 0, req.batch);
    if (start >= req.files.length) break;
    const results: FileResults = [];
    for (let index = start; index < Math.min(start + req.batch, req.files.length); index++) {
      const result = await checkFile(
        req.files[index]!,
        req.display[index]!,
        registry.lookup,
        ensure,
        settings,
      );
      results.push({ index, result });
    }
    emit(results);
    // The main thread takes its share too: between batches it reads the workers' results.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { kind: "checked" };
}

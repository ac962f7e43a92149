/**
 * `validatePaths` (any folder of Kubernetes YAML) and `validateGraph` (a rendered control
 * plane): per-object checks, then cross-resource checks over all objects, then one sorted,
 * deterministic report with its summary.
 */

import os from "node:os";
import path from "node:path";
import type { Diagnostic } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import type { HelmOptions } from "../flux/helm.ts";
import type { KindSchema } from "../import/validator.ts";
import type { ResourceGraph } from "../model/graph.ts";
import {
  type CheckedFacts,
  type CheckItem,
  type CheckSettings,
  checkFile,
  checkObjects,
  crossCheckDiagnostic,
  emptyCounts,
  ensureObjectGroups,
  type FileResult,
  factsResourceName,
  isXrd,
} from "./file-check.ts";
import { displayPaths, listManifestFiles, STDIN } from "./input.ts";
import { checkReferences, type ReferenceOptions } from "./references.ts";
import { type SchemaOptions, SchemaRegistry } from "./registry.ts";
import { applyTreeXrds, fileTrees, type LocateRequest, locateRequests, type TreeFiles } from "./tree.ts";
import { runInWorkers, type WorkerPool } from "./workers.ts";
import { addTreeKinds, noteXrdsOfOtherTrees, xrdSchemas } from "./xrd.ts";

/** Counts shown under every report. */
export interface Summary {
  files: number;
  resources: number;
  errors: number;
  warnings: number;
  /** Objects whose kind has no schema (not validated structurally). */
  withoutSchema: number;
  rulesEvaluated: number;
  /** CEL rules that could not be evaluated ("not evaluated: <reason>"). */
  notEvaluated: number;
  /** Transition rules (using oldSelf), skipped on create as the apiserver does. */
  transitionSkipped: number;
}

export interface ValidationReport {
  diagnostics: Diagnostic[];
  summary: Summary;
  /** Notes about schema sources (e.g. catalog files that could not be resolved). */
  notes: string[];
  /** The command that made the report, for reporters that name it (default `kiln validate`). */
  title?: string;
  /** The summary line, when the report is not a validation's (default: formatSummary). */
  summaryText?: string;
}

export interface ValidateOptions extends CheckSettings {
  schemas?: SchemaOptions;
  /** Extra kind schemas (e.g. from the project's imports). Not sent to workers. */
  kindSchemas?: readonly KindSchema[];
  /** Root of the repository tree for Flux Kustomization `path` checks. */
  treeRoot?: string;
  /** Where `treeRoot` sits inside the repository (see ReferenceOptions.treePrefix). */
  treePrefix?: string;
  /** Worker threads: 0 = none, undefined = automatic for large trees. */
  workers?: number;
  /** User policy modules (paths); loaded in every worker. */
  policyModules?: string[];
  /** Progress callback (files done, files total). */
  progress?: (done: number, total: number) => void;
  /** Repository mode: HelmRelease charts (cache folder, whether to render with helm). */
  helm?: HelmOptions;
}

/** Files per worker below which threads cost more than they save. */
const FILES_PER_WORKER = 400;

function severityOrder(d: Diagnostic): number {
  return d.severity === "error" ? 0 : d.severity === "warning" ? 1 : 2;
}

/** The same order as `localeCompare(b, "en")`, without building a collator per call. */
const collate = new Intl.Collator("en").compare;

/** Sorts diagnostics; files are ranked once, as most comparisons are between files. */
function sortDiagnostics(diagnostics: Diagnostic[]): void {
  const files = [...new Set(diagnostics.map((d) => d.file ?? ""))].sort(collate);
  const rank = new Map(files.map((f, i) => [f, i]));
  const fileRank = (d: Diagnostic) => rank.get(d.file ?? "")!;
  diagnostics.sort((a, b) => fileRank(a) - fileRank(b) || compare(a, b));
}

/** Order within a file. */
function compare(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    severityOrder(a) - severityOrder(b) ||
    collate(a.rule ?? "", b.rule ?? "") ||
    collate(a.path ?? "", b.path ?? "") ||
    collate(a.message, b.message)
  );
}

/**
 * The report of checked objects: their findings, then the cross-resource checks over all of
 * them, sorted. `locate` places cross-check findings that the facts carry no line for.
 */
export async function finish(
  results: FileResult[],
  files: number,
  notes: string[],
  tree: ReferenceOptions,
  locate?: (requests: LocateRequest[]) => Promise<void>,
): Promise<ValidationReport> {
  const diagnostics: Diagnostic[] = [];
  const facts: CheckedFacts[] = [];
  /** Result (file) index of each fact, to locate cross-check findings in file mode. */
  const fileOf: number[] = [];
  const counts = emptyCounts();
  let resources = 0;
  let withoutSchema = 0;
  results.forEach((r, i) => {
    diagnostics.push(...r.diagnostics);
    for (const f of r.facts) {
      facts.push(f);
      fileOf.push(i);
    }
    counts.rulesEvaluated += r.counts.rulesEvaluated;
    counts.notEvaluated += r.counts.notEvaluated;
    counts.transitionSkipped += r.counts.transitionSkipped;
    resources += r.resources;
    withoutSchema += r.withoutSchema;
  });
  const requests: LocateRequest[] = [];
  for (const f of checkReferences(facts, tree)) {
    const at = facts[f.index]!;
    const d = crossCheckDiagnostic(f, factsResourceName(at), at.file);
    const line = at.lines?.[d.path!] ?? at.line;
    if (line) d.line = line;
    else if (at.at !== undefined && locate)
      requests.push({ file: fileOf[f.index]!, at: at.at, path: f.path, diagnostic: d });
    diagnostics.push(d);
  }
  if (requests.length) await locate?.(requests);
  sortDiagnostics(diagnostics);
  const summary: Summary = {
    files,
    resources,
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
    withoutSchema,
    ...counts,
  };
  return { diagnostics, summary, notes: [...new Set(notes)].sort() };
}

/** Validates files and folders of Kubernetes YAML. Bad files are findings, not exceptions. */
export async function validatePaths(
  paths: readonly string[],
  opts: ValidateOptions = {},
): Promise<ValidationReport> {
  const skipped: Diagnostic[] = [];
  const targets = paths.length ? paths : ["."];
  const files = listManifestFiles(targets, (file, message) =>
    skipped.push({ severity: "warning", message, file: displayPath(file), rule: "io" }),
  );
  const registry = await SchemaRegistry.create(opts.schemas ?? {}, opts.kindSchemas ?? []);
  const cpus = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const auto = Math.min(cpus, Math.floor(files.length / FILES_PER_WORKER));
  // Standard input is read by this thread only.
  const workers = files.includes(STDIN)
    ? 0
    : (opts.workers ?? (opts.policies?.length || opts.kindSchemas?.length ? 0 : auto));
  const display = displayPaths(files);
  // Kustomization paths are checked with each object, where the file is read (see file-check.ts).
  const tree = opts.treeRoot
    ? { treeRoot: path.resolve(opts.treeRoot), ...(opts.treePrefix ? { treePrefix: opts.treePrefix } : {}) }
    : undefined;
  let results: FileResult[];
  const notes: string[] = [];
  let pool: WorkerPool | undefined;
  if (workers > 1) {
    const settings = {
      schemas: opts.schemas ?? {},
      strict: opts.strict ?? false,
      secretPolicy: opts.secretPolicy ?? true,
      ...(opts.decrypt ? { decrypt: true } : {}),
      policyModules: opts.policyModules ?? [],
      ...(tree ? { tree } : {}),
    };
    const local = {
      registry,
      policies: await loadPolicyModules(settings.policyModules),
      ...settings,
      ...(opts.reuseChecks ? { reuseChecks: true } : {}),
    };
    const out = await runInWorkers(
      files,
      display,
      workers,
      { ...settings, ...(opts.progress ? { progress: opts.progress } : {}) },
      local,
    );
    results = out.results;
    notes.push(...out.notes);
    pool = out.pool;
  } else {
    const policies = [...(opts.policies ?? []), ...(await loadPolicyModules(opts.policyModules ?? []))];
    results = [];
    for (let i = 0; i < files.length; i++) {
      results.push(
        await checkFile(files[i]!, display[i]!, registry.lookup, (g) => registry.ensureGroups(g), {
          ...opts,
          policies,
          ...(tree ? { tree } : {}),
        }),
      );
      opts.progress?.(i + 1, files.length);
    }
  }
  try {
    const treeFiles: TreeFiles = { files, display, trees: fileTrees(targets, files) };
    await applyTreeXrds(results, treeFiles, registry, opts);
    if (skipped.length)
      results.push({
        diagnostics: skipped,
        facts: [],
        counts: emptyCounts(),
        resources: 0,
        withoutSchema: 0,
      });
    notes.push(...registry.allNotes());
    return await finish(results, files.length, notes, {}, (requests) =>
      locateRequests(requests, treeFiles, pool),
    );
  } finally {
    await pool?.close();
  }
}

/**
 * Validates a rendered resource graph. Locations are the user's source lines (`origin`);
 * `treeRoot` (the synthesized output folder) enables Kustomization path checks.
 */
export async function validateGraph(
  graph: ResourceGraph,
  opts: ValidateOptions = {},
): Promise<ValidationReport> {
  const registry = await SchemaRegistry.create(opts.schemas ?? {}, opts.kindSchemas ?? []);
  const clusters = [...graph.units.values()].filter((u) => u.kind === "cluster").length;
  const items: CheckItem[] = graph.nodes().map((n) => ({
    object: n.object,
    // With several clusters, name the cluster and keep each cluster's references to itself.
    ...(clusters > 1 && graph.units.get(n.origin.unit[0] ?? "")?.kind === "cluster"
      ? { cluster: n.origin.unit[0]! }
      : {}),
    ...(n.origin.file ? { file: displayPath(n.origin.file) } : {}),
    ...(n.origin.line ? { line: n.origin.line } : {}),
    ...(n.origin.foreign ? {} : { written: true }),
  }));
  const policies = [...(opts.policies ?? []), ...(await loadPolicyModules(opts.policyModules ?? []))];
  // The graph's XRDs give their XRs a schema, each cluster's to its own (checkTrees).
  const settings = { ...opts, policies };
  const treeOf = (it: CheckItem) => (it.cluster ? `cluster ${it.cluster}` : "the control plane");
  const results = await checkTrees(items, treeOf, registry, () => settings);
  const files = new Set(items.map((i) => i.file ?? "")).size;
  const tree: ReferenceOptions = opts.treeRoot ? { treeRoot: path.resolve(opts.treeRoot) } : {};
  if (opts.treeRoot && opts.treePrefix) tree.treePrefix = opts.treePrefix;
  return finish(results, files, registry.allNotes(), tree);
}

/**
 * Checks objects whose XRDs are all known before checking (a graph, a Flux repository), tree by
 * tree (`treeOf` names an object's tree): an XRD gives a schema only to the XRs of its own tree,
 * ranked after `--crds`/imports and the catalog. `settingsOf` gives each object its settings
 * (one of a few objects). One result per tree and settings, in first-seen order.
 */
export async function checkTrees(
  items: readonly CheckItem[],
  treeOf: (it: CheckItem) => string,
  registry: SchemaRegistry,
  settingsOf: (it: CheckItem) => CheckSettings,
): Promise<FileResult[]> {
  const groups = new Map<string, Map<CheckSettings, CheckItem[]>>();
  const byTree = new Map<string, KindSchema[]>();
  for (const it of items) {
    const tree = treeOf(it);
    const settings = settingsOf(it);
    const group = groups.get(tree) ?? new Map<CheckSettings, CheckItem[]>();
    groups.set(tree, group);
    const list = group.get(settings);
    if (list) list.push(it);
    else group.set(settings, [it]);
    if (isXrd(it.object)) addTreeKinds(byTree, tree, xrdSchemas([it.object], it.file ?? tree));
  }
  const results: FileResult[] = [];
  for (const [tree, group] of groups) {
    const lookup = registry.treeLookup(byTree.get(tree) ?? []);
    await ensureObjectGroups([...group.values()].flat(), lookup, (g) => registry.ensureGroups(g));
    for (const [settings, list] of group) {
      const r = checkObjects(list, lookup, settings);
      noteXrdsOfOtherTrees(r, tree, byTree);
      results.push(r);
    }
  }
  return results;
}

/** Loads user policy modules (default export: a Policy or an array of them). */
export async function loadPolicyModules(files: readonly string[]): Promise<import("./policy.ts").Policy[]> {
  if (!files.length) return [];
  const { importUserModule } = await import("../model/load.ts");
  const { userCodeSync } = await import("../model/sandbox.ts");
  const { KilnError } = await import("../core/errors.ts");
  const out: import("./policy.ts").Policy[] = [];
  for (const f of files) {
    const mod = await importUserModule(path.resolve(f));
    let exported: unknown = mod.default ?? mod.policies ?? mod.policy;
    // tsx may hand back CommonJS interop: the real default export one level down.
    if (
      exported &&
      !Array.isArray(exported) &&
      typeof exported === "object" &&
      "default" in exported &&
      !("check" in exported)
    ) {
      exported = (exported as { default: unknown }).default;
    }
    const list = Array.isArray(exported) ? exported : [exported];
    for (const p of list) {
      if (
        !p ||
        typeof p !== "object" ||
        typeof (p as { check?: unknown }).check !== "function" ||
        typeof (p as { name?: unknown }).name !== "string"
      ) {
        throw new KilnError(
          "a policy module must `export default definePolicy({ name, check })` (or an array of them)",
          { file: displayPath(f) },
        );
      }
      // Each check is user code: run on `kiln validate --policy`'s worker, its time counts
      // against --timeout, so an endless loop in a policy is stopped.
      const policy = p as import("./policy.ts").Policy;
      const what = `policy ${policy.name} of ${displayPath(f)}`;
      out.push({ ...policy, check: (o, ctx) => userCodeSync(what, () => policy.check(o, ctx)) });
    }
  }
  return out;
}

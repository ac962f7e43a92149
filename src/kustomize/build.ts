/**
 * The kustomize build pipeline (api/internal/target/kusttarget.go): resources, generators,
 * components, then the builtin transformers in kustomize's fixed order; at the top level only,
 * hashed generator names, name references and the output order.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../core/errors.ts";
import { loadConfigurations, type NameBackReference } from "./configurations.ts";
import { imageEntries, labelEntries, replicaEntries, stringField, stringMap } from "./fields.ts";
import { contentHash, generate } from "./generate.ts";
import {
  generatedKustomization,
  isRemote,
  type KustomizationFile,
  kustomizationFileIn,
  LoadError,
  loadKustomizationFile,
  readResourceFile,
  relative,
} from "./load.ts";
import { KUSTOMIZATION_FIELDS } from "./openapi-data.ts";
import { relocate, withOverlay } from "./overlay.ts";
import { applyJson6902, applyPatches } from "./patch.ts";
import { fixNameReferences } from "./refs.ts";
import { applyReplacements } from "./replace.ts";
import { describe, type Resource, rename } from "./resource.ts";
import { sortResources } from "./sort.ts";
import {
  applyAnnotations,
  applyImages,
  applyLabels,
  applyNameAffixes,
  applyNamespace,
  applyReplicas,
} from "./transform.ts";
import type { BuildCache, BuildOptions, BuildResult } from "./types.ts";

interface Context {
  root: string;
  cache?: BuildCache;
  diagnostics: Diagnostic[];
  /** Folders being built, outermost first: a folder met again is a cycle. */
  active: string[];
  /** nameReference entries of every kustomization's `configurations` (they apply build-wide). */
  nameReference: NameBackReference[];
}

export async function build(dir: string, options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const ctx: Context = { root, diagnostics: [], active: [], nameReference: [] };
  if (options.cache) ctx.cache = options.cache;
  const abs = path.resolve(dir);
  if (!inside(root, abs)) {
    ctx.diagnostics.push(
      error(`${abs} is outside the repository root ${root}`, { file: relative(root, abs) }),
    );
    return { objects: [], diagnostics: ctx.diagnostics };
  }
  let k: KustomizationFile;
  try {
    k = target(abs, root, true, ctx.cache);
    if (options.overlay) k = withOverlay(k, options.overlay);
  } catch (e) {
    ctx.diagnostics.push(fromError(e));
    return { objects: [], diagnostics: ctx.diagnostics };
  }
  const list: Resource[] = [];
  accumulate(k, ctx, list, "root");
  for (const r of list)
    if (r.generated?.hash) rename(r, { name: `${r.object.metadata.name}-${contentHash(r.object)}` });
  fixNameReferences(list, ctx.nameReference);
  const sorted = sortResources(list, k.spec.sortOptions);
  const objects = sorted.map((r) => ({ object: r.object, origin: r.origin }));
  if (options.overlay) relocate(objects, ctx.diagnostics, options.overlay);
  return { objects, diagnostics: ctx.diagnostics };
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function error(message: string, where: { file: string; line?: number }, rule = "kustomize"): Diagnostic {
  const d: Diagnostic = { severity: "error", message, rule, file: where.file };
  if (where.line) d.line = where.line;
  return d;
}

function fromError(e: unknown): Diagnostic {
  if (e instanceof LoadError) return error(e.message, { file: e.file, line: e.line });
  throw e;
}

/** The kustomization of a folder; kustomize-controller generates one only for the top folder. */
function target(dir: string, root: string, top: boolean, cache?: BuildCache): KustomizationFile {
  const file = kustomizationFileIn(dir);
  if (file) return loadKustomizationFile(file, root, cache);
  if (top) return generatedKustomization(dir, root);
  throw new LoadError(
    `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${relative(root, dir)}'`,
    relative(root, dir),
  );
}

function strings(k: KustomizationFile, field: string, ctx: Context): string[] {
  const v = k.spec[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((e) => typeof e !== "string")) {
    ctx.diagnostics.push(error(`${field} is a list of strings`, { file: k.rel, line: k.line([field]) }));
    return [];
  }
  return v as string[];
}

/** Adds resources, refusing a second object with the same id (kustomize: "already registered id"). */
function append(
  list: Resource[],
  add: Resource[],
  ctx: Context,
  where: { file: string; line?: number },
): void {
  const ids = new Set(list.map(idOf));
  for (const r of add) {
    const id = idOf(r);
    if (ids.has(id)) {
      ctx.diagnostics.push(
        error(
          `may not add resource with an already registered id: ${describe(r)} (from ${r.origin.file})`,
          where,
        ),
      );
      continue;
    }
    ids.add(id);
    list.push(r);
  }
}

/**
 * Adds a generated object (`appendReplaceOrMerge`): `merge` folds its data over the object with
 * the same id (any of its earlier names), `replace` takes that object's place; both keep the
 * earlier object's name, namespace and merged labels and annotations.
 */
function absorb(list: Resource[], g: Resource, ctx: Context, where: { file: string; line?: number }): void {
  const behavior = g.generated?.behavior ?? "create";
  const same = (r: Resource) =>
    r.object.kind === g.object.kind &&
    [
      { name: r.object.metadata.name ?? "", namespace: r.object.metadata.namespace ?? "" },
      ...r.previous,
    ].some((p) => p.name === g.object.metadata.name && p.namespace === (g.object.metadata.namespace ?? ""));
  const matches = list.filter(same);
  if (matches.length === 0) {
    if (behavior !== "create")
      ctx.diagnostics.push(error(`${describe(g)} does not exist; cannot ${behavior} it`, where));
    else append(list, [g], ctx, where);
    return;
  }
  const old = matches[0] as Resource;
  if (matches.length > 1 || behavior === "create") {
    ctx.diagnostics.push(
      error(
        matches.length > 1
          ? `several objects could accept the merge of ${describe(g)}`
          : `${describe(g)} exists already; use behavior merge or replace`,
        where,
      ),
    );
    return;
  }
  const o = g.object;
  const om = old.object.metadata;
  const labels = { ...(om.labels ?? {}), ...(o.metadata.labels ?? {}) };
  const annotations = { ...(om.annotations ?? {}), ...(o.metadata.annotations ?? {}) };
  if (Object.keys(labels).length) o.metadata.labels = labels;
  if (Object.keys(annotations).length) o.metadata.annotations = annotations;
  o.metadata.name = om.name;
  if (om.namespace) o.metadata.namespace = om.namespace;
  else delete o.metadata.namespace;
  g.previous = old.previous;
  // kustomize keeps the earlier object's build annotations: a hash it disabled stays disabled
  if (g.generated && old.generated && !old.generated.hash) g.generated.hash = false;
  if (behavior === "merge") {
    for (const field of ["data", "binaryData"]) {
      const merged = { ...((old.object[field] as object) ?? {}), ...((o[field] as object) ?? {}) };
      if (Object.keys(merged).length) o[field] = merged;
    }
    g.origin = old.origin;
  }
  list[list.indexOf(old)] = g;
}

export function idOf(r: Resource): string {
  const av = r.object.apiVersion ?? "";
  const group = av.includes("/") ? av.slice(0, av.lastIndexOf("/")) : "";
  return `${group}|${r.object.kind}|${r.object.metadata?.namespace ?? ""}|${r.object.metadata?.name ?? ""}`;
}

/**
 * Builds one kustomization into `list`. For a component, `list` is the including
 * kustomization's accumulated resources, which the component's transformers then change.
 */
function accumulate(
  k: KustomizationFile,
  ctx: Context,
  list: Resource[],
  role: "root" | "base" | "component",
): void {
  const kind = k.spec.kind ?? "Kustomization";
  if (role === "component" && kind !== "Component") {
    ctx.diagnostics.push(
      error("a components entry names a kustomization whose kind is not Component", {
        file: k.rel,
        line: k.line(["kind"]),
      }),
    );
    return;
  }
  if (role !== "component" && kind === "Component") {
    ctx.diagnostics.push(
      error("a Component may only be listed in components, not built or listed in resources", {
        file: k.rel,
        line: k.line(["kind"]),
      }),
    );
    return;
  }
  unsupported(k, ctx);
  configurations(k, ctx);
  ctx.active.push(k.dir);
  try {
    const entries = [
      ...strings(k, "resources", ctx).map((e, i) => ({ e, field: "resources", i })),
      ...strings(k, "bases", ctx).map((e, i) => ({ e, field: "bases", i })),
    ];
    for (const { e, field, i } of entries) {
      const where = { file: k.rel, line: k.line([field, i]) };
      const add = loadEntry(e, k, ctx, where, "base");
      if (add) append(list, add, ctx, where);
    }
    try {
      for (const g of generate(k)) absorb(list, g, ctx, { file: k.rel, line: g.origin.line });
    } catch (e) {
      ctx.diagnostics.push(fromError(e));
    }
    strings(k, "components", ctx).forEach((e, i) => {
      const where = { file: k.rel, line: k.line(["components", i]) };
      loadEntry(e, k, ctx, where, "component", list);
    });
    transform(k, ctx, list);
  } finally {
    ctx.active.pop();
  }
}

/** The kustomization fields kiln applies; metadata and the kind/apiVersion header change nothing. */
const SUPPORTED = new Set([
  "apiVersion",
  "kind",
  "metadata",
  "resources",
  "bases",
  "components",
  "configMapGenerator",
  "secretGenerator",
  "generatorOptions",
  "namespace",
  "namePrefix",
  "nameSuffix",
  "labels",
  "commonLabels",
  "commonAnnotations",
  "patches",
  "patchesStrategicMerge",
  "patchesJson6902",
  "images",
  "imageTags",
  "replicas",
  "replacements",
  "sortOptions",
  "configurations",
]);

/**
 * A field kiln does not apply (`vars`, `helmCharts`, `transformers`, `configurations`, …) is a
 * warning naming it: the objects are built without it, so they may differ from `kustomize build`.
 */
function unsupported(k: KustomizationFile, ctx: Context): void {
  for (const field of Object.keys(k.spec)) {
    if (!KNOWN.has(field)) {
      // kustomize unmarshals the file strictly: an unknown field (a typo) fails its build
      ctx.diagnostics.push(
        error(`unknown field ${field}: not a kustomization field`, { file: k.rel, line: k.line([field]) }),
      );
      continue;
    }
    if (!SUPPORTED.has(field) && k.spec[field] !== null && k.spec[field] !== undefined)
      ctx.diagnostics.push({
        severity: "warning",
        message: `kiln does not apply the kustomization field ${field}: the objects are built without it and may differ from kustomize build`,
        rule: "kustomize/unsupported",
        file: k.rel,
        line: k.line([field]),
      });
  }
}

const KNOWN = new Set(KUSTOMIZATION_FIELDS);

function configurations(k: KustomizationFile, ctx: Context): void {
  const entries = strings(k, "configurations", ctx).filter((e, i) => {
    if (inside(ctx.root, path.resolve(k.dir, e))) return true;
    ctx.diagnostics.push(
      error(`${e} is outside the repository root`, { file: k.rel, line: k.line(["configurations", i]) }),
    );
    return false;
  });
  if (entries.length === 0) return;
  try {
    const c = loadConfigurations(k, entries);
    ctx.nameReference.push(...c.nameReference);
    for (const { section, file, line } of c.ignored)
      ctx.diagnostics.push({
        severity: "warning",
        message: `kiln applies only the nameReference section of transformer configurations, not ${section}: the objects may differ from kustomize build`,
        rule: "kustomize/unsupported",
        file,
        line,
      });
  } catch (e) {
    ctx.diagnostics.push(fromError(e));
  }
}

function loadEntry(
  entry: string,
  k: KustomizationFile,
  ctx: Context,
  where: { file: string; line?: number },
  role: "base" | "component",
  into?: Resource[],
): Resource[] | undefined {
  const p = path.resolve(k.dir, entry);
  if (!existsSync(p)) {
    if (isRemote(entry))
      ctx.diagnostics.push({
        severity: "warning",
        message: `remote ${role === "component" ? "component" : "resource"} ${entry} is not available offline: its objects are not included`,
        rule: "kustomize/remote",
        ...where,
      });
    else ctx.diagnostics.push(error(`${entry}: no such file or directory`, where));
    return undefined;
  }
  if (!inside(ctx.root, p)) {
    ctx.diagnostics.push(error(`${entry} is outside the repository root`, where));
    return undefined;
  }
  try {
    if (statSync(p).isDirectory()) {
      if (ctx.active.includes(p)) {
        ctx.diagnostics.push(error(`cycle: ${relative(ctx.root, p)} includes itself`, where));
        return undefined;
      }
      const sub = target(p, ctx.root, false, ctx.cache);
      const out = into ?? [];
      accumulate(sub, ctx, out, role);
      return out;
    }
    if (role === "component") {
      ctx.diagnostics.push(error(`component ${entry} is a file: a component is a folder`, where));
      return undefined;
    }
    return readResourceFile(p, ctx.root, ctx.cache);
  } catch (e) {
    ctx.diagnostics.push(fromError(e));
    return undefined;
  }
}

/**
 * The builtin transformers, in kustomize's order (kusttarget_configplugin.go). A transformer that
 * fails stops the kustomization's build, as in kustomize: the diagnostic says where.
 */
function transform(k: KustomizationFile, ctx: Context, list: Resource[]): void {
  const steps: (() => void)[] = [
    () => applyPatches(k, list),
    () => {
      const namespace = stringField(k, ["namespace"]);
      if (namespace) applyNamespace(list, namespace);
    },
    () => {
      const prefix = stringField(k, ["namePrefix"]);
      const suffix = stringField(k, ["nameSuffix"]);
      if (prefix || suffix) applyNameAffixes(list, prefix, suffix);
    },
    () => applyLabels(list, labelEntries(k), stringMap(k, ["commonLabels"])),
    () => applyAnnotations(list, stringMap(k, ["commonAnnotations"])),
    () => applyJson6902(k, list),
    () => {
      for (const name of applyReplicas(list, replicaEntries(k)))
        throw new LoadError(
          `replicas: no Deployment, ReplicationController, ReplicaSet or StatefulSet is named ${name}`,
          k.rel,
          k.line(["replicas"]),
        );
    },
    () => applyImages(list, imageEntries(k)),
    () => applyReplacements(k, list),
  ];
  for (const step of steps)
    try {
      step();
    } catch (e) {
      ctx.diagnostics.push(fromError(e));
      return;
    }
}

/**
 * `patches`, `patchesStrategicMerge` and `patchesJson6902` (api/internal/builtins
 * PatchTransformer, PatchStrategicMergeTransformer, PatchJson6902Transformer). A patch's text is
 * a strategic merge patch when its documents are maps, a JSON 6902 patch when it is a list of
 * operations (applied with fast-json-patch). An untargeted strategic merge patch applies to the
 * one object with its own apiVersion, kind, name and namespace; a target selects any number.
 * Name, namespace and kind survive a strategic merge unless `options` allow the change.
 */
import path from "node:path";
import jsonpatch from "fast-json-patch";
import { isKilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { isObject } from "../core/object.ts";
import { parseYamlDocuments, type YamlDialect } from "../core/yaml.ts";
import { type KustomizationFile, LoadError, readDocuments, relative } from "./load.ts";
import { MergeError, strategicMerge } from "./merge.ts";
import { isClusterScopedType } from "./openapi.ts";
import { type Resource, rename } from "./resource.ts";
import { type Selector, selectsTarget } from "./select.ts";

type JsonMap = Record<string, unknown>;

interface Patch {
  /** Strategic merge documents, or undefined for a JSON 6902 patch. */
  docs?: { value: JsonMap; line: number }[];
  ops?: jsonpatch.Operation[];
  target?: Selector;
  allowNameChange: boolean;
  allowKindChange: boolean;
  /** `patchesJson6902` and `patchesStrategicMerge` entries (no previous name kept for JSON ones). */
  legacy: boolean;
  /** Where the patch is written: its file, or the kustomization for an inline patch. */
  file: string;
  line: number;
}

/** The documents of a patch's text (`line` is added to each document's line). */
function parseText(
  text: string,
  file: string,
  line: number,
  dialect: YamlDialect = "kyaml",
): { value: unknown; line: number }[] {
  try {
    return parseYamlDocuments(text, file, { dialect })
      .filter((d) => d.value !== null)
      .map((d) => ({ value: d.value, line: line + d.line - 1 }));
  } catch (e) {
    if (isKilnError(e)) throw new LoadError(`patch: ${e.message}`, file, line + (e.location.line ?? 1) - 1);
    throw e;
  }
}

function loadFile(
  k: KustomizationFile,
  p: string,
  where: { file: string; line: number },
  dialect: YamlDialect = "kyaml",
) {
  const file = path.resolve(k.dir, p);
  const rel = relative(k.root, file);
  if (rel.startsWith("../") || path.isAbsolute(rel))
    throw new LoadError(`patch ${p} is outside the repository root`, where.file, where.line);
  return { rel, docs: readDocuments(file, rel, dialect, k.cache).filter((d) => d.value !== null) };
}

/** Classifies a patch's documents as kustomize does: maps are strategic merge, a list is JSON 6902. */
function classify(
  docs: { value: unknown; line: number }[],
  where: { file: string; line: number },
): Pick<Patch, "docs" | "ops"> {
  if (docs.length > 0 && docs.every((d) => isObject(d.value)))
    return { docs: docs as { value: JsonMap; line: number }[] };
  const first = docs[0]?.value;
  if (Array.isArray(first)) {
    const invalid = jsonpatch.validate(first as jsonpatch.Operation[]);
    if (invalid)
      throw new LoadError(
        `invalid JSON 6902 patch: ${invalid.message.split("\n")[0]}`,
        where.file,
        where.line,
      );
    return { ops: first as jsonpatch.Operation[] };
  }
  throw new LoadError(
    "unable to parse the patch as a strategic merge or JSON 6902 patch",
    where.file,
    where.line,
  );
}

function options(e: JsonMap): { allowNameChange: boolean; allowKindChange: boolean } {
  const o = isObject(e.options) ? e.options : {};
  return { allowNameChange: o.allowNameChange === true, allowKindChange: o.allowKindChange === true };
}

/** One `patches` or `patchesJson6902` entry: `path` or `patch`, `target`, `options`. */
function entry(k: KustomizationFile, field: "patches" | "patchesJson6902", e: unknown, i: number): Patch {
  const where = { file: k.rel, line: k.line([field, i]) };
  if (!isObject(e)) throw new LoadError(`${field}[${i}] is not a mapping`, where.file, where.line);
  const text = typeof e.patch === "string" ? e.patch.trim() : "";
  const file = typeof e.path === "string" ? e.path : "";
  if (text && file)
    throw new LoadError(
      `${field}[${i}]: patch and path can't be set at the same time`,
      where.file,
      where.line,
    );
  if (!text && !file)
    throw new LoadError(`${field}[${i}]: must specify one of patch and path`, where.file, where.line);
  let docs: { value: unknown; line: number }[];
  let at = where;
  if (file) {
    const loaded = loadFile(k, file, where);
    docs = loaded.docs;
    at = { file: loaded.rel, line: loaded.docs[0]?.line ?? 1 };
  } else {
    const line = k.line([field, i, "patch"]) + 1;
    docs = parseText(text, k.rel, line);
    at = { file: k.rel, line };
  }
  let kind = classify(docs, at);
  // kustomize reads JSON patches with sigs.k8s.io/yaml: YAML 1.1 booleans (`yes`, `on`)
  if (kind.ops)
    kind = classify(
      file ? loadFile(k, file, where, "yaml11").docs : parseText(text, k.rel, at.line, "yaml11"),
      at,
    );
  const p: Patch = { ...kind, ...options(e), legacy: field === "patchesJson6902", ...at };
  if (isObject(e.target)) p.target = e.target as Selector;
  if (field === "patchesJson6902") {
    if (!p.target?.name)
      throw new LoadError(`${field}[${i}]: must specify the target name`, where.file, where.line);
    if (!p.ops) throw new LoadError(`${field}[${i}] is not a list of JSON 6902 operations`, at.file, at.line);
  }
  if (p.ops && !p.target)
    throw new LoadError(`${field}[${i}]: a JSON 6902 patch needs a target`, where.file, where.line);
  if (p.docs && p.target && p.docs.length > 1)
    throw new LoadError(
      `${field}[${i}]: several strategic merge patches in one entry may not have a target`,
      where.file,
      where.line,
    );
  return p;
}

/** `patchesStrategicMerge` entries: a file path, or the patch itself inline. */
function legacyStrategicMerge(k: KustomizationFile): Patch[] {
  const list = k.spec.patchesStrategicMerge;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list))
    throw new LoadError("patchesStrategicMerge is a list", k.rel, k.line(["patchesStrategicMerge"]));
  return list.flatMap((e: unknown, i: number) => {
    const where = { file: k.rel, line: k.line(["patchesStrategicMerge", i]) };
    if (typeof e !== "string")
      throw new LoadError(`patchesStrategicMerge[${i}] is not a string`, where.file, where.line);
    // kustomize reads the entry as YAML first: objects are an inline patch, anything else a path
    let docs: { value: unknown; line: number }[] = [];
    try {
      docs = parseText(e, k.rel, where.line);
    } catch {
      docs = [];
    }
    let at = where;
    if (!(docs.length > 0 && docs.every((d) => isObject(d.value)))) {
      const loaded = loadFile(k, e, where);
      docs = loaded.docs;
      at = { file: loaded.rel, line: loaded.docs[0]?.line ?? 1 };
      if (!docs.every((d) => isObject(d.value)))
        throw new LoadError(`${e} is not a strategic merge patch`, at.file, at.line);
    }
    return docs.map((d) => ({
      docs: [d as { value: JsonMap; line: number }],
      allowNameChange: false,
      allowKindChange: false,
      legacy: true,
      file: at.file,
      line: d.line,
    }));
  });
}

/** The id a resource matches an untargeted patch by (`ResId.Equals`: namespace `default` = none). */
function sameId(r: Resource, doc: JsonMap): boolean {
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  if (doc.apiVersion !== r.object.apiVersion || doc.kind !== r.object.kind) return false;
  const cluster = isClusterScopedType(r.object.apiVersion ?? "", r.object.kind ?? "");
  const ns = (n: unknown) => (cluster ? "" : typeof n === "string" && n ? n : "default");
  const ids = [
    { name: r.object.metadata.name ?? "", namespace: r.object.metadata.namespace ?? "" },
    ...r.previous,
  ];
  return ids.some((id) => id.name === meta.name && ns(id.namespace) === ns(meta.namespace));
}

function describeDoc(doc: JsonMap): string {
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const ns = typeof meta.namespace === "string" ? `${meta.namespace}/` : "";
  return `${String(doc.kind)} ${ns}${String(meta.name)}`;
}

function mergeInto(r: Resource, doc: JsonMap, p: Patch, list: Resource[], targeted: boolean): void {
  const { name, namespace } = r.object.metadata;
  const kind = r.object.kind;
  // a targeted patch takes the target's apiVersion (resWrangler.ApplySmPatch)
  const patch = targeted ? { ...doc, apiVersion: r.object.apiVersion, kind: doc.kind ?? kind } : doc;
  let merged: JsonMap | undefined;
  try {
    merged = strategicMerge(r.object as unknown as JsonMap, patch);
  } catch (e) {
    if (e instanceof MergeError)
      throw new LoadError(`patch on ${kind} ${name}: ${e.message} at ${e.path || "."}`, p.file, p.line);
    throw e;
  }
  if (merged === undefined) {
    list.splice(list.indexOf(r), 1);
    return;
  }
  const next = merged as unknown as KubeObject;
  if (!isObject(next.metadata)) next.metadata = {};
  const newName = next.metadata.name;
  if (!p.allowKindChange) next.kind = kind;
  next.metadata.name = name;
  if (namespace) next.metadata.namespace = namespace;
  else delete next.metadata.namespace;
  r.object = next;
  if (p.allowNameChange && typeof newName === "string") rename(r, { name: newName });
  r.origin = { ...r.origin, patches: [...(r.origin.patches ?? []), { file: p.file, line: p.line }] };
}

function applyOps(r: Resource, p: Patch): void {
  const before = { name: r.object.metadata?.name, namespace: r.object.metadata?.namespace };
  // kustomize's objects always carry its internal annotations while it builds, so a JSON patch
  // always finds metadata.annotations (a map it removes again when empty)
  const input = structuredClone(r.object);
  if (!isObject(input.metadata.annotations)) input.metadata.annotations = {};
  let next: KubeObject;
  try {
    next = jsonpatch.applyPatch(input, structuredClone(p.ops ?? []), true, false).newDocument as KubeObject;
  } catch (e) {
    throw new LoadError(
      `JSON 6902 patch on ${r.object.kind} ${before.name}: ${(e as Error).message.split("\n")[0]}`,
      p.file,
      p.line,
    );
  }
  if (!isObject(next.metadata)) next.metadata = {};
  const annotations = next.metadata.annotations;
  if (isObject(annotations) && Object.keys(annotations).length === 0) delete next.metadata.annotations;
  const after = { name: next.metadata.name, namespace: next.metadata.namespace };
  r.object = next;
  if (!p.legacy && (after.name !== before.name || after.namespace !== before.namespace)) {
    // `patches` keeps the earlier id (StorePreviousId) so references to the old name follow
    next.metadata.name = before.name;
    if (before.namespace === undefined) delete next.metadata.namespace;
    else next.metadata.namespace = before.namespace;
    rename(r, { name: after.name ?? "", namespace: after.namespace ?? "" });
  }
  r.origin = { ...r.origin, patches: [...(r.origin.patches ?? []), { file: p.file, line: p.line }] };
}

function selected(p: Patch, list: Resource[]): Resource[] {
  try {
    return list.filter((r) =>
      selectsTarget(
        p.target as Selector,
        r,
        isClusterScopedType(r.object.apiVersion ?? "", r.object.kind ?? ""),
      ),
    );
  } catch (e) {
    if (e instanceof LoadError) throw new LoadError(e.message, p.file, p.line);
    if (e instanceof SyntaxError) throw new LoadError(`patch target: ${e.message}`, p.file, p.line);
    throw e;
  }
}

function apply(p: Patch, list: Resource[]): void {
  if (p.ops) {
    for (const r of selected(p, list)) applyOps(r, p);
    return;
  }
  for (const d of p.docs ?? []) {
    if (p.target) {
      for (const r of selected(p, list)) mergeInto(r, d.value, p, list, true);
      continue;
    }
    const matches = list.filter((r) => sameId(r, d.value));
    if (matches.length !== 1)
      throw new LoadError(
        `${matches.length ? "several objects match" : "no object matches"} the strategic merge patch for ${describeDoc(d.value)}`,
        p.file,
        d.line,
      );
    mergeInto(matches[0] as Resource, d.value, { ...p, line: d.line }, list, p.legacy);
  }
}

/** `patchesStrategicMerge`, then `patches` (kustomize runs both before the namespace transformer). */
export function applyPatches(k: KustomizationFile, list: Resource[]): void {
  for (const p of legacyStrategicMerge(k)) apply(p, list);
  const patches = k.spec.patches;
  if (patches === undefined || patches === null) return;
  if (!Array.isArray(patches)) throw new LoadError("patches is a list", k.rel, k.line(["patches"]));
  for (const [i, e] of patches.entries()) apply(entry(k, "patches", e, i), list);
}

/** `patchesJson6902` (kustomize runs it after labels and annotations). */
export function applyJson6902(k: KustomizationFile, list: Resource[]): void {
  const patches = k.spec.patchesJson6902;
  if (patches === undefined || patches === null) return;
  if (!Array.isArray(patches))
    throw new LoadError("patchesJson6902 is a list", k.rel, k.line(["patchesJson6902"]));
  for (const [i, e] of patches.entries()) apply(entry(k, "patchesJson6902", e, i), list);
}

/**
 * Reading `kiln render`'s inputs (the same files crank reads) with errors that name the file,
 * line and field: an XR, a Pipeline-mode Composition, Functions, observed and required
 * resources. A path may be a file or a folder of `.yaml`/`.yml` files (not recursive, in name
 * order), as in crank's `LoadYAMLStream`.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { KilnError, type Location } from "../../core/errors.ts";
import type { KubeObject } from "../../core/identity.ts";
import { isObject } from "../../core/object.ts";
import { displayPath } from "../../core/paths.ts";
import { listFolderFiles } from "../../core/walk.ts";
import { parseYamlDocuments, type YamlDocument } from "../../core/yaml.ts";
import type { FunctionManifest } from "./runners.ts";

/** An object read from a file, with the means to point at its fields. */
export interface LoadedObject {
  object: KubeObject;
  file: string;
  doc: YamlDocument;
}

/** File:line of a field of a loaded object. */
export function where(o: LoadedObject, at: ReadonlyArray<string | number> = []): Location {
  return { file: o.file, line: o.doc.locate(at).line };
}

function describe(o: KubeObject): string {
  return `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name ?? "(unnamed)"}`;
}

/** Every YAML file of a file-or-folder argument. */
function yamlFiles(fileOrDir: string, what: string): string[] {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(fileOrDir);
  } catch {
    throw new KilnError(`cannot read ${what}: no such file or folder`, { file: displayPath(fileOrDir) });
  }
  if (!st.isDirectory()) return [fileOrDir];
  const files = listFolderFiles([fileOrDir], { match: /\.ya?ml$/, recursive: false }).sort();
  if (files.length === 0)
    throw new KilnError(`no YAML files found in ${displayPath(fileOrDir)} (.yaml or .yml)`);
  return files;
}

/** All Kubernetes objects in a file or folder; empty documents are skipped. */
export function loadObjects(fileOrDir: string, what: string): LoadedObject[] {
  const out: LoadedObject[] = [];
  for (const f of yamlFiles(fileOrDir, what)) {
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch (e) {
      throw new KilnError(
        `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        {
          file: displayPath(f),
        },
      );
    }
    const file = displayPath(f);
    for (const doc of parseYamlDocuments(text, file)) {
      if (doc.value === null) continue;
      const v = doc.value;
      if (
        !isObject(v) ||
        typeof v.apiVersion !== "string" ||
        !v.apiVersion ||
        typeof v.kind !== "string" ||
        !v.kind
      ) {
        throw new KilnError(`${what}: expected a Kubernetes object with apiVersion and kind`, {
          file,
          line: doc.line,
        });
      }
      if (v.metadata !== undefined && !isObject(v.metadata)) {
        throw new KilnError(`${what}: metadata must be a mapping`, {
          file,
          line: doc.locate(["metadata"]).line,
        });
      }
      v.metadata ??= {};
      out.push({ object: v as KubeObject, file, doc });
    }
  }
  return out;
}

function loadOne(file: string, what: string): LoadedObject {
  const all = loadObjects(file, what);
  if (all.length !== 1) {
    throw new KilnError(`expected exactly one ${what}, found ${all.length}`, { file: displayPath(file) });
  }
  return all[0]!;
}

/** The composite resource (XR). */
export function loadCompositeResource(file: string): LoadedObject {
  const xr = loadOne(file, "composite resource");
  if (!xr.object.metadata.name) throw new KilnError("composite resource has no metadata.name", where(xr));
  return xr;
}

/** A Composition in Pipeline mode whose steps each name a step and a functionRef. */
export function loadComposition(file: string): LoadedObject {
  const c = loadOne(file, "Composition");
  checkComposition(c);
  return c;
}

/** Checks a Composition's kind, mode and pipeline shape (crank: "must use spec.mode: Pipeline"). */
export function checkComposition(c: LoadedObject): void {
  const o = c.object;
  if (o.apiVersion !== "apiextensions.crossplane.io/v1" || o.kind !== "Composition") {
    throw new KilnError(
      `not a composition: ${o.kind}/${o.metadata.name ?? ""} (want apiextensions.crossplane.io/v1 Composition)`,
      where(c),
    );
  }
  const spec = isObject(o.spec) ? o.spec : {};
  const res = { resource: describe(o) };
  if (spec.mode !== "Pipeline") {
    throw new KilnError(
      `render only supports Composition Function pipelines: spec.mode must be Pipeline (found ${spec.mode === undefined ? "no mode" : JSON.stringify(spec.mode)})`,
      { ...where(c, ["spec", "mode"]), ...res },
    );
  }
  const ref = spec.compositeTypeRef;
  if (!isObject(ref) || typeof ref.apiVersion !== "string" || typeof ref.kind !== "string") {
    throw new KilnError("needs apiVersion and kind", {
      ...where(c, ["spec"]),
      ...res,
      path: "spec.compositeTypeRef",
    });
  }
  if (!Array.isArray(spec.pipeline) || spec.pipeline.length === 0) {
    throw new KilnError("must list at least one step", {
      ...where(c, ["spec"]),
      ...res,
      path: "spec.pipeline",
    });
  }
  const seen = new Set<string>();
  spec.pipeline.forEach((s: unknown, i: number) => {
    const at = ["spec", "pipeline", i];
    const loc = { ...where(c, at), ...res, path: `spec.pipeline[${i}]` };
    if (!isObject(s) || typeof s.step !== "string" || !s.step)
      throw new KilnError("pipeline step has no step name", loc);
    if (seen.has(s.step)) throw new KilnError(`duplicate pipeline step "${s.step}"`, loc);
    seen.add(s.step);
    if (!isObject(s.functionRef) || typeof s.functionRef.name !== "string" || !s.functionRef.name) {
      throw new KilnError(`pipeline step "${s.step}" has no functionRef.name`, loc);
    }
    if (s.credentials !== undefined) {
      const ok =
        Array.isArray(s.credentials) &&
        s.credentials.every(
          (c: unknown) =>
            isObject(c) &&
            typeof c.name === "string" &&
            (c.source !== "Secret" || (isObject(c.secretRef) && typeof c.secretRef.name === "string")),
        );
      if (!ok) {
        throw new KilnError(
          `pipeline step "${s.step}": credentials must be a list of {name, source, secretRef: {namespace, name}}`,
          { ...where(c, [...at, "credentials"]), ...res },
        );
      }
    }
    if (s.input !== undefined && !isObject(s.input)) {
      throw new KilnError(`pipeline step "${s.step}": input must be a mapping`, {
        ...where(c, [...at, "input"]),
        ...res,
      });
    }
  });
}

/** The XR's apiVersion and kind must be the Composition's compositeTypeRef; its selector labels must match. */
export function checkCompositionMatchesXR(xr: LoadedObject, comp: LoadedObject): void {
  const ref = (comp.object.spec as { compositeTypeRef: { apiVersion: string; kind: string } })
    .compositeTypeRef;
  const loc = { ...where(comp, ["spec", "compositeTypeRef"]), resource: describe(comp.object) };
  if (ref.kind !== xr.object.kind) {
    throw new KilnError(
      `composition's compositeTypeRef.kind (${ref.kind}) does not match XR's kind (${xr.object.kind}) from ${xr.file}`,
      loc,
    );
  }
  if (ref.apiVersion !== xr.object.apiVersion) {
    throw new KilnError(
      `composition's compositeTypeRef.apiVersion (${ref.apiVersion}) does not match XR's apiVersion (${xr.object.apiVersion}) from ${xr.file}`,
      loc,
    );
  }
  const spec = isObject(xr.object.spec) ? xr.object.spec : {};
  const crossplane = isObject(spec.crossplane) ? spec.crossplane : {};
  const selector = isObject(crossplane.compositionSelector) ? crossplane.compositionSelector : undefined;
  const want = selector && isObject(selector.matchLabels) ? selector.matchLabels : {};
  const labels = comp.object.metadata.labels ?? {};
  for (const [k, v] of Object.entries(want)) {
    if (!(k in labels))
      throw new KilnError(
        `composition "${comp.object.metadata.name}" is missing required label "${k}"`,
        where(comp, ["metadata"]),
      );
    if (labels[k] !== v) {
      throw new KilnError(
        `composition "${comp.object.metadata.name}" has incorrect value for label "${k}": want "${String(v)}", got "${labels[k]}"`,
        where(comp, ["metadata", "labels", k]),
      );
    }
  }
}

/** Function manifests (`pkg.crossplane.io/v1` or `v1beta1`). */
export function loadFunctions(fileOrDir: string): FunctionManifest[] {
  return loadObjects(fileOrDir, "Functions").map((f) => {
    const o = f.object;
    if (
      o.kind !== "Function" ||
      (o.apiVersion !== "pkg.crossplane.io/v1" && o.apiVersion !== "pkg.crossplane.io/v1beta1")
    ) {
      throw new KilnError(
        `not a function: ${o.kind}/${o.metadata.name ?? ""} (want pkg.crossplane.io/v1 Function)`,
        where(f),
      );
    }
    if (!o.metadata.name) throw new KilnError("Function has no metadata.name", where(f));
    return { object: o, location: where(f), baseDir: path.dirname(path.resolve(f.file)) };
  });
}

/** Every step's functionRef must name a Function from the functions file. */
export function checkFunctionRefs(comp: LoadedObject, functions: readonly FunctionManifest[]): void {
  const known = new Set(functions.map((f) => f.object.metadata.name));
  const steps = (comp.object.spec as { pipeline: Array<{ step: string; functionRef: { name: string } }> })
    .pipeline;
  steps.forEach((s, i) => {
    if (known.has(s.functionRef.name)) return;
    const list = [...known].sort().join(", ") || "none";
    throw new KilnError(
      `pipeline step "${s.step}" references Function "${s.functionRef.name}", which is not in the Functions file (found: ${list})`,
      { ...where(comp, ["spec", "pipeline", i, "functionRef", "name"]), resource: describe(comp.object) },
    );
  });
}

/**
 * Typed reads of a kustomization's transformer fields. kustomize unmarshals the file into Go
 * structs, so a value of the wrong type (a number where a label value, tag or namespace is a
 * string) fails the build; these readers report it at the field's line instead of guessing.
 */
import { isObject } from "../core/object.ts";
import type { FieldSpec } from "./fieldspec.ts";
import { type KustomizationFile, LoadError } from "./load.ts";
import type { ImageEntry, LabelEntry } from "./transform.ts";

type Path = (string | number)[];

function fail(k: KustomizationFile, p: Path, want: string, got: unknown): never {
  const type = got === null ? "null" : Array.isArray(got) ? "list" : typeof got;
  throw new LoadError(
    `${p.join(".")}: expected ${want}, got ${type} (kustomize rejects it)`,
    k.rel,
    k.line(p),
  );
}

function at(k: KustomizationFile, p: Path): unknown {
  let v: unknown = k.spec;
  for (const s of p)
    v = isObject(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[s] : undefined;
  return v;
}

/** A string field; absent and null read as "" (Go's zero value). */
export function stringField(k: KustomizationFile, p: Path): string {
  const v = at(k, p);
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") fail(k, p, "a string", v);
  return v;
}

function boolField(k: KustomizationFile, p: Path): boolean {
  const v = at(k, p);
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") fail(k, p, "true or false", v);
  return v;
}

/** A map of strings (labels, annotations). */
export function stringMap(k: KustomizationFile, p: Path): Record<string, string> {
  const v = at(k, p);
  if (v === undefined || v === null) return {};
  if (!isObject(v)) fail(k, p, "a map of strings", v);
  const out: Record<string, string> = {};
  for (const key of Object.keys(v)) out[key] = stringField(k, [...p, key]);
  return out;
}

function list(k: KustomizationFile, p: Path): unknown[] {
  const v = at(k, p);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(k, p, "a list", v);
  return v;
}

function entries(k: KustomizationFile, p: Path): number[] {
  return list(k, p).map((e, i) => {
    if (!isObject(e)) fail(k, [...p, i], "a mapping", e);
    return i;
  });
}

function fieldSpecs(k: KustomizationFile, p: Path): FieldSpec[] {
  return entries(k, p).map((i) => {
    const fs: FieldSpec = {
      path: stringField(k, [...p, i, "path"]),
      create: boolField(k, [...p, i, "create"]),
    };
    for (const key of ["group", "version", "kind"] as const) {
      const v = stringField(k, [...p, i, key]);
      if (v) fs[key] = v;
    }
    return fs;
  });
}

export function labelEntries(k: KustomizationFile): LabelEntry[] {
  return entries(k, ["labels"]).map((i) => ({
    pairs: stringMap(k, ["labels", i, "pairs"]),
    includeSelectors: boolField(k, ["labels", i, "includeSelectors"]),
    includeTemplates: boolField(k, ["labels", i, "includeTemplates"]),
    fields: fieldSpecs(k, ["labels", i, "fields"]),
  }));
}

export function imageEntries(k: KustomizationFile): ImageEntry[] {
  return entries(k, ["images"]).map((i) => {
    const e: ImageEntry = { name: stringField(k, ["images", i, "name"]) };
    for (const key of ["newName", "newTag", "digest", "tagSuffix"] as const) {
      const v = stringField(k, ["images", i, key]);
      if (v) e[key] = v;
    }
    return e;
  });
}

export function replicaEntries(k: KustomizationFile): { name: string; count: number }[] {
  return entries(k, ["replicas"]).map((i) => {
    const count = at(k, ["replicas", i, "count"]);
    if (count !== undefined && count !== null && !Number.isInteger(count))
      fail(k, ["replicas", i, "count"], "an integer", count);
    return { name: stringField(k, ["replicas", i, "name"]), count: (count as number | undefined) ?? 0 };
  });
}

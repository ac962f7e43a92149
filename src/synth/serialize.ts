/**
 * Deterministic serialization of Kubernetes objects: conventional key order at the top and in
 * metadata, sorted keys below (with `name` first, as humans read list items), no timestamps.
 */

import { setOwn } from "../core/object.ts";
import { stringifyYaml } from "../core/yaml.ts";

const TOP = [
  "apiVersion",
  "kind",
  "metadata",
  "spec",
  "data",
  "stringData",
  "binaryData",
  "type",
  "immutable",
  "rules",
  "roleRef",
  "subjects",
  "status",
];
const META = ["name", "generateName", "namespace", "labels", "annotations", "finalizers", "ownerReferences"];

function rank(order: readonly string[], k: string): number {
  const i = order.indexOf(k);
  return i < 0 ? order.length : i;
}

function compareKeys(order: readonly string[]) {
  return (a: string, b: string) => rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const byTop = compareKeys(TOP);
const byMeta = compareKeys(META);
const byName = compareKeys(["name"]);

function ordered(value: unknown, cmp: (a: string, b: string) => number): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, byName));
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort(cmp)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    setOwn(out, k, ordered(v, k === "metadata" && cmp === byTop ? byMeta : byName));
  }
  return out;
}

/** Returns a copy of a Kubernetes object with kiln's canonical key order; `undefined` fields are dropped. */
export function orderKeys<T>(obj: T): T {
  return ordered(obj, byTop) as T;
}

export function toYaml(obj: unknown): string {
  return stringifyYaml(orderKeys(obj));
}

export function toJson(obj: unknown): string {
  return `${JSON.stringify(orderKeys(obj), null, 2)}\n`;
}

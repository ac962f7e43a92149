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

/**
 * The first value in `value` that JSON (and so a manifest) cannot hold, as `{ path, what }`:
 * a cycle, a function, a symbol, a bigint, a non-finite number, or an object that is not plain
 * data (a Map or Set would be written as `{}`, its entries lost). `undefined` fields are dropped
 * by design, so they pass. Written by hand: JSON.stringify throws on some of these without a
 * path and silently turns others into `{}` or `null`.
 */
export function unwritableValue(value: unknown, at = ""): { path: string; what: string } | undefined {
  const stack = new Set<object>();
  const walk = (v: unknown, p: string): { path: string; what: string } | undefined => {
    const here = p || "(root)";
    switch (typeof v) {
      case "function":
        return { path: here, what: "a function" };
      case "symbol":
        return { path: here, what: "a symbol" };
      case "bigint":
        return { path: here, what: "a bigint (write it as a number or a string)" };
      case "number":
        return Number.isFinite(v) ? undefined : { path: here, what: `the number ${v}` };
      case "object": {
        if (v === null || v instanceof Date) return undefined;
        if (stack.has(v)) return { path: here, what: "a reference to one of its own parents (a cycle)" };
        const proto = Object.getPrototypeOf(v);
        if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
          const name = (proto?.constructor as { name?: string } | undefined)?.name ?? "object";
          return { path: here, what: `a ${name} (only plain objects, arrays and scalars can be written)` };
        }
        stack.add(v);
        try {
          if (Array.isArray(v)) {
            for (let i = 0; i < v.length; i++) {
              const r = walk(v[i], `${p}[${i}]`);
              if (r) return r;
            }
          } else {
            for (const k of Object.keys(v)) {
              const r = walk((v as Record<string, unknown>)[k], p ? `${p}.${k}` : k);
              if (r) return r;
            }
          }
        } finally {
          stack.delete(v);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };
  return walk(value, at);
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

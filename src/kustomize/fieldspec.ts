/**
 * kustomize's field specs: "this field, in objects of this group/kind", the unit of its builtin
 * transformer configuration (api/internal/konfig/builtinpluginconsts). A path is `/`-separated;
 * a list on the way is entered element by element, as kustomize's fsslice filter does.
 */
import type { Resource } from "./resource.ts";
import { groupOf } from "./resource.ts";

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

export function specApplies(fs: FieldSpec, r: Resource): boolean {
  if (fs.kind !== undefined && fs.kind !== r.object.kind) return false;
  if (fs.group !== undefined && fs.group !== groupOf(r)) return false;
  if (fs.version !== undefined) {
    const av = r.object.apiVersion ?? "";
    if (fs.version !== av.slice(av.lastIndexOf("/") + 1)) return false;
  }
  return true;
}

/** Splits `a/b\/c/d` into segments (`\/` escapes a slash inside a key; a `[]` suffix marks a list). */
function segments(p: string): string[] {
  return p.split(/(?<!\\)\//).map((s) => s.replace(/\\\//g, "/").replace(/\[\]$/, ""));
}

type Visit = (value: unknown, set: (v: unknown) => void) => void;

/**
 * Calls `visit` for every value at the spec's path in `obj`. With `create`, a missing last
 * segment (and missing maps on the way) is created with `visit`'s value; without, absent fields
 * are skipped. `visit` receives `undefined` for a created field.
 */
export function visitPath(obj: unknown, p: string, create: boolean, visit: Visit): void {
  walk(obj, segments(p), 0, create, visit);
}

function walk(node: unknown, segs: string[], i: number, create: boolean, visit: Visit): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, segs, i, create, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  const map = node as Record<string, unknown>;
  const key = segs[i] as string;
  const last = i === segs.length - 1;
  if (last) {
    if (key in map || create)
      visit(map[key], (v) => {
        map[key] = v;
      });
    return;
  }
  let next = map[key];
  if (next === undefined || next === null) {
    if (!create) return;
    next = {};
    map[key] = next;
  }
  walk(next, segs, i + 1, create, visit);
}

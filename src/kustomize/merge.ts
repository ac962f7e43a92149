/**
 * Strategic merge as `kustomize build` does it: kyaml's merge2 walker (kyaml/yaml/walk, merge2)
 * with kustomize's options (new list items first: `ListIncreaseDirection: Prepend`; no inferred
 * merge keys). Ported by hand because no JavaScript library implements kyaml's variant (it differs
 * from the apiserver's strategic merge: list order, `$patch` on lists, nulls in added fields).
 *
 * - Maps merge field by field; a patch value `null` removes the field; `$patch: delete` removes
 *   the map, `$patch: replace` replaces it.
 * - A list merges by its merge keys only when kustomize's OpenAPI data gives it the `merge`
 *   strategy (built-in kinds); every other list is replaced by the patch's list as written.
 *   Merged lists hold the patch's items first (merged with the object's), then the object's other
 *   items; a `$patch: delete` item removes its match, a lone `{$patch: replace}` item replaces the
 *   list, `{$patch: delete}` removes it. Keyless merge lists (finalizers) are set unions.
 */
import { isObject, setOwn } from "../core/object.ts";
import { fieldSchema, itemSchema, patchStrategy, type SchemaNode, schemaForType } from "./openapi.ts";

type Json = unknown;
type JsonMap = Record<string, Json>;

/** A failure of the merge, with the JSON path (from the object's root) where it happened. */
export class MergeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

const missingOrNull = (v: Json) => v === undefined || v === null;
/** The explicit `null` of the object that the patch does not touch: kyaml keeps it. */
const KEEP_NULL = Symbol("keep null");
type Result = Json | typeof KEEP_NULL;

/**
 * Merges `patch` into `object` (both plain JSON, neither changed); returns the merged object, or
 * undefined when the patch deletes it (`$patch: delete` at the top).
 */
export function strategicMerge(object: JsonMap, patch: JsonMap): JsonMap | undefined {
  const out = walk(structuredClone(object), structuredClone(patch), undefined, "");
  return out === undefined || out === KEEP_NULL ? undefined : (out as JsonMap);
}

/** A scalar's text as kyaml compares it (the YAML node's value). */
function text(v: Json): string {
  return v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
}

function walk(dest: Json, src: Json, schema: SchemaNode | undefined, at: string): Result {
  // a schema comes from the parent, else from the node's own apiVersion/kind (kyaml GetSchema)
  let s = schema;
  if (!s)
    for (const n of [dest, src])
      if (isObject(n)) {
        s = schemaForType(n.apiVersion, n.kind);
        if (s) break;
      }
  const first = !missingOrNull(dest) ? dest : src;
  const other = first === dest ? src : dest;
  if (Array.isArray(first)) {
    if (!missingOrNull(other) && !Array.isArray(other))
      throw new MergeError("cannot merge a list with a non-list", at);
    return patchStrategy(s).strategy.split(",").includes("merge")
      ? walkAssociative(dest as Json[] | null | undefined, src as Json[] | null | undefined, s, at)
      : src !== undefined
        ? src
        : dest;
  }
  if (isObject(first) || missingOrNull(first)) {
    if (!missingOrNull(other) && !isObject(other))
      throw new MergeError("cannot merge a map with a non-map", at);
    return walkMap(dest as JsonMap | null | undefined, src as JsonMap | null | undefined, s, at);
  }
  if (!missingOrNull(other) && (isObject(other) || Array.isArray(other)))
    throw new MergeError("cannot merge a scalar with a map or list", at);
  return src !== undefined ? src : dest;
}

/** The `$patch` directive of a map (removed from it), as merge2's determineSmpDirective. */
function mapDirective(m: JsonMap | null | undefined, at: string, strict: boolean): string {
  if (!isObject(m) || !("$patch" in m)) return "merge";
  const v = m.$patch;
  if (v === "delete" || v === "replace" || v === "merge") {
    delete m.$patch;
    return v;
  }
  if (strict) throw new MergeError(`unknown patch strategy '${text(v)}'`, at);
  return "unknown";
}

function walkMap(
  dest: JsonMap | null | undefined,
  src: JsonMap | null | undefined,
  s: SchemaNode | undefined,
  at: string,
): Result {
  let base: JsonMap;
  if (missingOrNull(dest)) {
    if (mapDirective(src, at, false) === "delete") return undefined;
    if (src === undefined) return dest === null ? KEEP_NULL : undefined;
    if (src === null) return undefined;
    base = structuredClone(src);
  } else {
    if (src === null) return undefined;
    const d = mapDirective(src, at, true);
    if (d === "delete") return undefined;
    base = d === "replace" ? structuredClone(src as JsonMap) : (dest as JsonMap);
  }
  const keys = new Set([...Object.keys(base), ...(src ? Object.keys(src) : [])]);
  for (const k of [...keys].sort()) {
    const v = walk(base[k], src ? src[k] : undefined, fieldSchema(s, k), `${at}.${k}`);
    if (v === KEEP_NULL) setOwn(base, k, null);
    else if (v === undefined || v === null) delete base[k];
    else setOwn(base, k, v);
  }
  return base;
}

/** A list's `$patch` item (a map whose only field is `$patch`), removed from the list. */
function listDirective(list: Json[], at: string): string {
  const i = list.findIndex((e) => isObject(e) && "$patch" in e);
  const item = list[i];
  if (i < 0 || !isObject(item) || Object.keys(item).length > 1) return "merge";
  const v = item.$patch;
  if (v !== "delete" && v !== "replace" && v !== "merge")
    throw new MergeError(`unknown patch strategy '${text(v)}'`, at);
  list.splice(i, 1);
  return v;
}

/** Whether `item` has `values` at `keys` (an empty value: the field is absent or empty). */
function matches(item: Json, keys: string[], values: string[]): boolean {
  if (keys.length === 1 && keys[0] === "")
    return !isObject(item) && !Array.isArray(item) && text(item) === values[0];
  if (!isObject(item)) return false;
  return keys.every((k, i) => text(item[k]) === values[i]);
}

function walkAssociative(
  dest: Json[] | null | undefined,
  src: Json[] | null | undefined,
  s: SchemaNode | undefined,
  at: string,
): Result {
  let base: Json[];
  if (missingOrNull(dest)) {
    if (src === undefined) return dest === null ? KEEP_NULL : undefined;
    if (src === null) return undefined;
    base = structuredClone(src);
  } else {
    if (src === null) return undefined;
    const d = src ? listDirective(src, at) : "merge";
    if (d === "delete") return undefined;
    base = d === "replace" ? structuredClone(src as Json[]) : (dest as Json[]);
  }
  const sources = [base, src ?? undefined];
  let keys = patchStrategy(s).keys;
  const items = itemSchema(s);
  // the patch's items first, then the object's (kustomize prepends)
  const ordered = [src, base].filter((l): l is Json[] => Array.isArray(l));
  let valuesList: string[][] = [];
  const seen = new Set<string>();
  if (keys.length > 0) {
    for (const list of ordered)
      for (const item of list) {
        const values = keys.map((k) => (isObject(item) ? text(item[k]) : ""));
        const id = JSON.stringify(values);
        if (!seen.has(id)) {
          seen.add(id);
          valuesList.push(values);
        }
      }
  } else {
    // a list of scalars with the merge strategy (finalizers): a union
    keys = [""];
    for (const list of ordered)
      for (const item of list) {
        const id = text(item);
        if (!seen.has(id)) {
          seen.add(id);
          valuesList.push([id]);
        }
      }
  }
  if (keys.length > 1) valuesList = mergeValues(valuesList);
  const present = new Set<string>();
  for (const values of valuesList)
    for (const [i, v] of values.entries()) if (v !== "") present.add(keys[i] as string);
  const validate = (values: string[]) => {
    if (present.size === 0) return { keys, values };
    return {
      keys: keys.filter((k) => present.has(k)),
      values: values.filter((v, i) => v !== "" || present.has(keys[i] as string)),
    };
  };
  let result: Json[] = [];
  let lastKeys = keys;
  for (const values of valuesList) {
    const valid = validate(values);
    lastKeys = valid.keys;
    const [d, p] = sources.map((l) =>
      Array.isArray(l) ? l.find((e) => matches(e, valid.keys, valid.values)) : undefined,
    );
    const val = walk(d, p, items, `${at}[${valid.values.join(",")}]`);
    if (
      val === undefined ||
      val === null ||
      val === KEEP_NULL ||
      (isObject(val) && Object.keys(val).length === 0)
    ) {
      base = base.filter((e) => !matches(e, valid.keys, valid.values));
      continue;
    }
    if (isObject(val))
      valid.keys.forEach((k, i) => {
        if (!(k in val) && valid.values[i] !== "") val[k] = valid.values[i];
      });
    result = setElement(result, val, valid.keys, valid.values);
  }
  // the object's items the patch did not name (and items without their merge keys) follow
  for (const item of base) {
    if (missingOrNull(item) || (isObject(item) && Object.keys(item).length === 0)) continue;
    const values = lastKeys.map((k) => (k === "" ? text(item) : isObject(item) ? text(item[k]) : ""));
    if (lastKeys[0] !== "" && isObject(item) && lastKeys.some((k) => item[k] === undefined)) {
      result.push(item);
      continue;
    }
    // with several keys kyaml removes the match and appends: the object's items move to the end
    if (lastKeys.length > 1) result = [...result.filter((e) => !matches(e, lastKeys, values)), item];
    else result = setElement(result, item, lastKeys, values);
  }
  return result;
}

/** kyaml's ElementSetter: replaces the item matching `values` (dropping empty items), else appends. */
function setElement(list: Json[], item: Json, keys: string[], values: string[]): Json[] {
  const out: Json[] = [];
  let found = false;
  for (const e of list) {
    if (missingOrNull(e) || (isObject(e) && Object.keys(e).length === 0)) continue;
    if (keys[0] !== "" && !isObject(e)) {
      out.push(e);
      continue;
    }
    if (matches(e, keys, values)) {
      found = true;
      out.push(item);
    } else out.push(e);
  }
  if (!found) out.push(item);
  return out;
}

/** Items whose key values differ only where one is empty are the same item (kyaml mergeValues). */
function mergeValues(list: string[][]): string[][] {
  for (let i = 0; i < list.length; i++)
    for (let j = 0; j < list.length; j++) {
      const a = list[i] as string[];
      const b = list[j] as string[];
      let common = false;
      let ok = true;
      const merged = a.map((v, k) => {
        const w = b[k] as string;
        if (v === w) {
          common = true;
          return v;
        }
        if (v !== "" && w !== "") ok = false;
        return v !== "" ? v : w;
      });
      if (ok && common) {
        list[i] = merged;
        list[j] = merged;
      }
    }
  return list;
}

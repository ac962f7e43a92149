/**
 * The checks a structural schema implies beyond JSON Schema, run in one walk over value and
 * schema together: `x-kubernetes-list-type` set/map uniqueness, `x-kubernetes-validations` (CEL)
 * with `self` bound at the rule's node, and embedded resources (`x-kubernetes-embedded-resource`).
 */

import { isObject } from "../../core/object.ts";
import { type CompiledRule, compileRule, evaluateRule, type ValidationRule } from "../cel/rules.ts";
import { escapeProperty, toCel } from "../cel/values.ts";

type Schema = Record<string, any>;
type Path = Array<string | number>;

export interface NodeIssue {
  path: Path;
  message: string;
  rule: string;
  severity: "error" | "warning";
}

export interface NodeCounts {
  rulesEvaluated: number;
  notEvaluated: number;
  transitionSkipped: number;
}

export interface NodeContext {
  issues: NodeIssue[];
  counts: NodeCounts;
  /** Called for each embedded resource (apiVersion/kind set) so the caller can validate it with its own schema. */
  embedded?: (obj: Record<string, unknown>, path: Path) => void;
}

/** Precomputed per schema node: compiled rules; cached on the schema object itself. */
const compiled = new WeakMap<Schema, CompiledRule[]>();
function rulesOf(s: Schema): CompiledRule[] {
  let r = compiled.get(s);
  if (!r) {
    r = ((s["x-kubernetes-validations"] ?? []) as ValidationRule[]).map(compileRule);
    compiled.set(s, r);
  }
  return r;
}

const interesting = new WeakMap<Schema, boolean>();
/** Whether anything below this schema node needs the walk (lets most subtrees be skipped). */
function needsWalk(s: Schema | undefined): boolean {
  if (!s || typeof s !== "object") return false;
  let v = interesting.get(s);
  if (v !== undefined) return v;
  interesting.set(s, false);
  v =
    Boolean(
      s["x-kubernetes-validations"] || s["x-kubernetes-list-type"] || s["x-kubernetes-embedded-resource"],
    ) ||
    Object.values((s.properties ?? {}) as Record<string, Schema>).some(needsWalk) ||
    needsWalk(s.items) ||
    (typeof s.additionalProperties === "object" && needsWalk(s.additionalProperties));
  interesting.set(s, v);
  return v;
}

const embedding = new WeakMap<Schema, boolean>();
/** Whether an embedded resource (`x-kubernetes-embedded-resource`) can occur below this node. */
export function schemaEmbeds(s: Schema | undefined): boolean {
  if (!s || typeof s !== "object") return false;
  let v = embedding.get(s);
  if (v !== undefined) return v;
  embedding.set(s, false);
  v =
    Boolean(s["x-kubernetes-embedded-resource"]) ||
    Object.values((s.properties ?? {}) as Record<string, Schema>).some(schemaEmbeds) ||
    schemaEmbeds(s.items) ||
    (typeof s.additionalProperties === "object" && schemaEmbeds(s.additionalProperties));
  embedding.set(s, v);
  return v;
}

/** True when the schema has any rule, list-type or embedded resource at all. */
export function schemaNeedsWalk(s: Schema): boolean {
  return needsWalk(s);
}

/**
 * Walks `value` with `schema`. `cel` is the value already converted to CEL (or undefined when
 * no rule needs it below here).
 */
export function checkNodes(
  value: unknown,
  schema: Schema,
  ctx: NodeContext,
  path: Path = [],
  cel?: unknown,
): void {
  if (!needsWalk(schema) || value === null || value === undefined || !typeMatches(value, schema)) return;
  const rules = rulesOf(schema);
  if (rules.length) {
    const self = cel ?? toCel(value, schema);
    for (const r of rules) runRule(r, self, path, ctx);
  }
  const listType = schema["x-kubernetes-list-type"];
  if (Array.isArray(value) && (listType === "set" || listType === "map"))
    checkListType(value, schema, path, ctx);
  if (
    schema["x-kubernetes-embedded-resource"] &&
    ctx.embedded &&
    isObject(value) &&
    value.apiVersion &&
    value.kind
  ) {
    ctx.embedded(value, path);
  }
  const celMap = cel instanceof Map ? cel : undefined;
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    if (!items || !needsWalk(items)) return;
    const celList = Array.isArray(cel) ? cel : undefined;
    value.forEach((v, i) => {
      checkNodes(v, items, ctx, [...path, i], celList?.[i]);
    });
    return;
  }
  if (!isObject(value)) return;
  const props = schema.properties as Record<string, Schema> | undefined;
  const extra =
    typeof schema.additionalProperties === "object" ? (schema.additionalProperties as Schema) : undefined;
  for (const [k, v] of Object.entries(value)) {
    const ps = props?.[k];
    if (ps) {
      if (needsWalk(ps)) checkNodes(v, ps, ctx, [...path, k], celMap?.get(escapeProperty(k)));
    } else if (extra && needsWalk(extra)) checkNodes(v, extra, ctx, [...path, k], celMap?.get(k));
  }
}

function runRule(r: CompiledRule, self: unknown, path: Path, ctx: NodeContext): void {
  const out = evaluateRule(r, self);
  switch (out.kind) {
    case "pass":
      ctx.counts.rulesEvaluated++;
      return;
    case "transition-skipped":
      ctx.counts.transitionSkipped++;
      return;
    case "not-evaluated":
      ctx.counts.notEvaluated++;
      ctx.issues.push({
        path,
        message: `not evaluated: ${out.reason} (rule: ${r.source.rule})`,
        rule: "cel/not-evaluated",
        severity: "warning",
      });
      return;
    case "error":
      ctx.counts.rulesEvaluated++;
      ctx.issues.push({ path, message: out.message, rule: "cel", severity: "error" });
      return;
    case "fail": {
      ctx.counts.rulesEvaluated++;
      const at = out.fieldPath ? [...path, ...fieldPathSegments(out.fieldPath)] : path;
      ctx.issues.push({ path: at, message: out.message, rule: "cel", severity: "error" });
    }
  }
}

/** `.spec.foo['bar'][0]` → ["spec", "foo", "bar", 0]. */
function fieldPathSegments(fp: string): Path {
  const out: Path = [];
  for (const m of fp.matchAll(/\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\]/g))
    out.push(m[3] !== undefined ? Number(m[3]) : (m[1] ?? m[2]!));
  return out;
}

function checkListType(list: unknown[], schema: Schema, path: Path, ctx: NodeContext): void {
  const type = schema["x-kubernetes-list-type"];
  const keys = (schema["x-kubernetes-list-map-keys"] ?? []) as string[];
  const itemDefaults = (schema.items?.properties ?? {}) as Record<string, Schema>;
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    let id: string;
    if (type === "set") id = JSON.stringify(item);
    else {
      if (!isObject(item)) return;
      const parts = keys.map((k) => (item[k] !== undefined ? item[k] : itemDefaults[k]?.default));
      const missing = keys.filter((_, j) => parts[j] === undefined);
      if (missing.length) {
        for (const k of missing)
          ctx.issues.push({
            path: [...path, i, k],
            message: "Required value: list map key is missing",
            rule: "schema/list-map-key",
            severity: "error",
          });
        return;
      }
      id = JSON.stringify(parts);
    }
    const first = seen.get(id);
    if (first !== undefined) {
      const what = type === "set" ? JSON.stringify(item) : id.slice(1, -1);
      const keyNames = type === "map" ? ` for key ${keys.join(", ")}` : "";
      ctx.issues.push({
        path: [...path, i],
        message: `Duplicate value${keyNames}: ${what} (same as item ${first})`,
        rule: `schema/list-type-${type}`,
        severity: "error",
      });
    } else seen.set(id, i);
  });
}

/**
 * A value of the wrong type is already a schema error; the apiserver does not run rules on it,
 * so neither does kiln (they would fail with "no matching overload", which is not a finding).
 */
function typeMatches(v: unknown, s: Schema): boolean {
  if (s["x-kubernetes-int-or-string"]) return typeof v === "string" || Number.isInteger(v);
  switch (s.type) {
    case "object":
      return isObject(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    default:
      return true;
  }
}

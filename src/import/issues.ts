/**
 * ajv errors (from kubernetes-models' precompiled validators, and the ajv-shaped errors of
 * closure-validator.ts) → apiserver-style schema issues.
 */
import type { ErrorObject } from "ajv";

/** One schema finding at a JSON path inside the object. */
export interface SchemaIssue {
  path: Array<string | number>;
  message: string;
  /** e.g. "schema/type", "schema/required", "schema/unknown-field", "schema/enum", "schema/format". */
  rule: string;
}

const RULES: Record<string, string> = {
  type: "schema/type",
  required: "schema/required",
  additionalProperties: "schema/unknown-field",
  enum: "schema/enum",
  format: "schema/format",
  pattern: "schema/pattern",
  minimum: "schema/range",
  maximum: "schema/range",
  exclusiveMinimum: "schema/range",
  exclusiveMaximum: "schema/range",
  minLength: "schema/length",
  maxLength: "schema/length",
  minItems: "schema/items",
  maxItems: "schema/items",
  minProperties: "schema/properties",
  maxProperties: "schema/properties",
  multipleOf: "schema/multiple-of",
  anyOf: "schema/any-of",
  oneOf: "schema/one-of",
  not: "schema/not",
};

/** ajv errors → SchemaIssues with apiserver-like wording; sub-errors of anyOf/oneOf/not are folded. */
export function toIssues(errors: ErrorObject[], obj: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (/\/(anyOf|oneOf|not)\//.test(e.schemaPath)) continue;
    const p = pointerToPath(e.instancePath, obj);
    const issue = describe(e, p, dataAt(obj, p));
    const id = `${issue.rule}|${JSON.stringify(issue.path)}|${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(issue);
  }
  return out;
}

function describe(e: ErrorObject, p: Array<string | number>, data: unknown): SchemaIssue {
  const rule = RULES[e.keyword] ?? `schema/${e.keyword}`;
  const params = e.params as Record<string, unknown>;
  const value = renderValue(data);
  switch (e.keyword) {
    case "required":
      return { path: [...p, String(params.missingProperty)], message: "Required value", rule };
    case "additionalProperties":
      return {
        path: [...p, String(params.additionalProperty)],
        message: `unknown field "${String(params.additionalProperty)}"`,
        rule,
      };
    case "type":
      return {
        path: p,
        message: `Invalid value: ${value}: must be of type ${[params.type].flat().join(" or ")}`,
        rule,
      };
    case "enum": {
      // null is in the list only because a null field counts as absent; it is not a value to suggest.
      const allowed = (params.allowedValues as unknown[])
        .filter((v) => v !== null)
        .map((v) => JSON.stringify(v))
        .join(", ");
      return { path: p, message: `Unsupported value: ${value}: supported values: ${allowed}`, rule };
    }
    case "format":
      return {
        path: p,
        message: `Invalid value: ${value}: must be of format ${String(params.format)}`,
        rule,
      };
    default:
      return { path: p, message: `Invalid value: ${value}: ${e.message ?? e.keyword}`, rule };
  }
}

/** A value as schema messages quote it (JSON, cut at 60 characters). */
export function renderValue(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The value at path `p` inside `obj` (undefined when absent). */
export function dataAt(obj: unknown, p: ReadonlyArray<string | number>): unknown {
  let cur = obj;
  for (const seg of p)
    cur = cur && typeof cur === "object" ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

/** `/spec/ports/0/name` → ["spec", "ports", 0, "name"]: a segment is a number only where the data is an array. */
function pointerToPath(pointer: string, obj: unknown): Array<string | number> {
  if (!pointer) return [];
  const out: Array<string | number> = [];
  let cur: unknown = obj;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

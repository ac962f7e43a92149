/**
 * Structural-schema checks, as the apiserver applies them to apiextensions.k8s.io/v1 CRDs
 * (k8s.io/apiextensions-apiserver pkg/apiserver/schema: validateStructural and
 * ValidateCustomResourceDefinitionOpenAPISchema). No npm package implements these rules, so the
 * subset that decides whether a schema can be pruned and typed is written here; messages follow
 * the apiserver's wording ("Required value", "Forbidden", "Invalid value").
 */
import { isObject } from "../core/object.ts";

export interface StructuralProblem {
  /** Path inside the schema, e.g. ["properties", "spec", "type"]. */
  path: Array<string | number>;
  message: string;
}

type Schema = Record<string, unknown>;

const FORBIDDEN = [
  "$ref",
  "$schema",
  "id",
  "definitions",
  "dependencies",
  "patternProperties",
  "additionalItems",
];
const TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);

/** All structural problems of a version's openAPIV3Schema (empty when it is structural). */
export function structuralErrors(root: Schema): StructuralProblem[] {
  const out: StructuralProblem[] = [];
  if (root.type !== "object") {
    out.push({ path: ["type"], message: 'Invalid value: must be "object" at the root' });
  }
  walk(root, [], out, { root: true, inValueValidation: false });
  const meta = isSchema(root.properties) ? root.properties.metadata : undefined;
  if (isSchema(meta)) {
    const extra = Object.keys(isSchema(meta.properties) ? meta.properties : {}).filter(
      (k) => k !== "name" && k !== "generateName",
    );
    const other = Object.keys(meta).filter((k) => !["type", "properties", "description"].includes(k));
    if (extra.length > 0 || other.length > 0) {
      out.push({
        path: ["properties", "metadata"],
        message:
          "Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified",
      });
    }
  }
  return out;
}

interface Ctx {
  root: boolean;
  /** Inside allOf/anyOf/oneOf/not: types there may be omitted (value validation only). */
  inValueValidation: boolean;
}

const FIELD: Ctx = { root: false, inValueValidation: false };
const VALUE_VALIDATION: Ctx = { root: false, inValueValidation: true };
const BRANCHES = ["allOf", "anyOf", "oneOf"] as const;

/**
 * `path` is one stack shared by the whole walk (pushed and popped around each child) and copied
 * only into a problem: CRDs have thousands of schema nodes and almost never a problem.
 */
function walk(s: Schema, path: Array<string | number>, out: StructuralProblem[], ctx: Ctx): void {
  const at = (...rest: Array<string | number>) => [...path, ...rest];
  for (const k of FORBIDDEN) {
    if (k in s) out.push({ path: at(k), message: "Forbidden: not allowed in a structural schema" });
  }
  if (s.uniqueItems === true) {
    out.push({
      path: at("uniqueItems"),
      message: "Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
    });
  }
  const intOrString = s["x-kubernetes-int-or-string"] === true;
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  if (s.type !== undefined && (typeof s.type !== "string" || !TYPES.has(s.type))) {
    out.push({ path: at("type"), message: `Unsupported value: ${JSON.stringify(s.type)}` });
  }
  if (!ctx.inValueValidation && !ctx.root) {
    if (intOrString && s.type !== undefined) {
      out.push({
        path: at("type"),
        message: "Invalid value: must be empty when x-kubernetes-int-or-string is true",
      });
    } else if (s.type === undefined && !intOrString && !preserve) {
      const where = path[path.length - 2] === "properties" ? "object fields" : "array items";
      out.push({
        path: at("type"),
        message: `Required value: must not be empty for specified ${where}`,
      });
    }
  }
  if (s["x-kubernetes-embedded-resource"] === true) {
    if (s.type !== "object") {
      out.push({
        path: at("type"),
        message: 'Invalid value: must be "object" if x-kubernetes-embedded-resource is true',
      });
    } else if (!preserve && !isSchema(s.properties)) {
      out.push({
        path: at("properties"),
        message:
          "Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
      });
    }
  }
  if (
    s.properties !== undefined &&
    s.additionalProperties !== undefined &&
    s.additionalProperties !== false
  ) {
    out.push({
      path: at("additionalProperties"),
      message: "Forbidden: additionalProperties and properties are mutual exclusive",
    });
  }
  if (Array.isArray(s.items)) {
    out.push({
      path: at("items"),
      message: "Forbidden: items must be a schema object and not an array",
    });
  } else if (s.type === "array" && !ctx.inValueValidation && !isSchema(s.items)) {
    out.push({ path: at("items"), message: "Required value: must be specified" });
  }
  const child = ctx.inValueValidation ? VALUE_VALIDATION : FIELD;
  if (isSchema(s.properties)) {
    path.push("properties", "");
    for (const name in s.properties) {
      const sub = s.properties[name];
      path[path.length - 1] = name;
      if (isSchema(sub)) walk(sub, path, out, child);
      else out.push({ path: [...path], message: "Invalid value: must be a schema object" });
    }
    path.length -= 2;
  }
  const under = (key: string | number, sub: Schema, c: Ctx) => {
    path.push(key);
    walk(sub, path, out, c);
    path.pop();
  };
  if (isSchema(s.items)) under("items", s.items, child);
  if (isSchema(s.additionalProperties)) under("additionalProperties", s.additionalProperties, child);
  for (const k of BRANCHES) {
    const list = s[k];
    if (!Array.isArray(list)) continue;
    path.push(k);
    list.forEach((sub, i) => {
      if (isSchema(sub)) under(i, sub, VALUE_VALIDATION);
    });
    path.pop();
  }
  if (isSchema(s.not)) under("not", s.not, VALUE_VALIDATION);
}

function isSchema(v: unknown): v is Schema {
  return isObject(v);
}

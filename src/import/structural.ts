/**
 * Structural-schema checks, as the apiserver applies them to apiextensions.k8s.io/v1 CRDs
 * (k8s.io/apiextensions-apiserver pkg/apiserver/schema: validateStructural and
 * ValidateCustomResourceDefinitionOpenAPISchema). No npm package implements these rules, so the
 * subset that decides whether a schema can be pruned and typed is written here; messages follow
 * the apiserver's wording ("Required value", "Forbidden", "Invalid value").
 */

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

function walk(s: Schema, path: Array<string | number>, out: StructuralProblem[], ctx: Ctx): void {
  for (const k of FORBIDDEN) {
    if (k in s) out.push({ path: [...path, k], message: "Forbidden: not allowed in a structural schema" });
  }
  if (s.uniqueItems === true) {
    out.push({
      path: [...path, "uniqueItems"],
      message: "Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
    });
  }
  const intOrString = s["x-kubernetes-int-or-string"] === true;
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  if (s.type !== undefined && (typeof s.type !== "string" || !TYPES.has(s.type))) {
    out.push({ path: [...path, "type"], message: `Unsupported value: ${JSON.stringify(s.type)}` });
  }
  if (!ctx.inValueValidation && !ctx.root) {
    if (intOrString && s.type !== undefined) {
      out.push({
        path: [...path, "type"],
        message: "Invalid value: must be empty when x-kubernetes-int-or-string is true",
      });
    } else if (s.type === undefined && !intOrString && !preserve) {
      const where = path[path.length - 2] === "properties" ? "object fields" : "array items";
      out.push({
        path: [...path, "type"],
        message: `Required value: must not be empty for specified ${where}`,
      });
    }
  }
  if (s["x-kubernetes-embedded-resource"] === true) {
    if (s.type !== "object") {
      out.push({
        path: [...path, "type"],
        message: 'Invalid value: must be "object" if x-kubernetes-embedded-resource is true',
      });
    } else if (!preserve && !isSchema(s.properties)) {
      out.push({
        path: [...path, "properties"],
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
      path: [...path, "additionalProperties"],
      message: "Forbidden: additionalProperties and properties are mutual exclusive",
    });
  }
  if (Array.isArray(s.items)) {
    out.push({
      path: [...path, "items"],
      message: "Forbidden: items must be a schema object and not an array",
    });
  } else if (s.type === "array" && !ctx.inValueValidation && !isSchema(s.items)) {
    out.push({ path: [...path, "items"], message: "Required value: must be specified" });
  }
  const child: Ctx = { root: false, inValueValidation: ctx.inValueValidation };
  if (isSchema(s.properties)) {
    for (const [name, sub] of Object.entries(s.properties)) {
      if (isSchema(sub)) walk(sub, [...path, "properties", name], out, child);
      else
        out.push({ path: [...path, "properties", name], message: "Invalid value: must be a schema object" });
    }
  }
  if (isSchema(s.items)) walk(s.items, [...path, "items"], out, child);
  if (isSchema(s.additionalProperties))
    walk(s.additionalProperties, [...path, "additionalProperties"], out, child);
  const vv: Ctx = { root: false, inValueValidation: true };
  for (const k of ["allOf", "anyOf", "oneOf"]) {
    const list = s[k];
    if (!Array.isArray(list)) continue;
    list.forEach((sub, i) => {
      if (isSchema(sub)) walk(sub, [...path, k, i], out, vv);
    });
  }
  if (isSchema(s.not)) walk(s.not, [...path, "not"], out, vv);
}

function isSchema(v: unknown): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

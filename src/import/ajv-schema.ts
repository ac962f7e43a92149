/**
 * Translates a Kubernetes structural schema (OpenAPI v3.0 with x-kubernetes-* extensions) into a
 * plain JSON Schema (the input of closure-validator.ts, and of ajv, its reference in tests), so
 * that the validator's verdict matches the apiserver's:
 * int-or-string, nullable, preserve-unknown-fields, embedded resources and the implicit
 * apiVersion/kind/metadata of the root. Fields the apiserver would prune become
 * `additionalProperties: false`, which the validator reports as "schema/unknown-field".
 */
import { formats } from "./formats.ts";

type Schema = Record<string, unknown>;

/** ObjectMeta as the apiserver keeps it for custom resources and embedded resources. */
const OBJECT_META: Schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string" },
    generateName: { type: "string" },
    namespace: { type: "string" },
    uid: { type: "string" },
    resourceVersion: { type: "string" },
    generation: { type: "integer", format: "int64" },
    selfLink: { type: "string" },
    creationTimestamp: { type: ["string", "null"], format: "date-time" },
    deletionTimestamp: { type: ["string", "null"], format: "date-time" },
    deletionGracePeriodSeconds: { type: "integer", format: "int64" },
    labels: { type: "object", additionalProperties: { type: "string" } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
    finalizers: { type: "array", items: { type: "string" } },
    ownerReferences: {
      type: "array",
      items: {
        type: "object",
        required: ["apiVersion", "kind", "name", "uid"],
        properties: {
          apiVersion: { type: "string" },
          kind: { type: "string" },
          name: { type: "string" },
          uid: { type: "string" },
          controller: { type: "boolean" },
          blockOwnerDeletion: { type: "boolean" },
        },
        additionalProperties: false,
      },
    },
    managedFields: { type: "array", items: { type: "object" } },
  },
};

const COPY = [
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "multipleOf",
];

export interface TranslateNotes {
  /** Patterns Go's RE2 accepts but JavaScript does not: left unchecked, with their path. */
  skippedPatterns: string[];
}

/** JSON Schema for ajv from a version's openAPIV3Schema. */
export function toAjvSchema(root: Schema, notes: TranslateNotes = { skippedPatterns: [] }): Schema {
  const out = convert(root, "", false, notes);
  const props = (out.properties ?? {}) as Record<string, Schema>;
  const meta = props.metadata;
  out.properties = {
    ...props,
    apiVersion: { type: "string" },
    kind: { type: "string" },
    // The root may narrow name/generateName; everything else of ObjectMeta is implicit.
    metadata: meta
      ? {
          ...OBJECT_META,
          properties: { ...(OBJECT_META.properties as Schema), ...(meta.properties as Schema) },
        }
      : OBJECT_META,
  };
  if (root["x-kubernetes-preserve-unknown-fields"] !== true) out.additionalProperties = false;
  out.type = "object";
  return out;
}

function convert(s: Schema, path: string, valueValidation: boolean, notes: TranslateNotes): Schema {
  const out: Schema = {};
  const intOrString = s["x-kubernetes-int-or-string"] === true;
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  const embedded = s["x-kubernetes-embedded-resource"] === true;
  const nullable = s.nullable === true;
  if (intOrString) out.type = nullable ? ["integer", "string", "null"] : ["integer", "string"];
  else if (typeof s.type === "string") out.type = nullable ? [s.type, "null"] : s.type;
  if (Array.isArray(s.enum)) out.enum = nullable && !s.enum.includes(null) ? [...s.enum, null] : s.enum;
  if (typeof s.format === "string" && s.format in formats) out.format = s.format;
  if (typeof s.pattern === "string") {
    if (compiles(s.pattern)) out.pattern = s.pattern;
    else notes.skippedPatterns.push(`${path || "(root)"}: ${s.pattern}`);
  }
  for (const k of COPY) if (typeof s[k] === "number") out[k] = s[k];
  numericBound(s, out, "minimum", "exclusiveMinimum");
  numericBound(s, out, "maximum", "exclusiveMaximum");
  if (Array.isArray(s.required) && s.required.length > 0) out.required = s.required;
  const props = isSchema(s.properties) ? s.properties : undefined;
  if (props) {
    const p: Record<string, Schema> = {};
    const required = new Set(Array.isArray(s.required) ? s.required : []);
    for (const [name, sub] of Object.entries(props)) {
      if (!isSchema(sub)) continue;
      p[name] = convert(sub, join(path, name), valueValidation, notes);
      // The apiserver prunes a null field that is not nullable, so null there means "absent";
      // only a required field then fails (as missing).
      if (!valueValidation && !required.has(name) && sub.nullable !== true) allowNull(p[name]);
    }
    out.properties = p;
  }
  if (isSchema(s.items)) out.items = convert(s.items, `${path}[]`, valueValidation, notes);
  if (isSchema(s.additionalProperties)) {
    out.additionalProperties = convert(s.additionalProperties, `${path}[*]`, valueValidation, notes);
  }
  if (embedded) {
    out.properties = {
      ...((out.properties as Schema) ?? {}),
      apiVersion: { type: "string", minLength: 1 },
      kind: { type: "string", minLength: 1 },
      metadata: OBJECT_META,
    };
    out.required = [...new Set([...((out.required as string[]) ?? []), "apiVersion", "kind"])];
  }
  // Pruning: an object keeps only the fields its schema names, unless it preserves unknown
  // fields or declares additionalProperties. Value validations (anyOf, …) never prune.
  const isObjectType = s.type === "object" || embedded;
  if (isObjectType && !preserve && !valueValidation && s.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  for (const k of ["allOf", "anyOf", "oneOf"] as const) {
    const list = s[k];
    if (!Array.isArray(list)) continue;
    // int-or-string's own anyOf of {type: integer}/{type: string} is already the type union.
    const kept = intOrString
      ? list.filter((b) => !(isSchema(b) && Object.keys(b).length === 1 && "type" in b))
      : list;
    if (kept.length > 0) out[k] = kept.map((b) => (isSchema(b) ? convert(b, path, true, notes) : {}));
  }
  if (isSchema(s.not)) out.not = convert(s.not, path, true, notes);
  return out;
}

function allowNull(s: Schema): void {
  if (typeof s.type === "string") s.type = [s.type, "null"];
  else if (Array.isArray(s.type) && !s.type.includes("null")) s.type = [...s.type, "null"];
  if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
}

/** OpenAPI 3.0's boolean exclusiveMinimum/Maximum → JSON Schema's numeric form. */
function numericBound(s: Schema, out: Schema, bound: string, exclusive: string): void {
  if (typeof s[bound] !== "number") return;
  if (s[exclusive] === true) out[exclusive] = s[bound];
  else out[bound] = s[bound];
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function isSchema(v: unknown): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

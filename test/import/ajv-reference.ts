/**
 * The reference for closure-validator.ts: ajv compiling the translated schema exactly as
 * validator.ts did before the closure validator (same options, same hash-named `$ref`s for
 * shared object subschemas), so the differential test compares against the former behavior.
 */
import { createHash } from "node:crypto";
import { Ajv, type ErrorObject } from "ajv";
import { formats } from "../../src/import/formats.ts";

let instance: Ajv | undefined;
let compiled = 0;

function ajv(): Ajv {
  // A fresh instance now and then: an instance keeps every schema it compiled.
  if (!instance || ++compiled % 64 === 0)
    instance = new Ajv({
      allErrors: true,
      strict: false,
      unicodeRegExp: false,
      formats,
      inlineRefs: false,
      code: { optimize: false },
    });
  return instance;
}

/** ajv's verdict on `data`: errors in ajv's order, or [] when valid. */
export type Reference = (data: unknown) => ErrorObject[];

export function compileReference(schema: Record<string, unknown>): Reference {
  const a = ajv();
  const { root, shared } = hoistShared(schema);
  for (const [id, sub] of shared) if (!a.schemas[id]) a.addSchema(sub, id);
  const validate = a.compile(root);
  return (data) => (validate(data) ? [] : [...(validate.errors ?? [])]);
}

function hoistShared(schema: Record<string, unknown>): {
  root: Record<string, unknown>;
  shared: Map<string, Record<string, unknown>>;
} {
  const shared = new Map<string, Record<string, unknown>>();
  const visit = (s: unknown, top: boolean): unknown => {
    if (typeof s !== "object" || s === null || Array.isArray(s)) return s;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) {
      if (k === "properties" && typeof v === "object" && v !== null) {
        const props: Record<string, unknown> = {};
        for (const [name, sub] of Object.entries(v)) props[name] = visit(sub, false);
        out[k] = props;
      } else if (k === "items" || k === "additionalProperties") out[k] = visit(v, false);
      else out[k] = v;
    }
    if (top || out.properties === undefined) return out;
    const json = JSON.stringify(out);
    if (json.length < 100) return out;
    const id = `kiln:${createHash("sha256").update(json).digest("hex").slice(0, 32)}`;
    shared.set(id, out);
    return { $ref: id };
  };
  return { root: visit(schema, true) as Record<string, unknown>, shared };
}

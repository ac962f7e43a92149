/**
 * A chart's values.schema.json checked as helm v4 checks it (santhosh-tekuri/jsonschema v6):
 * the draft its `$schema` names (draft-07, draft 2019-09 or 2020-12; 2020-12 when it names
 * none), `format` as an annotation only, every error reported.
 *
 * The one entry point is `checkJsonSchema`, so the engine behind it can be repointed in one
 * place. It uses ajv (kiln's engine for JSON Schema beyond the Kubernetes structural subset:
 * kubernetes-models' compiled core kinds and function inputs are ajv too), and turns ajv's
 * errors into kiln's schema issues with import/issues.ts, as every other schema check does. The
 * closure validator of import/ is not used: it takes only the structural subset (no `$ref`,
 * `if`, `$defs`), and chart schemas use all of JSON Schema.
 */
import { Ajv, type AnySchema, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { type SchemaIssue, toIssues } from "../import/issues.ts";

export type SchemaCheck = { issues: SchemaIssue[] } | { error: string };

const engines = new Map<string, Ajv>();
const compiled = new WeakMap<object, ValidateFunction | string>();

function engineFor(schema: unknown): Ajv | string {
  const id =
    schema && typeof schema === "object" ? String((schema as { $schema?: unknown }).$schema ?? "") : "";
  const draft = /draft-0[67]/.test(id)
    ? "07"
    : /2019-09/.test(id)
      ? "2019"
      : /draft-0[34]/.test(id)
        ? "04"
        : "2020";
  if (draft === "04") return `draft-04 schemas are not checked by kiln (${id})`;
  let ajv = engines.get(draft);
  if (!ajv) {
    const opts = { allErrors: true, strict: false, validateFormats: false, validateSchema: false } as const;
    ajv = draft === "07" ? new Ajv(opts) : draft === "2019" ? new Ajv2019(opts) : new Ajv2020(opts);
    engines.set(draft, ajv);
  }
  return ajv;
}

/**
 * Checks `data` against the JSON Schema `schema`: the issues (empty when it is valid), or why
 * the schema cannot be checked (it does not compile, or `$ref`s a document not available
 * offline). `schema` is compiled once per object.
 */
export function checkJsonSchema(schema: unknown, data: unknown): SchemaCheck {
  if (typeof schema === "boolean")
    return { issues: schema ? [] : [{ path: [], message: "schema is false", rule: "schema/false" }] };
  if (!schema || typeof schema !== "object") return { error: "the schema is not a JSON object" };
  let fn = compiled.get(schema);
  if (!fn) {
    const ajv = engineFor(schema);
    if (typeof ajv === "string") fn = ajv;
    else {
      try {
        // A copy without $id: two charts may share an $id, and ajv keeps compiled schemas by it.
        const { $id: _, ...rest } = schema as Record<string, unknown>;
        fn = ajv.compile(rest as AnySchema);
      } catch (e) {
        fn = `the schema does not compile: ${(e as Error).message}`;
      }
    }
    compiled.set(schema, fn);
  }
  if (typeof fn === "string") return { error: fn };
  return fn(data) ? { issues: [] } : { issues: toIssues(fn.errors ?? [], data) };
}

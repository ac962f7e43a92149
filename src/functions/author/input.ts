/**
 * A step's declared input type. Crossplane passes a pipeline step's `input` verbatim from the
 * Composition, so a typo there reaches the function as data; declaring the input lets kiln
 * reject it with a FATAL result naming the JSON path instead of failing later in user code.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/** Validates the raw `input` of a RunFunctionRequest and returns it typed. */
export interface InputType<I> {
  /** Returns the input typed as `I`, or throws an `InputError` describing what is wrong. */
  parse(raw: unknown): I;
  /** The JSON Schema, when the type has one: `kiln fn package` writes the input CRD from it. */
  readonly schema?: object;
}

/** The input did not match the step's declared input type. */
export class InputError extends Error {
  override readonly name = "InputError";
}

let ajv: Ajv | undefined;

/**
 * An input type checked against a JSON Schema (compiled once with ajv, all errors reported).
 * The type parameter is what the schema describes; kiln trusts the caller to keep the two in
 * step, as with ajv's own `JSONSchemaType`.
 */
export function inputSchema<I>(schema: object): InputType<I> {
  ajv ??= new Ajv({ allErrors: true, strict: false });
  const validate: ValidateFunction = ajv.compile(schema);
  return {
    schema,
    parse(raw) {
      if (validate(raw)) return raw as I;
      throw new InputError(formatAjvErrors(validate.errors ?? [], raw));
    },
  };
}

/**
 * An input type checked by a validator function (zod's `parse`, a hand-written guard, …). A
 * throw from the validator becomes the FATAL message.
 */
export function inputValidator<I>(validate: (raw: unknown) => I): InputType<I> {
  return {
    parse(raw) {
      try {
        return validate(raw);
      } catch (e) {
        throw new InputError(e instanceof Error ? e.message : String(e));
      }
    },
  };
}

/**
 * A JSON pointer into the input as a path: `tags[1]` for array items, `a.b` for object keys,
 * `["a.b"]` for keys that are not plain identifiers (the input decides which, so an object key
 * "0" stays `.0`-free and unambiguous).
 */
function jsonPath(pointer: string, raw: unknown): string {
  if (!pointer) return "(root)";
  let out = "";
  let cur: unknown = raw;
  for (const enc of pointer.slice(1).split("/")) {
    const seg = enc.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(cur)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
    cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return out;
}

function formatAjvErrors(errors: ErrorObject[], raw: unknown): string {
  const lines = errors.map((e) => {
    const at = jsonPath(e.instancePath, raw);
    const extra =
      e.keyword === "additionalProperties"
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === "enum" || e.keyword === "const"
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (e.params as { allowedValue?: unknown }).allowedValue)})`
          : "";
    return `${at}: ${e.message ?? e.keyword}${extra}`;
  });
  return [...new Set(lines)].join("; ");
}

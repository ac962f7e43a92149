/**
 * JSON values → CEL values the way the apiserver types them: integers are `int` (bigint),
 * `number` fields are `double`, strings with `format: duration`/`date-time` are durations and
 * timestamps, object properties are escaped (`__dash__`, `__namespace__`, …) while map keys
 * (`additionalProperties`) are not.
 */
import { type CelInput, CelScalar, celEnv, isCelError, parse, plan } from "../../core/cel-vendor.ts";

type Schema = Record<string, any> | undefined;

const RESERVED = new Set([
  "true",
  "false",
  "null",
  "in",
  "as",
  "break",
  "const",
  "continue",
  "else",
  "for",
  "function",
  "if",
  "import",
  "let",
  "loop",
  "package",
  "namespace",
  "return",
  "var",
  "void",
  "while",
]);

/** Kubernetes' CEL property-name escaping (apiextensions-apiserver `cel.Escape`). */
export function escapeProperty(name: string): string {
  if (RESERVED.has(name)) return `__${name}__`;
  return name
    .replace(/__/g, "__underscores__")
    .replace(/\./g, "__dot__")
    .replace(/-/g, "__dash__")
    .replace(/\//g, "__slash__");
}

const env = celEnv({ variables: { s: CelScalar.STRING } });
const toDuration = plan(env, parse("duration(s)"));
const toTimestamp = plan(env, parse("timestamp(s)"));

/** Converts `value` typed by `schema` (undefined: untyped, as under preserve-unknown-fields). */
export function toCel(value: unknown, schema: Schema): CelInput {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  switch (typeof value) {
    case "number":
      if (schema?.type === "number") return value;
      return Number.isInteger(value) ? BigInt(value) : value;
    case "string": {
      const f = schema?.format;
      if (f === "duration" || f === "date-time") {
        const r = (f === "duration" ? toDuration : toTimestamp)({ s: value });
        if (!isCelError(r)) return r as CelInput;
      }
      return value;
    }
    case "boolean":
      return value;
    case "object": {
      const props = schema?.properties as Record<string, Schema> | undefined;
      const extra = schema?.additionalProperties;
      const m = new Map<string, CelInput>();
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (props?.[k] !== undefined) m.set(escapeProperty(k), toCel(v, props[k]));
        else if (extra && typeof extra === "object") m.set(k, toCel(v, extra));
        else m.set(props ? escapeProperty(k) : k, toCel(v, undefined));
      }
      return m;
    }
    default:
      return null;
  }
}

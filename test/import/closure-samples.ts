/**
 * Objects for the differential test of closure-validator.ts against ajv: valid-looking samples
 * built from a kind's translated schema, and mutations of them (wrong types, missing required
 * fields, unknown fields, bad enums, out-of-range numbers, bad formats and patterns, nulls).
 */
import fc from "fast-check";

type Schema = Record<string, any>;
type Json = unknown;
export type Path = Array<string | number>;

const STRINGS: Record<string, string> = {
  "date-time": "2026-11-23T09:00:00Z",
  date: "2026-11-23",
  byte: "aGVsbG8=",
  duration: "1h30m",
  quantity: "1500m",
  uri: "https://example.org/a",
  email: "a@example.org",
  hostname: "example.org",
  ipv4: "10.0.0.1",
  ipv6: "fd00::1",
  uuid: "7f1d2c3e-1234-4abc-8def-0123456789ab",
};
const CANDIDATES = [
  "example",
  "a",
  "abc",
  "x1",
  "1",
  "10m",
  "a-b",
  "A",
  "default",
  "v1",
  "10.0.0.0/8",
  "us-east-1",
];

function typesOf(s: Schema): string[] {
  return s.type === undefined ? [] : [s.type].flat();
}

/**
 * A value for `s`: its first enum value, a string meeting format, pattern and length when one
 * of a few candidates does, a number within bounds, objects with every required field and (when
 * `full`) every optional one down to `depth`.
 */
export function sample(s: Schema, full: boolean, depth = 0): Json {
  if (Array.isArray(s.enum)) return s.enum.find((v: unknown) => v !== null) ?? null;
  const types = typesOf(s).filter((t) => t !== "null");
  const t = types[0] ?? (s.properties || s.additionalProperties ? "object" : s.items ? "array" : undefined);
  switch (t) {
    case "string": {
      if (typeof s.format === "string" && STRINGS[s.format]) return STRINGS[s.format];
      const ok = (c: string) =>
        (s.pattern === undefined || new RegExp(s.pattern).test(c)) &&
        c.length >= (s.minLength ?? 0) &&
        c.length <= (s.maxLength ?? Number.POSITIVE_INFINITY);
      return CANDIDATES.find(ok) ?? "a".repeat(Math.max(1, s.minLength ?? 1));
    }
    case "integer":
    case "number": {
      let n = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      if (s.maximum !== undefined && n > s.maximum) n = s.maximum;
      return t === "integer" ? Math.ceil(n) : n;
    }
    case "boolean":
      return true;
    case "array": {
      if (!s.items || depth > 8) return [];
      const n = Math.max(s.minItems ?? 0, full ? 1 : 0);
      return Array.from({ length: n }, () => sample(s.items, full, depth + 1));
    }
    case "object": {
      const out: Record<string, Json> = {};
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set<string>(s.required ?? []);
      for (const [k, sub] of Object.entries(props)) {
        if (required.has(k) || (full && depth < 8)) out[k] = sample(sub, full, depth + 1);
      }
      for (const k of required) if (!(k in out)) out[k] = "x";
      if (full && s.additionalProperties && typeof s.additionalProperties === "object")
        out["extra-key"] = sample(s.additionalProperties, full, depth + 1);
      return out;
    }
    default:
      return full ? { any: [1, "two"] } : "any";
  }
}

/** A valid-looking object of the kind: apiVersion, kind, metadata, then the schema's sample. */
export function baseObjects(schema: Schema, apiVersion: string, kind: string): Json[] {
  const head = { apiVersion, kind, metadata: { name: "sample", namespace: "default", labels: { a: "b" } } };
  return [false, true].map((full) => ({ ...(sample(schema, full) as object), ...head }));
}

/** The subschema at `p` (through properties, items and additionalProperties), if any. */
export function schemaAt(s: Schema | undefined, p: Path): Schema | undefined {
  let cur = s;
  for (const seg of p) {
    if (!cur) return undefined;
    if (typeof seg === "number") cur = cur.items;
    else
      cur =
        cur.properties?.[seg] ??
        (typeof cur.additionalProperties === "object" ? cur.additionalProperties : undefined);
  }
  return cur;
}

/** Every path in `v` (the root included), depth first. */
export function pathsOf(v: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => void pathsOf(x, [...at, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

export type Mutation =
  | { op: "set"; at: number; value: Json }
  | { op: "delete"; at: number }
  | { op: "unknown"; at: number; key: string }
  | { op: "boundary"; at: number; pick: number };

/** Values that break types, enums, formats, patterns and ranges in most places. */
const WILD: Json[] = [
  null,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 63,
  -(2 ** 64),
  1e300,
  "",
  "x",
  "Not_Valid!",
  "not-a-date",
  "PT1H",
  "1.5Gi",
  "2026-13-45T99:00:00Z",
  "a".repeat(300),
  "😀😀",
  true,
  {},
  [],
  { bogus: 1 },
  [null],
  ["x", 2],
  "aGVsbG8",
];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("set" as const), at: fc.nat(), value: fc.constantFrom(...WILD) }),
  fc.record({ op: fc.constant("set" as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("unknown" as const),
    at: fc.nat(),
    key: fc.constantFrom("bogusField", "~/odd key", "constructor", "0"),
  }),
  fc.record({ op: fc.constant("boundary" as const), at: fc.nat(), pick: fc.nat() }),
);

/** Values just outside what the subschema at a path allows. */
function boundaries(s: Schema | undefined): Json[] {
  if (!s) return ["x"];
  const out: Json[] = [];
  if (Array.isArray(s.enum)) out.push(`${String(s.enum[0])}x`, String(s.enum[0]).toLowerCase());
  for (const k of ["minimum", "exclusiveMinimum"]) if (typeof s[k] === "number") out.push(s[k] - 1, s[k]);
  for (const k of ["maximum", "exclusiveMaximum"]) if (typeof s[k] === "number") out.push(s[k] + 1, s[k]);
  if (typeof s.multipleOf === "number") out.push(s.multipleOf * 1.5);
  if (typeof s.maxLength === "number") out.push("b".repeat(s.maxLength + 1));
  if (typeof s.minLength === "number" && s.minLength > 0) out.push("b".repeat(s.minLength - 1));
  if (typeof s.maxItems === "number") out.push(Array(s.maxItems + 1).fill(null));
  if (typeof s.maxProperties === "number")
    out.push(Object.fromEntries(Array.from({ length: s.maxProperties + 1 }, (_, i) => [`k${i}`, i])));
  if (typeof s.pattern === "string") out.push(" no match ");
  if (s.format === "int32") out.push(2 ** 31, -(2 ** 31) - 1);
  if (s.format === "int64") out.push(2 ** 63);
  if (typeof s.format === "string") out.push("not a format", "1.5.5");
  if (s.items) out.push([sample(s.items, false), 42]);
  if (s.properties) out.push({ ...(sample(s, false) as object), bogusField: 1 });
  return out.length ? out : ["x", 1];
}

/** `base` with the mutations applied (a copy); `schema` is the kind's translated schema. */
export function mutate(base: Json, schema: Schema, mutations: Mutation[]): Json {
  const root = { v: structuredClone(base) };
  for (const m of mutations) {
    const paths = pathsOf(root.v);
    const p = paths[m.at % paths.length]!;
    const parentOf = (q: Path) => q.slice(0, -1).reduce((o: any, k) => o?.[k], root.v) as any;
    const set = (q: Path, value: Json) => {
      if (q.length === 0) root.v = value;
      else parentOf(q)[q[q.length - 1]!] = value;
    };
    switch (m.op) {
      case "set":
        set(p, structuredClone(m.value));
        break;
      case "delete":
        if (p.length === 0) break;
        if (Array.isArray(parentOf(p))) parentOf(p).splice(p[p.length - 1] as number, 1);
        else delete parentOf(p)[p[p.length - 1]!];
        break;
      case "unknown": {
        const target = p.reduce((o: any, k) => o?.[k], root.v);
        if (target && typeof target === "object" && !Array.isArray(target)) target[m.key] = "?";
        break;
      }
      case "boundary": {
        const values = boundaries(schemaAt(schema, p));
        set(p, structuredClone(values[m.pick % values.length]));
        break;
      }
    }
  }
  return root.v;
}

/**
 * A validator for the JSON Schema that ajv-schema.ts produces from a Kubernetes structural
 * schema, built as a tree of closures: no code generation, no eval.
 *
 * Why not ajv: ajv generates JavaScript source per schema and compiles it with `new Function`.
 * On the 70 DigitalOcean cluster-scoped provider CRDs that took 11-14 ms per kind in a fresh
 * process (validator.ts as it was, hoisted subschemas and standalone code included), against
 * 0.9-1.1 ms to translate and build closures (`precompileValidator` resp.
 * `compileClosureValidator(toAjvSchema(k.schema))` over the 70 kinds, three runs each); a whole
 * `kiln import <the 70 files> --out DIR --validators` went from 1.15 s / 134 MB to 0.46 s /
 * 95 MB, types alone being 0.37 s (`/usr/bin/time -f "%e s %M KB"`, empty KILN_CACHE, medians of
 * three). The input is narrow (structural schemas use a dozen keywords, no $ref, no dynamic
 * scopes), which is why Kubernetes' own apiserver interprets structural schemas instead of
 * compiling them; the same holds here.
 *
 * ajv stays the reference: the differential test (test/import/closure-validator.test.ts)
 * compiles every mirrored kind with ajv as validator.ts did and requires the same issues, in the
 * same order, on sample objects and generated mutations. So errors are ajv ErrorObjects, made in
 * ajv's allErrors order: the type check, then keywords in ajv's rule groups (untyped: enum, not,
 * anyOf, oneOf, allOf; number; string; array; object: maxProperties, minProperties, required,
 * additionalProperties, properties), with ajv's messages and params, and schema paths with
 * /anyOf/, /oneOf/ and /not/ where ajv has them (toIssues folds those).
 *
 * Where this differs from ajv on purpose: schema paths are those of the schema as translated,
 * not of validator.ts's former hoisting into `$ref`s (only toIssues' folding reads them, and a
 * property literally named `anyOf`, `oneOf` or `not` is folded the way unhoisted ajv folds it);
 * `$ref` and keywords the translation never emits are refused rather than ignored.
 */
import type { ErrorObject, Format } from "ajv";
import { isObject } from "../core/object.ts";
import { formats } from "./formats.ts";

type Schema = Record<string, unknown>;

/**
 * Validates `data`, appending errors to `errs` with instance and schema paths relative to this
 * node; callers prefix them (only when there are errors), so one closure serves every place its
 * schema object occurs.
 */
type Check = (data: unknown, errs: ErrorObject[]) => void;

/** A compiled schema: ajv's validate-function shape (`errors` set after a failing call). */
export interface ClosureValidator {
  (data: unknown): boolean;
  errors: ErrorObject[] | null;
}

const KNOWN = new Set([
  "type",
  "enum",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "multipleOf",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "required",
  "properties",
  "items",
  "additionalProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
]);
const JSON_TYPES = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);

// ajv's rule groups: keywords of a group run only when the data has the group's type.
const NUMBER_KW = ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "format"];
const STRING_KW = ["maxLength", "minLength", "pattern", "format"];
const ARRAY_KW = ["maxItems", "minItems", "items"];
const OBJECT_KW = ["maxProperties", "minProperties", "required", "additionalProperties", "properties"];
const COMPARISON = { maximum: "<=", minimum: ">=", exclusiveMaximum: "<", exclusiveMinimum: ">" } as const;

/** Compiles a translated schema; throws on a schema ajv would refuse (e.g. a negative length). */
export function compileClosureValidator(schema: Schema): ClosureValidator {
  const check = new Compiler().node(schema, "#") ?? (() => {});
  const validate = ((data: unknown): boolean => {
    const errs: ErrorObject[] = [];
    check(data, errs);
    for (const e of errs) e.schemaPath = `#${e.schemaPath}`;
    validate.errors = errs.length ? errs : null;
    return errs.length === 0;
  }) as ClosureValidator;
  validate.errors = null;
  return validate;
}

function err(
  keyword: string,
  params: Record<string, unknown>,
  message: string,
  schemaPath: string,
): ErrorObject {
  return { instancePath: "", schemaPath, keyword, params, message };
}

/** Prefixes the errors from index `from` on with one step of instance and schema path. */
function under(errs: ErrorObject[], from: number, instance: string, schema: string): void {
  for (let i = from; i < errs.length; i++) {
    const e = errs[i]!;
    e.instancePath = instance + e.instancePath;
    e.schemaPath = schema + e.schemaPath;
  }
}

function pointerSegment(key: string): string {
  return `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

function fragmentSegment(key: string): string {
  return /^[\w.-]*$/.test(key) ? key : encodeURIComponent(key.replace(/~/g, "~0").replace(/\//g, "~1"));
}

/** ajv's checkDataType with strictNumbers off. */
const TYPE_TESTS: Record<string, (d: unknown) => boolean> = {
  null: (d) => d === null,
  array: (d) => Array.isArray(d),
  object: (d) => isObject(d),
  integer: (d) => typeof d === "number" && !(d % 1) && !Number.isNaN(d),
  number: (d) => typeof d === "number",
  string: (d) => typeof d === "string",
  boolean: (d) => typeof d === "boolean",
};

/** A test for one data type or, for several, any of them (ajv's checkDataTypes). */
function typeTest(types: string[]): (d: unknown) => boolean {
  if (types.length === 1) return TYPE_TESTS[types[0]!]!;
  const tests = types.map((t) => TYPE_TESTS[t]!);
  return (d) => tests.some((t) => t(d));
}

/** ajv's ucs2length: code points, not UTF-16 units. */
function ucs2length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; n++) {
    const c = s.charCodeAt(i++);
    if (c >= 0xd800 && c <= 0xdbff && i < s.length && (s.charCodeAt(i) & 0xfc00) === 0xdc00) i++;
  }
  return n;
}

/** fast-deep-equal on JSON values (ajv's enum comparison for object members). */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], bb[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !equal((a as Schema)[k], (b as Schema)[k])) return false;
  }
  return true;
}

function alwaysValid(s: unknown): boolean {
  if (typeof s === "boolean") return s;
  if (!isObject(s)) return false;
  for (const k in s) if (KNOWN.has(k)) return false;
  return true;
}

function invalid(where: string, what: string): Error {
  return new Error(`schema is invalid: ${where.slice(1) || "(root)"} ${what}`);
}

class Compiler {
  // The translation reuses some schema objects (ObjectMeta): one closure each.
  readonly #seen = new Map<Schema, Check | null>();
  readonly #patterns = new Map<string, RegExp>();

  /** A schema's check; null when it accepts everything (ajv skips such subschemas too). */
  node(s: unknown, where: string): Check | null {
    if (s === true) return null;
    if (s === false)
      return (_d, errs) => void errs.push(err("false schema", {}, "boolean schema is false", ""));
    if (!isObject(s)) throw invalid(where, "must be an object or boolean");
    const seen = this.#seen.get(s);
    if (seen !== undefined) return seen;
    const check = this.#compile(s, where);
    this.#seen.set(s, check);
    return check;
  }

  #compile(s: Schema, where: string): Check | null {
    let keys = 0;
    for (const k in s) {
      if (!KNOWN.has(k)) throw invalid(where, `uses "${k}", which kiln's validator does not support`);
      keys++;
    }
    if (keys === 0) return null;
    const types = typesOf(s.type, where);
    // Most nodes of a CRD are leaves with a type only: one shared closure per type list.
    if (keys === 1 && types.length > 0) return typeOnly(types);
    // Other leaves (enums, formats, patterns, bounds) recur across kinds: shared by content.
    let leafKey: string | undefined;
    if (!LEAF_CHILDREN.some((k) => s[k] !== undefined)) {
      leafKey = JSON.stringify(s);
      const hit = leafChecks.get(leafKey);
      if (hit) return hit;
    }
    const used = (kws: string[]) => kws.some((k) => s[k] !== undefined);
    const groups: Array<[string | undefined, Check[]]> = [];
    const untyped = this.#untyped(s, where);
    if (untyped.length) groups.push([undefined, untyped]);
    if (used(NUMBER_KW)) groups.push(["number", this.#number(s, where)]);
    if (used(STRING_KW)) groups.push(["string", this.#string(s, where)]);
    if (used(ARRAY_KW)) groups.push(["array", this.#array(s, where)]);
    if (used(OBJECT_KW)) groups.push(["object", this.#object(s, where)]);
    const single = types.length === 1 ? types[0] : undefined;
    // ajv checks the type first unless a single type has keywords of its own group: then the
    // type error comes in that group's place.
    const upfront = types.length > 0 && !groups.some(([g]) => g !== undefined && g === single);
    const typeError = () => err("type", { type: s.type }, `must be ${String(s.type)}`, "/type");
    const steps: Check[] = [];
    if (upfront) {
      const ok = typeTest(types);
      steps.push((d, errs) => void (ok(d) || errs.push(typeError())));
    }
    for (const [group, checks] of groups) {
      const run = sequence(checks);
      if (group === undefined) {
        steps.push(run);
        continue;
      }
      const ok = TYPE_TESTS[group]!;
      if (group === single && !upfront)
        steps.push((d, errs) => (ok(d) ? run(d, errs) : void errs.push(typeError())));
      else steps.push((d, errs) => void (ok(d) && run(d, errs)));
    }
    const check = sequence(steps);
    if (leafKey !== undefined) {
      if (leafChecks.size >= LEAF_CACHE_MAX) leafChecks.clear();
      leafChecks.set(leafKey, check);
    }
    return check;
  }

  #untyped(s: Schema, where: string): Check[] {
    const out: Check[] = [];
    if (s.enum !== undefined) {
      const values = s.enum;
      if (!Array.isArray(values) || values.length === 0)
        throw invalid(`${where}/enum`, "must be a non-empty array");
      const message = "must be equal to one of the allowed values";
      const primitive = values.every((v) => typeof v !== "object" || v === null);
      const set = new Set(values);
      const ok = primitive
        ? (d: unknown) => set.has(d) && !Number.isNaN(d)
        : (d: unknown) => values.some((v) => (typeof v === "object" && v !== null ? equal(d, v) : d === v));
      out.push(
        (d, errs) => void (ok(d) || errs.push(err("enum", { allowedValues: values }, message, "/enum"))),
      );
    }
    if (s.not !== undefined) {
      const sub = this.node(s.not, `${where}/not`);
      const fail = (errs: ErrorObject[]) => errs.push(err("not", {}, "must NOT be valid", "/not"));
      if (sub === null) out.push((_d, errs) => void fail(errs));
      else
        out.push((d, errs) => {
          const n = errs.length;
          sub(d, errs);
          const valid = errs.length === n;
          errs.length = n;
          if (valid) fail(errs);
        });
    }
    for (const kw of ["anyOf", "oneOf"] as const) {
      if (s[kw] === undefined) continue;
      const branches = this.#list(s[kw], `${where}/${kw}`);
      if (kw === "anyOf") {
        // ajv skips an anyOf with an always-valid branch.
        if (branches.some((b) => b === null)) continue;
        const subs = branches as Check[];
        out.push((d, errs) => {
          const n = errs.length;
          for (let i = 0; i < subs.length; i++) {
            const m = errs.length;
            subs[i]!(d, errs);
            if (errs.length === m) {
              errs.length = n;
              return;
            }
            under(errs, m, "", `/anyOf/${i}`);
          }
          errs.push(err("anyOf", {}, "must match a schema in anyOf", "/anyOf"));
        });
      } else {
        out.push((d, errs) => {
          const n = errs.length;
          let valid = false;
          let passing: unknown = null;
          for (let i = 0; i < branches.length; i++) {
            const sub = branches[i];
            let ok = true;
            if (sub) {
              const m = errs.length;
              sub(d, errs);
              ok = errs.length === m;
              under(errs, m, "", `/oneOf/${i}`);
            }
            // ajv's bookkeeping as generated: a third passing branch makes it valid again.
            if (i > 0 && ok && valid) {
              valid = false;
              passing = [passing, i];
            } else if (ok) {
              valid = true;
              passing = i;
            }
          }
          if (valid) errs.length = n;
          else
            errs.push(
              err("oneOf", { passingSchemas: passing }, "must match exactly one schema in oneOf", "/oneOf"),
            );
        });
      }
    }
    if (s.allOf !== undefined) {
      const branches = this.#list(s.allOf, `${where}/allOf`);
      branches.forEach((sub, i) => {
        if (!sub) return;
        const sp = `/allOf/${i}`;
        out.push((d, errs) => {
          const m = errs.length;
          sub(d, errs);
          if (errs.length > m) under(errs, m, "", sp);
        });
      });
    }
    return out;
  }

  #list(v: unknown, where: string): Array<Check | null> {
    if (!Array.isArray(v) || v.length === 0) throw invalid(where, "must be a non-empty array");
    return v.map((b, i) => this.node(b, `${where}/${i}`));
  }

  #number(s: Schema, where: string): Check[] {
    const out: Check[] = [];
    for (const kw of ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"] as const) {
      const limit = s[kw];
      if (limit === undefined) continue;
      if (typeof limit !== "number") throw invalid(`${where}/${kw}`, "must be number");
      const cmp = COMPARISON[kw];
      const fails =
        kw === "maximum"
          ? (d: number) => d > limit
          : kw === "minimum"
            ? (d: number) => d < limit
            : kw === "exclusiveMaximum"
              ? (d: number) => d >= limit
              : (d: number) => d <= limit;
      const message = `must be ${cmp} ${limit}`;
      out.push((d, errs) => {
        const n = d as number;
        if (fails(n) || Number.isNaN(n)) errs.push(err(kw, { comparison: cmp, limit }, message, `/${kw}`));
      });
    }
    if (s.multipleOf !== undefined) {
      const m = s.multipleOf;
      if (typeof m !== "number" || !(m > 0)) throw invalid(`${where}/multipleOf`, "must be > 0");
      const message = `must be multiple of ${m}`;
      out.push((d, errs) => {
        const r = (d as number) / m;
        if (r !== Number.parseInt(r as unknown as string, 10))
          errs.push(err("multipleOf", { multipleOf: m }, message, "/multipleOf"));
      });
    }
    const f = this.#format(s, where, "number");
    if (f) out.push(f);
    return out;
  }

  #string(s: Schema, where: string): Check[] {
    const out: Check[] = [];
    for (const kw of ["maxLength", "minLength"] as const) {
      const limit = this.#count(s, kw, where);
      if (limit === undefined) continue;
      const message = `must NOT have ${kw === "maxLength" ? "more" : "fewer"} than ${limit} characters`;
      const fails =
        kw === "maxLength" ? (d: string) => ucs2length(d) > limit : (d: string) => ucs2length(d) < limit;
      out.push((d, errs) => void (fails(d as string) && errs.push(err(kw, { limit }, message, `/${kw}`))));
    }
    if (s.pattern !== undefined) {
      const pattern = s.pattern;
      if (typeof pattern !== "string") throw invalid(`${where}/pattern`, "must be string");
      let re = this.#patterns.get(pattern);
      if (!re) {
        // ajv with unicodeRegExp: false: no "u" flag (RE2 patterns compile in more cases).
        re = new RegExp(pattern);
        this.#patterns.set(pattern, re);
      }
      const rx = re;
      const message = `must match pattern "${pattern}"`;
      out.push(
        (d, errs) =>
          void (rx.test(d as string) || errs.push(err("pattern", { pattern }, message, "/pattern"))),
      );
    }
    const f = this.#format(s, where, "string");
    if (f) out.push(f);
    return out;
  }

  #array(s: Schema, where: string): Check[] {
    const out: Check[] = [];
    for (const kw of ["maxItems", "minItems"] as const) {
      const limit = this.#count(s, kw, where);
      if (limit === undefined) continue;
      const message = `must NOT have ${kw === "maxItems" ? "more" : "fewer"} than ${limit} items`;
      const fails =
        kw === "maxItems" ? (d: unknown[]) => d.length > limit : (d: unknown[]) => d.length < limit;
      out.push((d, errs) => void (fails(d as unknown[]) && errs.push(err(kw, { limit }, message, `/${kw}`))));
    }
    if (s.items !== undefined) {
      if (Array.isArray(s.items)) throw invalid(`${where}/items`, "as a list (tuple) is not supported");
      const sub = this.node(s.items, `${where}/items`);
      if (sub)
        out.push((d, errs) => {
          const list = d as unknown[];
          for (let i = 0; i < list.length; i++) {
            const m = errs.length;
            sub(list[i], errs);
            if (errs.length > m) under(errs, m, `/${i}`, "/items");
          }
        });
    }
    return out;
  }

  #object(s: Schema, where: string): Check[] {
    const out: Check[] = [];
    for (const kw of ["maxProperties", "minProperties"] as const) {
      const limit = this.#count(s, kw, where);
      if (limit === undefined) continue;
      const message = `must NOT have ${kw === "maxProperties" ? "more" : "fewer"} than ${limit} properties`;
      const fails =
        kw === "maxProperties"
          ? (d: object) => Object.keys(d).length > limit
          : (d: object) => Object.keys(d).length < limit;
      out.push((d, errs) => void (fails(d as object) && errs.push(err(kw, { limit }, message, `/${kw}`))));
    }
    if (s.required !== undefined) {
      const required = s.required;
      if (!Array.isArray(required) || required.some((r) => typeof r !== "string"))
        throw invalid(`${where}/required`, "must be an array of strings");
      const names = required as string[];
      out.push((d, errs) => {
        const o = d as Schema;
        for (const p of names)
          if (o[p] === undefined)
            errs.push(
              err("required", { missingProperty: p }, `must have required property '${p}'`, "/required"),
            );
      });
    }
    const props = s.properties;
    if (props !== undefined && !isObject(props)) throw invalid(`${where}/properties`, "must be object");
    const names = props ? Object.keys(props).filter((p) => p !== "__proto__") : [];
    const ap = s.additionalProperties;
    if (ap !== undefined && !alwaysValid(ap)) {
      const known = new Set(names);
      if (ap === false) {
        const message = "must NOT have additional properties";
        out.push((d, errs) => {
          for (const key in d as Schema)
            if (!known.has(key))
              errs.push(
                err("additionalProperties", { additionalProperty: key }, message, "/additionalProperties"),
              );
        });
      } else {
        const sub = this.node(ap, `${where}/additionalProperties`)!;
        out.push((d, errs) => {
          const o = d as Schema;
          for (const key in o) {
            if (known.has(key)) continue;
            const m = errs.length;
            sub(o[key], errs);
            if (errs.length > m) under(errs, m, pointerSegment(key), "/additionalProperties");
          }
        });
      }
    }
    if (props) {
      const keys: string[] = [];
      const subs: Check[] = [];
      for (const p of names) {
        const sub = this.node(props[p], `${where}/properties/${p}`);
        if (!sub) continue;
        keys.push(p);
        subs.push(sub);
      }
      if (keys.length)
        out.push((d, errs) => {
          const o = d as Schema;
          for (let i = 0; i < keys.length; i++) {
            const v = o[keys[i]!];
            if (v === undefined) continue;
            const m = errs.length;
            subs[i]!(v, errs);
            // Path segments are made only for errors: most calls have none.
            if (errs.length > m)
              under(errs, m, pointerSegment(keys[i]!), `/properties/${fragmentSegment(keys[i]!)}`);
          }
        });
    }
    return out;
  }

  /** A format of the given data type (ajv runs number formats on numbers, others on strings). */
  #format(s: Schema, where: string, type: "number" | "string"): Check | undefined {
    const name = s.format;
    if (name === undefined) return undefined;
    if (typeof name !== "string") throw invalid(`${where}/format`, "must be string");
    // Formats the translation does not know never reach here (ajv-schema.ts drops them).
    const def: Format | undefined = formats[name];
    if (def === undefined || def === true) return undefined;
    let test: (d: never) => boolean;
    let fmtType = "string";
    if (typeof def === "string") {
      const rx = new RegExp(def);
      test = (d: string) => rx.test(d);
    } else if (def instanceof RegExp) test = (d: string) => def.test(d);
    else if (typeof def === "function") test = def as (d: never) => boolean;
    else if (typeof def === "object") {
      fmtType = def.type ?? "string";
      const v = def.validate;
      test = v instanceof RegExp ? (d: string) => v.test(d) : (v as (d: never) => boolean);
    } else return undefined;
    if (fmtType !== type) return undefined;
    const message = `must match format "${name}"`;
    return (d, errs) =>
      void (test(d as never) || errs.push(err("format", { format: name }, message, "/format")));
  }

  #count(s: Schema, kw: string, where: string): number | undefined {
    const v = s[kw];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw invalid(`${where}/${kw}`, "must be a non-negative integer");
    return v;
  }
}

const typeOnlyChecks = new Map<string, Check>();
const LEAF_CHILDREN = ["properties", "items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"];
const leafChecks = new Map<string, Check>();
const LEAF_CACHE_MAX = 20_000;

function typeOnly(types: string[]): Check {
  const key = types.join(",");
  let check = typeOnlyChecks.get(key);
  if (!check) {
    // params.type as ajv gives it: the schema's own value (a string, or the list).
    const type = types.length === 1 ? types[0] : [...types];
    const message = `must be ${key}`;
    const typeError = () => err("type", { type }, message, "/type");
    const ok = typeTest(types);
    check = (d, errs) => void (ok(d) || errs.push(typeError()));
    typeOnlyChecks.set(key, check);
  }
  return check;
}

function typesOf(t: unknown, where: string): string[] {
  if (t === undefined) return [];
  const list = Array.isArray(t) ? t : [t];
  for (const x of list)
    if (typeof x !== "string" || !JSON_TYPES.has(x))
      throw invalid(`${where}/type`, `has unknown type ${JSON.stringify(x)}`);
  return list as string[];
}

function sequence(checks: Check[]): Check {
  if (checks.length === 1) return checks[0]!;
  return (d, errs) => {
    for (let i = 0; i < checks.length; i++) checks[i]!(d, errs);
  };
}

/**
 * Throws where compileClosureValidator would, without building closures: what `kiln import
 * --validators` runs on every kind before storing its schema (a later process builds the
 * closures from the stored schema when it first uses the kind).
 */
export function checkClosureSchema(schema: unknown): void {
  const seen = new Set<unknown>();
  // The path is kept as segments and joined only for an error: most schemas have none.
  const at: Array<string | number> = [];
  const where = () => `#${at.map((x) => `/${x}`).join("")}`;
  const child = (v: unknown, ...segments: Array<string | number>): void => {
    at.push(...segments);
    walk(v);
    at.length -= segments.length;
  };
  const walk = (s: unknown): void => {
    if (typeof s === "boolean" || seen.has(s)) return;
    if (!isObject(s)) throw invalid(where(), "must be an object or boolean");
    seen.add(s);
    for (const k in s) {
      if (!KNOWN.has(k)) throw invalid(where(), `uses "${k}", which kiln's validator does not support`);
      const v = s[k];
      switch (k) {
        case "type":
          if (
            typeof v === "string"
              ? !JSON_TYPES.has(v)
              : !Array.isArray(v) || !v.every((t) => JSON_TYPES.has(t))
          )
            throw invalid(`${where()}/type`, `has unknown type ${JSON.stringify(v)}`);
          break;
        case "enum":
          if (!Array.isArray(v) || v.length === 0)
            throw invalid(`${where()}/enum`, "must be a non-empty array");
          break;
        case "maximum":
        case "minimum":
        case "exclusiveMaximum":
        case "exclusiveMinimum":
          if (typeof v !== "number") throw invalid(`${where()}/${k}`, "must be number");
          break;
        case "multipleOf":
          if (!(typeof v === "number" && v > 0)) throw invalid(`${where()}/multipleOf`, "must be > 0");
          break;
        case "maxLength":
        case "minLength":
        case "maxItems":
        case "minItems":
        case "maxProperties":
        case "minProperties":
          if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
            throw invalid(`${where()}/${k}`, "must be a non-negative integer");
          break;
        case "pattern":
          if (typeof v !== "string") throw invalid(`${where()}/pattern`, "must be string");
          new RegExp(v);
          break;
        case "format":
          if (typeof v !== "string") throw invalid(`${where()}/format`, "must be string");
          break;
        case "required":
          if (!Array.isArray(v) || v.some((r) => typeof r !== "string"))
            throw invalid(`${where()}/required`, "must be an array of strings");
          break;
        case "properties":
          if (!isObject(v)) throw invalid(`${where()}/properties`, "must be object");
          for (const p in v) if (p !== "__proto__") child(v[p], "properties", p);
          break;
        case "items":
          if (Array.isArray(v)) throw invalid(`${where()}/items`, "as a list (tuple) is not supported");
          child(v, "items");
          break;
        case "additionalProperties":
        case "not":
          child(v, k);
          break;
        default: // allOf, anyOf, oneOf
          if (!Array.isArray(v) || v.length === 0)
            throw invalid(`${where()}/${k}`, "must be a non-empty array");
          for (let i = 0; i < v.length; i++) child(v[i], k, i);
      }
    }
  };
  walk(schema);
}

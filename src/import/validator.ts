/**
 * Compiled validators with Kubernetes semantics. A kind's schema is translated (ajv-schema.ts),
 * compiled by ajv once, and kept in memory and on disk as ajv "standalone" code keyed by the
 * sha256 of the translated schema: a later process loads the code instead of compiling again.
 * CEL rules, defaulting, list-type uniqueness and metadata name rules are the validation stage's.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { _ } from "ajv/dist/compile/codegen/index.js";
import standalone from "ajv/dist/standalone/index.js";
import { defaultCacheDir } from "../sources/cache.ts";
import { toAjvSchema } from "./ajv-schema.ts";
import { coreValidator, isCoreKind } from "./core.ts";
import { formats } from "./formats.ts";
import { type SchemaIssue, toIssues } from "./issues.ts";
import type { KindSchema } from "./schemas.ts";

export type { SchemaIssue } from "./issues.ts";
export { toIssues } from "./issues.ts";
export type { KindSchema } from "./schemas.ts";
export { SchemaSet } from "./schemas.ts";

// A CommonJS module whose default export is also its module.exports.
const standaloneCode = standalone.default;

/** Bumped whenever the translation or the ajv options change, so stale disk entries are not used. */
const CACHE_FORMAT = "kiln-validator-2";
const FORMATS_MODULE = "kiln:formats";

let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  ajvInstance ??= new Ajv({
    allErrors: true,
    strict: false,
    // Kubernetes patterns are RE2; the non-unicode flavour of JS RegExp accepts more of them.
    unicodeRegExp: false,
    formats,
    // Shared subschemas (see hoistShared) stay functions of their own, compiled once.
    inlineRefs: false,
    // ajv's name-optimisation passes cost about a third of compile time on CRD-sized schemas
    // and save little at run time: generated code is compiled far more often than it matters.
    code: { source: true, optimize: false, formats: _`require(${FORMATS_MODULE}).formats` },
  });
  return ajvInstance;
}

const memory = new Map<string, (obj: unknown) => SchemaIssue[]>();
const localRequire = createRequire(import.meta.url);
const standaloneRequire = (id: string): unknown => (id === FORMATS_MODULE ? { formats } : localRequire(id));

/** Hash of what a validator is compiled from: the disk cache key. */
export function validatorKey(k: KindSchema): string {
  return createHash("sha256")
    .update(CACHE_FORMAT)
    .update(JSON.stringify(toAjvSchema(k.schema)))
    .digest("hex");
}

/**
 * Compiles (once, cached in memory and on disk keyed by content hash) a validator with Kubernetes
 * semantics: int-or-string, preserve-unknown-fields, embedded resources (apiVersion/kind/metadata
 * checked, then nested schema), formats int32/int64/byte/date-time/duration/quantity, nullable,
 * enums, min/max, patterns. Unknown fields (the apiserver would prune them) are reported with
 * rule "schema/unknown-field": the caller decides whether that is an error or a warning.
 * `cacheDir` defaults to `validators/` in kiln's cache (KILN_CACHE, ~/.cache/kiln); `""` keeps
 * the validator in memory only.
 */
export function compileValidator(
  k: KindSchema,
  opts: { cacheDir?: string } = {},
): (obj: unknown) => SchemaIssue[] {
  if (isCoreKind(k)) return coreValidator(k);
  const cacheDir = opts.cacheDir ?? path.join(defaultCacheDir(), "validators");
  const schema = toAjvSchema(k.schema);
  const key = createHash("sha256").update(CACHE_FORMAT).update(JSON.stringify(schema)).digest("hex");
  const hit = memory.get(key);
  if (hit) return hit;
  const validate =
    (cacheDir && loadFromDisk(cacheDir, key)) || compileAndStore(schema, key, cacheDir || undefined);
  const fn = (obj: unknown): SchemaIssue[] => (validate(obj) ? [] : toIssues(validate.errors ?? [], obj));
  memory.set(key, fn);
  return fn;
}

/** Compiles `k` into the disk cache without keeping it in memory (for bulk imports). */
export function precompileValidator(k: KindSchema, cacheDir: string): void {
  if (isCoreKind(k)) return;
  const schema = toAjvSchema(k.schema);
  const key = createHash("sha256").update(CACHE_FORMAT).update(JSON.stringify(schema)).digest("hex");
  if (existsSync(path.join(cacheDir, `${key}.cjs`))) return;
  const validate = compileAndStore(schema, key, cacheDir);
  // The shared subschemas stay: the next kinds of a bulk import mostly reuse them. But an ajv
  // instance keeps every value its generated code refers to, removed schemas included, so a
  // long bulk run starts a new instance now and then (214 kinds: 172 → 145 MB, +10% CPU).
  if (++bulkCompiled % BULK_PER_INSTANCE === 0) ajvInstance = undefined;
  else ajv().removeSchema(validate.schema as Record<string, unknown>);
}

const BULK_PER_INSTANCE = 64;
let bulkCompiled = 0;

/** Object subschemas smaller than this (as JSON) stay inline: a call would cost more than it saves. */
const HOIST_MIN = 100;

/**
 * Moves every object subschema with properties (outside anyOf/oneOf/allOf/not, whose errors
 * are folded by schema path) into a schema of its own, named by the hash of its content, and
 * refers to it. CRDs repeat the same subtrees (ObjectMeta, secret and selector references,
 * forProvider/initProvider, conditions) within a kind and across kinds; ajv then generates
 * and compiles each once per process instead of once per occurrence, which more than halves
 * compile time and code size on provider CRDs. Errors keep their instance paths.
 */
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
    if (json.length < HOIST_MIN) return out;
    const id = `kiln:${createHash("sha256").update(json).digest("hex").slice(0, 32)}`;
    shared.set(id, out);
    return { $ref: id };
  };
  return { root: visit(schema, true) as Record<string, unknown>, shared };
}

function compileAndStore(schema: Record<string, unknown>, key: string, cacheDir?: string): ValidateFunction {
  const a = ajv();
  const { root, shared } = hoistShared(schema);
  for (const [id, sub] of shared) if (!a.schemas[id]) a.addSchema(sub, id);
  const validate = a.compile(root);
  if (cacheDir) {
    const code = standaloneCode(a, validate);
    const file = path.join(cacheDir, `${key}.cjs`);
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: concurrent builds never read a half-written entry.
    // Unique per thread too: two workers may compile kinds whose schemas are the same.
    const tmp = `${file}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  return validate;
}

function loadFromDisk(cacheDir: string, key: string): ValidateFunction | undefined {
  let code: string;
  try {
    code = readFileSync(path.join(cacheDir, `${key}.cjs`), "utf8");
  } catch {
    return undefined;
  }
  const module = { exports: {} as Record<string, unknown> };
  try {
    // The entry was written by compileAndStore from ajv's standalone generator: kiln's own code.
    new Function("require", "module", "exports", code)(standaloneRequire, module, module.exports);
  } catch {
    return undefined; // a damaged entry is compiled again (and rewritten)
  }
  const fn = module.exports.default ?? module.exports;
  return typeof fn === "function" ? (fn as ValidateFunction) : undefined;
}

export { coreSchemas } from "./core.ts";
export { crdSchemasFromText } from "./schemas.ts";

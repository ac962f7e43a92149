/**
 * Compiled validators with Kubernetes semantics. A kind's schema is translated (ajv-schema.ts)
 * into plain JSON Schema and built into a tree of closures (closure-validator.ts: no code
 * generation). The translation is kept in memory and on disk keyed by the sha256 of the CRD's
 * schema, so a later process skips it and only builds the closures.
 * CEL rules, defaulting, list-type uniqueness and metadata name rules are the validation stage's.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../core/fs.ts";
import { defaultCacheDir } from "../sources/cache.ts";
import { toAjvSchema } from "./ajv-schema.ts";
import { type ClosureValidator, checkClosureSchema, compileClosureValidator } from "./closure-validator.ts";
import { coreValidator, isCoreKind } from "./core.ts";
import { type SchemaIssue, toIssues } from "./issues.ts";
import type { KindSchema } from "./schemas.ts";

export type { SchemaIssue } from "./issues.ts";
export { toIssues } from "./issues.ts";
export type { KindSchema } from "./schemas.ts";
export { SchemaSet } from "./schemas.ts";

/** Bumped whenever the translation or the entry's layout change, so stale disk entries are not used. */
const CACHE_FORMAT = "kiln-validator-3";

/**
 * A disk entry is a CommonJS module exporting the translated schema (so tools can `require`
 * it); kiln itself reads the JSON between this head and the tail, which JSON.parse reads faster
 * than a JavaScript engine evaluates the same object literal.
 */
const ENTRY_HEAD = `// ${CACHE_FORMAT}: translated JSON Schema; src/import/closure-validator.ts builds the validate function from it\nmodule.exports = `;
const ENTRY_TAIL = ";\n";

const memory = new Map<string, (obj: unknown) => SchemaIssue[]>();

/** Hash of what a validator is built from (the CRD's schema): the disk cache key. */
export function validatorKey(k: KindSchema): string {
  return createHash("sha256").update(CACHE_FORMAT).update(JSON.stringify(k.schema)).digest("hex");
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
  const key = validatorKey(k);
  const hit = memory.get(key);
  if (hit) return hit;
  const validate =
    (cacheDir && loadFromDisk(cacheDir, key)) || compileAndStore(k, key, cacheDir || undefined);
  const fn = (obj: unknown): SchemaIssue[] => (validate(obj) ? [] : toIssues(validate.errors ?? [], obj));
  memory.set(key, fn);
  return fn;
}

/**
 * Puts the validators of `kinds` into the disk cache without keeping them in memory (`kiln import
 * --validators`), on this thread: the work is smaller than a worker's start-up and the copying
 * of the kinds to it (docs/benchmarks.md). Every kind is tried; the first failure in sorted
 * order is thrown after the others are stored.
 */
export function precompileValidators(
  kinds: readonly KindSchema[],
  cacheDir: string,
  onProgress?: (done: number, total: number) => void,
): void {
  const errors: string[] = [];
  for (const [i, k] of kinds.entries()) {
    try {
      precompileValidator(k, cacheDir);
    } catch (e) {
      errors.push(`${k.kind} (${k.apiVersion}): ${(e as Error).message}`);
    }
    onProgress?.(i + 1, kinds.length);
  }
  if (errors.length) throw new Error(`validator compilation failed: ${errors.sort()[0]}`);
}

/**
 * Puts `k`'s validator into the disk cache: the translated schema, checked as the closure
 * compiler checks it. Building the closures is left to the process that uses the kind (it costs
 * about as much as reading the entry).
 */
function precompileValidator(k: KindSchema, cacheDir: string): void {
  if (isCoreKind(k)) return;
  const key = validatorKey(k);
  if (existsSync(path.join(cacheDir, `${key}.cjs`))) return;
  const schema = toAjvSchema(k.schema);
  // Checked before anything is written: a schema the validator refuses leaves no entry.
  checkClosureSchema(schema);
  // Synchronous, as writeTreeAtomic: small entries cost less so than through fs/promises
  // (docs/benchmarks.md).
  store(cacheDir, key, schema);
}

function compileAndStore(k: KindSchema, key: string, cacheDir?: string): ClosureValidator {
  const schema = toAjvSchema(k.schema);
  const validate = compileClosureValidator(schema);
  if (cacheDir) store(cacheDir, key, schema);
  return validate;
}

function store(cacheDir: string, key: string, schema: Record<string, unknown>): void {
  ensureDir(cacheDir);
  // Two threads may store kinds whose schemas are the same: writeFileAtomic's names differ.
  writeFileAtomic(path.join(cacheDir, `${key}.cjs`), ENTRY_HEAD + JSON.stringify(schema) + ENTRY_TAIL);
}

const madeDirs = new Set<string>();
function ensureDir(dir: string): void {
  if (madeDirs.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  madeDirs.add(dir);
}

function loadFromDisk(cacheDir: string, key: string): ClosureValidator | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(cacheDir, `${key}.cjs`), "utf8");
  } catch {
    return undefined;
  }
  if (!text.startsWith(ENTRY_HEAD) || !text.endsWith(ENTRY_TAIL)) return undefined;
  try {
    return compileClosureValidator(JSON.parse(text.slice(ENTRY_HEAD.length, -ENTRY_TAIL.length)));
  } catch {
    return undefined; // a damaged entry is compiled again (and rewritten)
  }
}

export { coreSchemas } from "./core.ts";
export { crdSchemasFromText } from "./schemas.ts";

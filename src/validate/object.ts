/**
 * Everything kiln checks about one object on its own, in the apiserver's order: removed API
 * versions, metadata, defaults, structural schema, list types, CEL rules, embedded resources,
 * then policies. Pure: the same object and schemas give the same findings.
 */

import { formatIdentity, type KubeObject, parseApiVersion } from "../core/identity.ts";
import { matchesKind } from "../import/config.ts";
import { applyDefaults, hasDefaults } from "../import/defaults.ts";
import { compileValidator, type KindSchema, type SchemaIssue } from "../import/validator.ts";
import { hasSopsMetadata, isOpaqueValue, sopsShapeProblems } from "../secrets/shape.ts";
import { checkMetadata } from "./metadata.ts";
import { checkNative } from "./native.ts";
import type { Policy } from "./policy.ts";
import { removedApiMessage } from "./removed.ts";
import { checkNodes, type NodeContext, schemaEmbeds, schemaNeedsWalk } from "./schema/nodes.ts";

export type Path = Array<string | number>;

/** One finding about one object; the caller adds file and line. */
export interface Finding {
  severity: "error" | "warning";
  message: string;
  rule: string;
  path: Path;
}

export interface Counts {
  rulesEvaluated: number;
  notEvaluated: number;
  transitionSkipped: number;
}

/** A kind's schema compiled once: the structural validator plus what the walk needs. */
export interface CompiledKind {
  kind: KindSchema;
  validate: (obj: unknown) => SchemaIssue[];
  defaults: boolean;
  walk: boolean;
  /** Objects of the kind can hold embedded resources (whose groups' schemas must be loaded). */
  embeds: boolean;
}

/** Compiles a kind; `cacheDir` keeps compiled validators on disk between runs. */
export function compileKind(k: KindSchema, cacheDir?: string): CompiledKind {
  return {
    kind: k,
    validate: compileValidator(k, cacheDir ? { cacheDir } : {}),
    defaults: hasDefaults(k.schema),
    walk: schemaNeedsWalk(k.schema),
    embeds: schemaEmbeds(k.schema),
  };
}

/** Finds the compiled schema for an apiVersion/kind (undefined: no schema known). */
export type SchemaLookup = (apiVersion: string, kind: string) => CompiledKind | undefined;

export interface ObjectCheckOptions {
  schemas: SchemaLookup;
  /** Unknown fields and kinds without a schema become errors. */
  strict?: boolean;
  /** A kind without a schema: a warning (default) or an error. */
  missingSchema?: "warning" | "error";
  /** Kinds whose missing schema is accepted (no finding): see `matchesKind`. */
  waiveSchemas?: readonly string[];
  /** Unknown fields are errors (objects a control plane writes, in `kiln build`). */
  unknownFieldsAreErrors?: boolean;
  policies?: readonly Policy[];
  file?: string;
}

export interface ObjectResult {
  findings: Finding[];
  counts: Counts;
  /** False when no schema was found for the object's kind. */
  hasSchema: boolean;
  /** The schema's scope, when known. */
  scope?: "Namespaced" | "Cluster";
}

function isWaived(obj: KubeObject, patterns: readonly string[] | undefined): boolean {
  if (!patterns?.length) return false;
  const { group, version } = parseApiVersion(obj.apiVersion);
  return matchesKind({ group, version, kind: obj.kind }, patterns);
}

/** Checks one object. Never throws for bad data; a throwing user policy becomes a finding. */
export function checkObject(obj: KubeObject, opts: ObjectCheckOptions): ObjectResult {
  const findings: Finding[] = [];
  const counts: Counts = { rulesEvaluated: 0, notEvaluated: 0, transitionSkipped: 0 };
  const removed = removedApiMessage(obj.apiVersion, obj.kind);
  if (removed)
    findings.push({ severity: "error", message: removed, rule: "api/removed", path: ["apiVersion"] });
  const { group } = parseApiVersion(obj.apiVersion);
  for (const i of checkMetadata(obj, group, obj.kind)) findings.push(i);
  for (const i of checkNative(obj, group, obj.kind)) findings.push(i);
  if (hasSopsMetadata(obj))
    for (const p of sopsShapeProblems(obj))
      findings.push({ severity: "error", message: p.message, rule: "sops/metadata", path: p.path });
  const compiled = opts.schemas(obj.apiVersion, obj.kind);
  const result: ObjectResult = { findings, counts, hasSchema: Boolean(compiled) };
  if (compiled) {
    result.scope = checkWithSchema(obj, compiled, opts, findings, counts);
  } else if (!removed && !isWaived(obj, opts.waiveSchemas)) {
    const error = opts.strict || opts.missingSchema === "error";
    findings.push({
      severity: error ? "error" : "warning",
      message:
        opts.missingSchema === "error"
          ? `no schema for ${obj.apiVersion} ${obj.kind} (add its CRDs to kiln.config.ts crds, or accept it with schemas: { waive: ["${group || "core"}/${obj.kind}"] })`
          : `no schema for ${obj.apiVersion} ${obj.kind} (add its CRDs with --crds, or import them)`,
      rule: "schema/missing",
      path: ["kind"],
    });
  }
  for (const p of opts.policies ?? []) runPolicy(p, obj, opts.file, findings);
  return result;
}

/**
 * The schema part of `checkObject` (structure, list types, CEL, embedded resources, scope), for
 * an object whose schema became known later (an XRD elsewhere in the tree). Returns the scope.
 */
export function checkWithSchema(
  obj: KubeObject,
  compiled: CompiledKind,
  opts: ObjectCheckOptions,
  findings: Finding[],
  counts: Counts,
): "Namespaced" | "Cluster" | undefined {
  if (hasSopsMetadata(obj)) {
    // A SOPS-encrypted manifest: the `sops` block is sops' (the apiserver never sees it, Flux
    // decrypts first) and `ENC[…]` values are opaque: nothing about their plaintext is known.
    const { sops: _sops, ...plain } = obj;
    const start = findings.length;
    validateWithSchema(plain, compiled, opts, findings, counts, []);
    const kept = findings.splice(start).filter((f) => !isOpaqueValue(valueAt(obj, f.path)));
    findings.push(...kept);
  } else validateWithSchema(obj, compiled, opts, findings, counts, []);
  if (compiled.kind.scope === "Cluster" && obj.metadata?.namespace) {
    findings.push({
      severity: "warning",
      message: `${obj.kind} is cluster-scoped; metadata.namespace is ignored`,
      rule: "metadata",
      path: ["metadata", "namespace"],
    });
  }
  return compiled.kind.scope;
}

function validateWithSchema(
  obj: unknown,
  c: CompiledKind,
  opts: ObjectCheckOptions,
  findings: Finding[],
  counts: Counts,
  at: Path,
): void {
  const value = c.defaults ? applyDefaults(obj, c.kind.schema) : obj;
  for (const i of c.validate(value)) {
    const warn = i.rule === "schema/unknown-field" && !opts.strict && !opts.unknownFieldsAreErrors;
    findings.push({
      severity: warn ? "warning" : "error",
      message: warn ? `${i.message} (the apiserver would prune it)` : i.message,
      rule: i.rule,
      path: [...at, ...i.path],
    });
  }
  if (!c.walk) return;
  const ctx: NodeContext = {
    issues: [],
    counts,
    embedded: (inner, path) => {
      const e = opts.schemas(String(inner.apiVersion), String(inner.kind));
      if (e) validateWithSchema(inner, e, opts, findings, counts, [...at, ...path]);
    },
  };
  checkNodes(value, c.kind.schema, ctx);
  for (const i of ctx.issues) findings.push({ ...i, path: [...at, ...i.path] });
}

function valueAt(v: unknown, path: Path): unknown {
  let at = v;
  for (const seg of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, unknown>)[seg];
  }
  return at;
}

function runPolicy(p: Policy, obj: KubeObject, file: string | undefined, findings: Finding[]): void {
  try {
    const out = p.check(obj, file ? { file } : {});
    for (const f of out ?? []) {
      findings.push({
        severity: f.severity ?? p.severity ?? "error",
        message: f.message,
        rule: `policy/${p.name}`,
        path: f.path ? f.path.split(/\.(?![^[]*\])/).flatMap(splitIndex) : [],
      });
    }
  } catch (e) {
    findings.push({
      severity: "error",
      message: `policy ${p.name} threw on ${formatIdentity({ group: "", version: "", kind: obj.kind, name: obj.metadata?.name ?? "" })}: ${(e as Error)?.message ?? String(e)}`,
      rule: `policy/${p.name}`,
      path: [],
    });
  }
}

function splitIndex(seg: string): Path {
  const out: Path = [];
  for (const m of seg.matchAll(/([^[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/**
 * The unit of work that runs in the main thread or in a worker: one file in, located
 * diagnostics, counts and cross-check facts out. Positions are resolved only for findings, from
 * the record of the file's one parse (see `YamlDocument.locate`), so a clean file never pays for
 * them. Results cross threads as JSON text (workers.ts), so they stay plain data.
 */
import type { Diagnostic } from "../core/errors.ts";
import {
  formatIdentity,
  type Identity,
  identityOf,
  type KubeObject,
  parseApiVersion,
} from "../core/identity.ts";
import { formatJsonPath } from "../core/paths.ts";
import { hasSopsMetadata, sopsShapeProblems } from "../secrets/shape.ts";
import { extractFacts, type ObjectFacts } from "./facts.ts";
import { type FileObject, parseManifestFile } from "./input.ts";
import {
  type CompiledKind,
  type Counts,
  checkObject,
  type Finding,
  type ObjectCheckOptions,
  type ObjectResult,
  type Path,
  type SchemaLookup,
} from "./object.ts";
import { plaintextSecretPolicy } from "./policies.ts";
import type { Policy } from "./policy.ts";
import { redactMessage } from "./redact.ts";
import { fluxPathFindings, type ReferenceOptions } from "./references.ts";
import { ENCRYPTED_RESOURCE, encryptedIdentity, verifySopsFile } from "./sops-mac.ts";

/** Facts plus what is needed to locate cross-check findings later. */
export interface CheckedFacts extends ObjectFacts {
  /**
   * Index of the object among its file's objects (file mode): cross-check findings are located
   * at report time by re-reading only the files that have such findings.
   */
  at?: number;
  /** No schema was found for the object's kind: an XRD elsewhere in the tree may define it. */
  noSchema?: true;
  /**
   * JSON path text → line of the paths cross-checks report on, filled only when the file's
   * positions were read anyway (it has findings of its own), where they cost next to nothing.
   */
  lines?: Record<string, number>;
}

export interface FileResult {
  diagnostics: Diagnostic[];
  facts: CheckedFacts[];
  counts: Counts;
  resources: number;
  withoutSchema: number;
  /** CompositeResourceDefinitions of this file (their XRs may live in other files). */
  xrds?: KubeObject[];
}

export interface CheckSettings {
  strict?: boolean;
  /**
   * A kind without a schema in an object the control plane writes: a warning (default) or an
   * error (`kiln build`); `strict` makes every one an error.
   */
  missingSchema?: "warning" | "error";
  /** Kinds whose missing schema is accepted, as in kiln.config.ts `schemas.waive`. */
  waiveSchemas?: readonly string[];
  /** The built-in plaintext Secret gate (default on). */
  secretPolicy?: boolean;
  /**
   * Decrypt SOPS files with the age identities sops would use (SOPS_AGE_KEY_FILE, SOPS_AGE_KEY,
   * age/keys.txt) and verify their MAC.
   */
  decrypt?: boolean;
  policies?: readonly Policy[];
  /** The repository tree: Flux Kustomization paths are checked with each object (file mode). */
  tree?: ReferenceOptions & { treeRoot: string };
  /**
   * Keep check results for a later run in this process (`kiln validate --watch`, see
   * `checkObjectMemo`). Off for a single run, where no object is checked twice and the kept
   * results and their keys would only take memory.
   */
  reuseChecks?: boolean;
}

/**
 * Lines of the paths cross-check findings can be reported at for this object (each reference's
 * own path, and the paths of the checks that can fire on it), for an object whose file has been
 * read with positions. A finding at a path not here is located by reading the file again.
 */
export function crossCheckLines(it: CheckItem, facts: CheckedFacts): Record<string, number> {
  const paths: Path[] = facts.refs.map((x) => x.path);
  if (facts.namespace) paths.push(["metadata", "namespace"]);
  if (facts.refs.some((r) => r.edge === "dependsOn")) paths.push(["spec", "dependsOn"]);
  if (facts.composes) paths.push(["spec", "compositeTypeRef"], ["spec", "compositeTypeRef", "apiVersion"]);
  const lines: Record<string, number> = {};
  for (const p of paths) {
    const line = whereIn(it, p).line;
    if (line) lines[formatJsonPath(p)] = line;
  }
  return lines;
}

export function emptyCounts(): Counts {
  return { rulesEvaluated: 0, notEvaluated: 0, transitionSkipped: 0 };
}

/** Where an object is: a locator into its file (file mode) or a fixed line (graph mode). */
export interface CheckItem {
  object: KubeObject;
  file?: string;
  locate?: FileObject["locate"];
  line?: number;
  cluster?: string;
  /** Written by the control plane itself (graph mode, not `include()`d): unknown fields are errors. */
  written?: boolean;
}

/** A cross-resource finding as a diagnostic: located by line only (the caller sets it). */
export function crossCheckDiagnostic(
  f: Pick<Finding, "severity" | "message" | "rule" | "path">,
  resource: string,
  file: string | undefined,
): Diagnostic {
  const d: Diagnostic = {
    severity: f.severity,
    message: f.message,
    rule: f.rule,
    resource,
    path: formatJsonPath(f.path),
  };
  if (file) d.file = file;
  return d;
}

/** Line and column of a path in an item, or just the item's line, or nothing. */
/** A schema finding of one object as a diagnostic, located in its file. */
export function findingDiagnostic(f: Finding, it: CheckItem, resource: string): Diagnostic {
  const d: Diagnostic = {
    severity: f.severity,
    message: redactMessage(it.object, f.path, f.message),
    rule: f.rule,
    resource,
    ...whereIn(it, f.path),
  };
  if (it.file) d.file = it.file;
  if (f.path.length) d.path = formatJsonPath(f.path);
  return d;
}

export function whereIn(it: CheckItem, p: Path): { line?: number; column?: number } {
  return it.locate ? it.locate(p) : it.line ? { line: it.line } : {};
}

export function isXrd(o: KubeObject): boolean {
  return o.kind === "CompositeResourceDefinition" && o.apiVersion.startsWith("apiextensions.crossplane.io/");
}

export function resourceName(it: CheckItem): string {
  return formatIdentity(identityOf(it.object)) + (it.cluster ? ` (cluster ${it.cluster})` : "");
}

/**
 * `resourceName` of the object the facts are of, worked out when a finding needs it: the facts
 * of every object are kept until the report is made, and most never need one.
 */
export function factsResourceName(f: ObjectFacts): string {
  const id: Identity = { group: f.group, version: f.version, kind: f.kind, name: f.name };
  if (f.namespace) id.namespace = f.namespace;
  return formatIdentity(id) + (f.cluster ? ` (cluster ${f.cluster})` : "");
}

/**
 * Results of `checkObject` kept between runs in one process (`kiln validate --watch`, which sets
 * `reuseChecks`): an object whose content, file, kind schema and settings are all unchanged is
 * not checked again. A check is a pure function of those (validators are compiled once per schema
 * hash and shared, so the validate function stands for the schema). Not kept: objects of kinds
 * that embed resources (their check looks up other kinds' schemas) and runs with user policies
 * (their own code).
 */
const memo = new Map<string, ObjectResult>();
const MEMO_LIMIT = 20_000;
const schemaIds = new WeakMap<CompiledKind["validate"], number>();
let lastSchemaId = 0;

function memoKey(
  obj: KubeObject,
  compiled: CompiledKind | undefined,
  opts: ObjectCheckOptions,
): string | undefined {
  if (compiled?.embeds) return undefined;
  let schema = 0;
  if (compiled) {
    schema = schemaIds.get(compiled.validate) ?? 0;
    if (!schema) {
      schema = ++lastSchemaId;
      schemaIds.set(compiled.validate, schema);
    }
  }
  try {
    return JSON.stringify([
      schema,
      compiled?.kind.scope,
      opts.strict,
      opts.missingSchema,
      opts.waiveSchemas,
      opts.unknownFieldsAreErrors,
      opts.file,
      obj,
    ]);
  } catch {
    return undefined; // not plain data (a cycle, a BigInt): checked every time
  }
}

function checkObjectMemo(obj: KubeObject, opts: ObjectCheckOptions, reuse: boolean): ObjectResult {
  if (!reuse) return checkObject(obj, opts);
  const key = memoKey(obj, opts.schemas(obj.apiVersion, obj.kind), opts);
  const hit = key === undefined ? undefined : memo.get(key);
  if (hit) return hit;
  const r = checkObject(obj, opts);
  if (key !== undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, r);
  }
  return r;
}

/** Checks objects that share a file (or a graph). */
export function checkObjects(
  items: ReadonlyArray<CheckItem>,
  lookup: SchemaLookup,
  settings: CheckSettings,
): FileResult {
  const res: FileResult = {
    diagnostics: [],
    facts: [],
    counts: emptyCounts(),
    resources: 0,
    withoutSchema: 0,
  };
  const policies = [
    ...(settings.secretPolicy === false ? [] : [plaintextSecretPolicy]),
    ...(settings.policies ?? []),
  ];
  let located = false;
  const checked: Array<[CheckItem, CheckedFacts]> = [];
  items.forEach((it, at) => {
    const obj = it.object;
    res.resources++;
    if (encryptedIdentity(obj)) {
      res.diagnostics.push(...encryptedObjectDiagnostics(it));
      return;
    }
    const resource = resourceName(it);
    const r = checkObjectMemo(
      obj,
      {
        schemas: lookup,
        strict: settings.strict ?? false,
        // Only objects the control plane writes (not include()d ones) are held to missingSchema.
        ...(settings.missingSchema && it.written ? { missingSchema: settings.missingSchema } : {}),
        ...(settings.waiveSchemas ? { waiveSchemas: settings.waiveSchemas } : {}),
        ...(it.written ? { unknownFieldsAreErrors: true } : {}),
        policies,
        ...(it.file ? { file: it.file } : {}),
      },
      Boolean(settings.reuseChecks && !settings.policies?.length),
    );
    if (!r.hasSchema) res.withoutSchema++;
    res.counts.rulesEvaluated += r.counts.rulesEvaluated;
    res.counts.notEvaluated += r.counts.notEvaluated;
    res.counts.transitionSkipped += r.counts.transitionSkipped;
    for (const f of r.findings) {
      located = true;
      res.diagnostics.push(findingDiagnostic(f, it, resource));
    }
    const facts = extractFacts(obj) as CheckedFacts;
    if (it.cluster) facts.cluster = it.cluster;
    if (r.scope) facts.scope = r.scope;
    if (it.file) facts.file = it.file;
    if (it.locate) facts.at = at;
    else if (it.line) facts.line = it.line;
    if (!r.hasSchema) facts.noSchema = true;
    res.facts.push(facts);
    checked.push([it, facts]);
    if (settings.tree)
      for (const x of fluxPathFindings(facts, settings.tree)) {
        const d = crossCheckDiagnostic(x, resource, it.file);
        const line = whereIn(it, x.path).line;
        if (line) d.line = line;
        res.diagnostics.push(d);
      }
    if (isXrd(obj)) {
      res.xrds ??= [];
      res.xrds.push(obj);
    }
  });
  // A file with findings has been read with positions: locating cross-check paths now is cheap,
  // and spares reading the file again at report time should a cross-check fail there.
  if (located) for (const [it, facts] of checked) if (it.locate) facts.lines = crossCheckLines(it, facts);
  return res;
}

function encryptedObjectDiagnostics(it: CheckItem): Diagnostic[] {
  const d = (f: Omit<Finding, "severity"> & { severity?: Finding["severity"] }) =>
    findingDiagnostic({ severity: "error", ...f }, it, ENCRYPTED_RESOURCE);
  return [
    d({
      severity: "warning",
      message:
        "not validated: its apiVersion, kind or metadata are encrypted (encrypt only data and stringData, e.g. encrypted_regex: ^(data|stringData)$)",
      rule: "sops/encrypted-identity",
      path: ["kind"],
    }),
    ...sopsShapeProblems(it.object).map((p) =>
      d({ message: p.message, rule: "sops/metadata", path: p.path }),
    ),
  ];
}

/**
 * Loads the catalog schemas the objects need: their own groups, then the groups of embedded
 * resources, for the objects whose kind's schema embeds resources (only those are validated).
 */
export async function ensureObjectGroups(
  objects: ReadonlyArray<{ object: KubeObject }>,
  lookup: SchemaLookup,
  ensureGroups: (groups: Set<string>) => Promise<void>,
): Promise<void> {
  const top = new Set<string>();
  for (const o of objects) top.add(parseApiVersion(o.object.apiVersion).group);
  await ensureGroups(top);
  const embedded = new Set<string>();
  for (const o of objects)
    if (lookup(o.object.apiVersion, o.object.kind)?.embeds) collectEmbeddedGroups(o.object, embedded, 0);
  for (const g of top) embedded.delete(g);
  if (embedded.size) await ensureGroups(embedded);
}

/** Embedded resources (e.g. Composition templates) may use other groups; collect shallowly. */
function collectEmbeddedGroups(v: unknown, out: Set<string>, depth: number): void {
  if (depth > 8 || !v || typeof v !== "object") return;
  if (Array.isArray(v)) {
    for (const x of v) collectEmbeddedGroups(x, out, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  if (depth > 0 && typeof o.apiVersion === "string" && typeof o.kind === "string")
    out.add(parseApiVersion(o.apiVersion).group);
  for (const x of Object.values(o)) if (x && typeof x === "object") collectEmbeddedGroups(x, out, depth + 1);
}

/** Parses and checks one file; `ensureGroups` loads catalog schemas before checking. */
export async function checkFile(
  file: string,
  display: string,
  lookup: SchemaLookup,
  ensureGroups: (groups: Set<string>) => Promise<void>,
  settings: CheckSettings,
): Promise<FileResult> {
  const parsed = parseManifestFile(file, display);
  await ensureObjectGroups(parsed.objects, lookup, ensureGroups);
  const res = checkObjects(
    parsed.objects.map((o) => ({ object: o.object, file: display, locate: o.locate })),
    lookup,
    settings,
  );
  if (settings.decrypt && parsed.objects.some((o) => hasSopsMetadata(o.object)))
    res.diagnostics.push(...(await verifySopsFile(file, display, parsed.objects)));
  for (const p of parsed.problems) {
    const d: Diagnostic = { severity: "error", message: p.message, rule: p.rule, file: display };
    if (p.line) d.line = p.line;
    if (p.column) d.column = p.column;
    res.diagnostics.unshift(d);
  }
  return res;
}

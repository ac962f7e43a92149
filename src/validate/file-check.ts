/**
 * The unit of work that runs in the main thread or in a worker: one file in, located
 * diagnostics, counts and cross-check facts out.
 */
import type { Diagnostic } from "../core/errors.ts";
import { formatJsonPath } from "../core/paths.ts";
import { formatIdentity, identityOf, type KubeObject, parseApiVersion } from "../model/identity.ts";
import { extractFacts, type ObjectFacts } from "./facts.ts";
import { type FileObject, parseManifestFile } from "./input.ts";
import { type Counts, checkObject, type SchemaLookup } from "./object.ts";
import { type Policy, plaintextSecretPolicy } from "./policies.ts";

/** Facts plus the lines of the paths cross-checks report on. */
export interface LocatedFacts extends ObjectFacts {
  resource: string;
  /** JSON path text → line, for reference paths and a few fixed ones. */
  lines: Record<string, number>;
}

export interface FileResult {
  diagnostics: Diagnostic[];
  facts: LocatedFacts[];
  counts: Counts;
  resources: number;
  withoutSchema: number;
}

export interface CheckSettings {
  strict?: boolean;
  /** The built-in plaintext Secret gate (default on). */
  secretPolicy?: boolean;
  policies?: readonly Policy[];
}

export function emptyCounts(): Counts {
  return { rulesEvaluated: 0, notEvaluated: 0, transitionSkipped: 0 };
}

const FIXED_PATHS: Array<Array<string | number>> = [
  ["metadata", "namespace"],
  ["spec", "path"],
  ["spec", "dependsOn"],
  ["spec", "compositeTypeRef"],
  ["spec", "compositeTypeRef", "apiVersion"],
];

/** Checks objects that share a file (or a graph); `where` gives each object's location. */
export function checkObjects(
  items: ReadonlyArray<{
    object: KubeObject;
    file?: string;
    locate?: FileObject["locate"];
    line?: number;
    cluster?: string;
  }>,
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
  for (const it of items) {
    const obj = it.object;
    res.resources++;
    const resource = formatIdentity(identityOf(obj)) + (it.cluster ? ` (cluster ${it.cluster})` : "");
    const r = checkObject(obj, {
      schemas: lookup,
      strict: settings.strict ?? false,
      policies,
      ...(it.file ? { file: it.file } : {}),
    });
    if (!r.hasSchema) res.withoutSchema++;
    res.counts.rulesEvaluated += r.counts.rulesEvaluated;
    res.counts.notEvaluated += r.counts.notEvaluated;
    res.counts.transitionSkipped += r.counts.transitionSkipped;
    const where = (p: Array<string | number>) =>
      it.locate ? it.locate(p) : it.line ? { line: it.line } : {};
    for (const f of r.findings) {
      const d: Diagnostic = {
        severity: f.severity,
        message: f.message,
        rule: f.rule,
        resource,
        ...where(f.path),
      };
      if (it.file) d.file = it.file;
      if (f.path.length) d.path = formatJsonPath(f.path);
      res.diagnostics.push(d);
    }
    const facts = extractFacts(obj) as LocatedFacts;
    facts.resource = resource;
    if (it.cluster) facts.cluster = it.cluster;
    if (r.scope) facts.scope = r.scope;
    if (it.file) facts.file = it.file;
    const top = where([]);
    if ("line" in top && top.line) facts.line = top.line;
    facts.lines = {};
    for (const p of [...FIXED_PATHS, ...facts.refs.map((x) => x.path)]) {
      const at = where(p);
      if ("line" in at && at.line) facts.lines[formatJsonPath(p)] = at.line;
    }
    res.facts.push(facts);
  }
  return res;
}

/** API groups used by a file's objects (so the catalog can load just those). */
export function groupsOf(objects: ReadonlyArray<{ object: KubeObject }>): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    out.add(parseApiVersion(o.object.apiVersion).group);
    collectEmbeddedGroups(o.object, out, 0);
  }
  return out;
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
  await ensureGroups(groupsOf(parsed.objects));
  const res = checkObjects(
    parsed.objects.map((o) => ({ object: o.object, file: display, locate: o.locate })),
    lookup,
    settings,
  );
  for (const p of parsed.problems) {
    const d: Diagnostic = { severity: "error", message: p.message, rule: p.rule, file: display };
    if (p.line) d.line = p.line;
    if (p.column) d.column = p.column;
    res.diagnostics.unshift(d);
  }
  return res;
}

/** Reading a kustomization's inputs: the kustomization file, resource files, generated kustomizations. */
import { lstatSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isKilnError } from "../core/errors.ts";
import { readRegularFile } from "../core/fs.ts";
import type { KubeObject } from "../core/identity.ts";
import { parseYamlDocuments, type YamlDialect, type YamlDocument } from "../core/yaml.ts";
import type { Resource } from "./resource.ts";
import type { BuildCache } from "./types.ts";

/** The names kustomize recognises, in the order it looks for them (`konfig.RecognizedKustomizationFileNames`). */
export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"] as const;

/** A kustomization file's content, with a locator for its entries. */
export interface KustomizationFile {
  /** Absolute path; undefined for a generated kustomization. */
  file?: string;
  /** Path relative to the repository root, for origins and messages (the folder when generated). */
  rel: string;
  dir: string;
  /** Repository root (absolute). */
  root: string;
  /** The kustomization's fields; each is checked where it is read. */
  spec: Record<string, any>;
  line(p: ReadonlyArray<string | number>): number;
  /** The build's parse cache, for the files this kustomization names. */
  cache?: BuildCache;
}

/** A failure with its location, turned into a Diagnostic by the builder. */
export class LoadError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const f = path.join(dir, name);
    try {
      if (statSync(f).isFile()) return f;
    } catch {
      // not this name
    }
  }
  return undefined;
}

export function relative(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join("/") || ".";
}

/**
 * Parses a YAML file's documents, turning a syntax error into a LoadError at its line. Resources
 * and strategic merge patches read as kustomize's kyaml does; kustomization files, JSON patches
 * and replacement files as its sigs.k8s.io/yaml does (`yaml11`: `yes` and `on` are booleans).
 */
export function readDocuments(
  file: string,
  rel: string,
  dialect: YamlDialect = "kyaml",
  cache?: BuildCache,
): YamlDocument[] {
  if (!cache) return parseFile(file, rel, dialect);
  // Keyed by content, not modification time: Linux stamps files with a coarse clock, so two
  // edits of the same size a few milliseconds apart can share an mtime. Reading is cheap; the
  // parse is what is saved.
  const text = readText(file, rel);
  const key = `${dialect}\u0000${rel}\u0000${file}`;
  let hit = cache.files.get(key);
  if (!hit || hit.text !== text) {
    hit = { text, docs: parseText(text, rel, dialect) };
    cache.files.set(key, hit);
  }
  // transformers change the objects they get: each build works on its own copy
  return hit.docs.map((d) => ({
    index: d.index,
    value: structuredClone(d.value),
    get line() {
      return d.line;
    },
    locate: d.locate,
  }));
}

function parseFile(file: string, rel: string, dialect: YamlDialect): YamlDocument[] {
  return parseText(readText(file, rel), rel, dialect);
}

function readText(file: string, rel: string): string {
  try {
    return readRegularFile(file);
  } catch (e) {
    throw new LoadError(
      `cannot read ${rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      rel,
    );
  }
}

function parseText(text: string, rel: string, dialect: YamlDialect): YamlDocument[] {
  try {
    return parseYamlDocuments(text, rel, { dialect });
  } catch (e) {
    if (isKilnError(e)) throw new LoadError(e.message, rel, e.location.line);
    throw e;
  }
}

export function loadKustomizationFile(file: string, root: string, cache?: BuildCache): KustomizationFile {
  const rel = relative(root, file);
  const docs = readDocuments(file, rel, "yaml11", cache).filter((d) => d.value !== null);
  const doc = docs[0];
  if (docs.length > 1)
    throw new LoadError("a kustomization file holds one YAML document", rel, docs[1]?.line);
  const value = doc?.value ?? {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new LoadError("a kustomization file is a YAML mapping", rel, doc?.line ?? 1);
  const spec = value as Record<string, unknown>;
  if (spec.kind !== undefined && spec.kind !== "Kustomization" && spec.kind !== "Component")
    throw new LoadError(
      `kind ${String(spec.kind)} is not a Kustomization or Component`,
      rel,
      doc?.locate(["kind"]).line,
    );
  const k: KustomizationFile = {
    file,
    rel,
    dir: path.dirname(file),
    root,
    spec,
    line: (p) => doc?.locate(p).line ?? 1,
  };
  if (cache) k.cache = cache;
  return k;
}

/**
 * The kustomization kustomize-controller writes into a folder that has none (fluxcd/pkg
 * kustomize generator): every `.yaml`/`.yml` file below the folder, walked in lexical order, and
 * every sub-folder that holds a kustomization file as a folder resource (not descended into).
 * Symlinked folders are not walked (Go's filepath.Walk does not follow them).
 */
export function generatedKustomization(dir: string, root: string): KustomizationFile {
  const resources: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      let st: ReturnType<typeof lstatSync>;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (kustomizationFileIn(p)) resources.push(`./${relative(dir, p)}`);
        else walk(p);
        continue;
      }
      // A FIFO, socket or device named x.yaml is never listed (reading it would block).
      if (!st.isFile() && !st.isSymbolicLink()) continue;
      const ext = path.extname(name);
      if (ext === ".yaml" || ext === ".yml") resources.push(`./${relative(dir, p)}`);
    }
  };
  walk(dir);
  return { dir, rel: relative(root, dir), root, spec: { resources }, line: () => 0 };
}

/** kustomize reads a `List` (any kind ending in `List` with `items`) as its items. */
function flatten(value: unknown): unknown[] {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items)) return v.items;
  }
  return [value];
}

/** The objects of one resource file, each located at its document's first line. */
export function readResourceFile(file: string, root: string, cache?: BuildCache): Resource[] {
  const rel = relative(root, file);
  const out: Resource[] = [];
  for (const doc of readDocuments(file, rel, "kyaml", cache)) {
    if (doc.value === null) continue;
    for (const item of flatten(doc.value)) {
      if (!item || typeof item !== "object" || Array.isArray(item))
        throw new LoadError("a resource document is a YAML mapping", rel, doc.line);
      const obj = item as KubeObject;
      if (typeof obj.kind !== "string" || !obj.kind)
        throw new LoadError("missing kind: not a Kubernetes object", rel, doc.line);
      if (!obj.metadata || typeof obj.metadata !== "object") (obj as { metadata: object }).metadata = {};
      if (!obj.metadata.name && !obj.metadata.generateName)
        throw new LoadError(`${obj.kind} without metadata.name`, rel, doc.line);
      out.push({ object: obj, origin: { file: rel, line: doc.line }, previous: [] });
    }
  }
  return out;
}

/** kustomize treats a resource it cannot find locally that looks like a URL as a remote base. */
export function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^git@/.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    entry.includes("?ref=") ||
    entry.includes(".git//")
  );
}

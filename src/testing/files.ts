/**
 * Named groups of output files tested together (the seeds' "groups of files behave as
 * expected"): select synthesized files by glob, parse every manifest with kiln's one YAML reader,
 * and keep each object's file and line so assertions can point at it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Minimatch } from "minimatch";
import { KilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { displayPath } from "../core/paths.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import { identityOfObject, type Resource } from "./resource.ts";

/** Files parsed as manifests; anything else is kept as text only. */
const MANIFEST = /\.(ya?ml|json)$/;

/** A file of a group. */
export interface GroupFile {
  /** Path relative to the group's root, with `/` separators. */
  readonly path: string;
  readonly text: string;
  /** Kubernetes objects in the file, in document order. Empty for non-manifest files. */
  readonly resources: readonly Resource[];
}

/** Why a file of a group is not a clean manifest: a YAML error or a document that is not an object. */
export interface FileProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** A named set of output files and the objects they hold. */
export class FileGroup {
  readonly name: string;
  /** The folder globs are relative to. */
  readonly root: string;
  readonly patterns: readonly string[];
  readonly files: readonly GroupFile[];
  /** Parse problems; `expect(group).toParseCleanly()` fails when there are any. */
  readonly problems: readonly FileProblem[];

  /** @internal use `fileGroup()` */
  constructor(
    name: string,
    root: string,
    patterns: readonly string[],
    files: GroupFile[],
    problems: FileProblem[],
  ) {
    this.name = name;
    this.root = root;
    this.patterns = patterns;
    this.files = files;
    this.problems = problems;
  }

  /** Every object of every file, in file (sorted path) then document order. */
  get resources(): readonly Resource[] {
    return this.files.flatMap((f) => f.resources);
  }

  /** A file by its path relative to the root. */
  file(relPath: string): GroupFile | undefined {
    return this.files.find((f) => f.path === relPath);
  }
}

export interface FileGroupOptions {
  /** Name used in failure messages; defaults to the patterns. */
  name?: string;
}

/**
 * Selects files under `root` by glob (minimatch syntax, relative to `root`; dotfiles such as
 * kiln's output marker are never selected) and parses the manifests among them. Parse errors are
 * collected in `problems`, not thrown, so a test can assert on them. Throws a KilnError when
 * `root` is not a folder or when no file matches: an empty group would make every assertion
 * over it pass vacuously.
 */
export function fileGroup(
  root: string,
  patterns: string | readonly string[],
  options: FileGroupOptions = {},
): FileGroup {
  const list = typeof patterns === "string" ? [patterns] : [...patterns];
  const abs = path.resolve(root);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new KilnError(`file group root is not a folder: ${displayPath(abs)}`, { file: displayPath(abs) });
  }
  const globs = list.map((g) => new Minimatch(g));
  const rels = readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(abs, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .filter((p) => globs.some((g) => g.match(p)))
    .sort();
  if (rels.length === 0) {
    throw new KilnError(`no file under ${displayPath(abs)} matches ${list.join(", ")}`, {
      file: displayPath(abs),
    });
  }
  const problems: FileProblem[] = [];
  const files = rels.map((rel) => readGroupFile(abs, rel, problems));
  return new FileGroup(options.name ?? list.join(", "), abs, list, files, problems);
}

function readGroupFile(root: string, rel: string, problems: FileProblem[]): GroupFile {
  const file = displayPath(path.join(root, rel));
  const text = readFileSync(path.join(root, rel), "utf8");
  if (!MANIFEST.test(rel)) return { path: rel, text, resources: [] };
  const resources: Resource[] = [];
  let docs: ReturnType<typeof parseYamlDocuments>;
  try {
    docs = parseYamlDocuments(text, file);
  } catch (e) {
    if (!(e instanceof KilnError)) throw e;
    problems.push({ file, ...(e.location.line ? { line: e.location.line } : {}), message: e.message });
    return { path: rel, text, resources };
  }
  const unit = unitOf(rel);
  for (const doc of docs) {
    if (doc.value === null) continue;
    const v = doc.value as Partial<KubeObject>;
    if (
      typeof v !== "object" ||
      Array.isArray(v) ||
      typeof v.apiVersion !== "string" ||
      typeof v.kind !== "string"
    ) {
      problems.push({
        file,
        line: doc.line,
        message: `document ${doc.index + 1} is not a Kubernetes object (no apiVersion and kind)`,
      });
      continue;
    }
    const object = v as KubeObject;
    resources.push({
      object,
      id: identityOfObject(object),
      origin: { ...(unit ? { unit } : {}), file, line: doc.line },
    });
  }
  return { path: rel, text, resources };
}

/** synth writes unit `a/b/c` to `clusters/a/b/c/`; the root unit's files sit at the top. */
function unitOf(rel: string): string[] | undefined {
  const dirs = rel.split("/").slice(0, -1);
  if (dirs.length === 0) return [];
  return dirs[0] === "clusters" ? dirs.slice(1) : undefined;
}

/**
 * Several named groups at once, e.g. one per Flux layer, for `describe.each` or a loop:
 * `fileGroups(out, { sources: "clusters/home/sources/**", controllers: "clusters/home/controllers/**" })`.
 */
export function fileGroups<K extends string>(
  root: string,
  groups: Readonly<Record<K, string | readonly string[]>>,
): Record<K, FileGroup> {
  const out = {} as Record<K, FileGroup>;
  for (const name of Object.keys(groups) as K[]) out[name] = fileGroup(root, groups[name], { name });
  return out;
}

/** Every manifest under an output folder; the first parse problem is thrown as a KilnError. */
export function readOutput(root: string): FileGroup {
  const abs = path.resolve(root);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new KilnError(
      `output folder not found: ${displayPath(abs)} (run synth first, or pass a ResourceGraph)`,
      {
        file: displayPath(abs),
      },
    );
  }
  const group = fileGroup(root, ["**/*.yaml", "**/*.yml", "**/*.json"], {
    name: displayPath(path.resolve(root)),
  });
  const p = group.problems[0];
  if (p) throw new KilnError(p.message, { file: p.file, ...(p.line ? { line: p.line } : {}) });
  return group;
}

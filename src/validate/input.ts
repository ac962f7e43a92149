/**
 * Reading Kubernetes YAML from disk for validation: which files, and which documents in them are
 * API objects. Bad files become findings (the rest of the tree is still validated).
 */
import { closeSync, fstatSync, openSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isKilnError, KilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { displayPath } from "../core/paths.ts";
import { listFolderFiles } from "../core/walk.ts";
import { MAX_YAML_BYTES, parseYamlDocuments, type YamlDocument } from "../core/yaml.ts";

/** Folders never descended into. */
const SKIP_DIRS = new Set(["node_modules", ".git"]);
/** `-` names standard input, as in kubeconform and `crossplane beta validate`. */
export const STDIN = "-";
let stdinText: string | undefined;

/** Standard input as text, read once (a pipe can be read only once). */
export function readStdin(): string {
  stdinText ??= readFileSync(0, "utf8");
  return stdinText;
}

/** The files validate reads as manifests. */
export const MANIFEST = /\.(ya?ml|json)$/i;

/**
 * Expands paths (files or folders, recursively) into a sorted, de-duplicated list of absolute
 * manifest files. A missing path is a KilnError. In folders only regular files are listed:
 * FIFOs, sockets and devices, dangling links and link loops are skipped and passed to `warn`
 * (see core/walk.ts); a path named explicitly is read whatever it is (`<(kustomize build)`).
 */
export function listManifestFiles(
  paths: readonly string[],
  warn?: (file: string, message: string) => void,
): string[] {
  const out = new Set<string>();
  const dirs: string[] = [];
  for (const p of paths.map((p) => (p === STDIN ? p : path.resolve(p)))) {
    if (p === STDIN) {
      out.add(STDIN);
      continue;
    }
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new KilnError(`no such file or folder: ${p}`);
    }
    if (st.isDirectory()) dirs.push(p);
    else out.add(p);
  }
  const skip = (name: string) => name.startsWith(".") || SKIP_DIRS.has(name);
  for (const f of listFolderFiles(dirs, { match: MANIFEST, skip, ...(warn ? { warn } : {}) })) out.add(f);
  return [...out].sort();
}

/** `displayPath` of many files: those below the working folder lose its prefix by slicing. */
export function displayPaths(files: readonly string[], cwd: string = process.cwd()): string[] {
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  return files.map((f) =>
    f === STDIN
      ? "stdin"
      : f.startsWith(prefix) && f.length > prefix.length
        ? f.slice(prefix.length)
        : displayPath(f, cwd),
  );
}

/** One API object found in a file, with where it is. */
export interface FileObject {
  object: KubeObject;
  /** Locates a JSON path (relative to the object) in the file. */
  locate(p: ReadonlyArray<string | number>): { line: number; column: number };
}

export interface FileProblem {
  message: string;
  line?: number;
  column?: number;
  rule: string;
}

export interface ParsedFile {
  objects: FileObject[];
  problems: FileProblem[];
  /** Documents skipped on purpose (kustomize configs, empty documents). */
  skipped: number;
}

/** Kinds that live in Git but are never sent to the apiserver. */
function isToolConfig(v: Record<string, unknown>): boolean {
  return typeof v.apiVersion === "string" && v.apiVersion.startsWith("kustomize.config.k8s.io/");
}

function isSopsDataFile(v: Record<string, unknown>): boolean {
  const sops = v.sops as Record<string, unknown> | undefined;
  return !!sops && typeof sops === "object" && typeof sops.mac === "string";
}

/** Parses one file's text into API objects and problems (never throws for bad content). */
export function parseManifestText(text: string, file: string): ParsedFile {
  const res: ParsedFile = { objects: [], problems: [], skipped: 0 };
  let docs: YamlDocument[];
  try {
    docs = parseYamlDocuments(text, file);
  } catch (e) {
    if (!isKilnError(e)) throw e;
    const p: FileProblem = { message: e.message, rule: "yaml" };
    if (e.location.line) p.line = e.location.line;
    if (e.location.column) p.column = e.location.column;
    res.problems.push(p);
    return res;
  }
  for (const doc of docs) {
    const v = doc.value;
    if (v === null) {
      res.skipped++;
      continue;
    }
    if (typeof v !== "object" || Array.isArray(v)) {
      res.problems.push({
        message: "document is not a Kubernetes object (expected a map with apiVersion and kind)",
        line: doc.line,
        rule: "yaml/not-an-object",
      });
      continue;
    }
    const o = v as Record<string, unknown>;
    if (isToolConfig(o)) {
      res.skipped++;
      continue;
    }
    const missing = ["apiVersion", "kind"].filter((k) => typeof o[k] !== "string" || !o[k]);
    // A SOPS-encrypted data file (Terraform or Ansible variables) and a JSON file with neither
    // field (a lock file, renovate.json) are not manifests at all: skipped, as kustomize configs.
    if (missing.length === 2 && (isSopsDataFile(o) || /\.json$/i.test(file))) {
      res.skipped++;
      continue;
    }
    if (missing.length) {
      res.problems.push({
        message: `document has no ${missing.join(" or ")}`,
        line: doc.line,
        rule: "yaml/not-an-object",
      });
      continue;
    }
    if (o.kind === "List" && Array.isArray(o.items)) {
      o.items.forEach((item, i) => {
        if (
          item &&
          typeof item === "object" &&
          typeof (item as KubeObject).apiVersion === "string" &&
          typeof (item as KubeObject).kind === "string"
        ) {
          res.objects.push({ object: item as KubeObject, locate: (p) => doc.locate(["items", i, ...p]) });
        } else
          res.problems.push({
            message: `List item ${i} has no apiVersion or kind`,
            ...doc.locate(["items", i]),
            rule: "yaml/not-an-object",
          });
      });
      continue;
    }
    res.objects.push({ object: o as KubeObject, locate: doc.locate });
  }
  return res;
}

/** Reads and parses one file; read errors become a problem. */
export function parseManifestFile(file: string, display: string): ParsedFile {
  if (file === STDIN) return parseManifestText(readStdin(), display);
  let text: string;
  let fd: number | undefined;
  try {
    // One open and fstat for both the size limit and the read (a stat by path costs a lookup more).
    fd = openSync(file, "r");
    const size = fstatSync(fd).size;
    if (size > MAX_YAML_BYTES) {
      return {
        objects: [],
        problems: [
          { message: `file is too large (${size} bytes; the limit is ${MAX_YAML_BYTES})`, rule: "yaml" },
        ],
        skipped: 0,
      };
    }
    text = readFileSync(fd, "utf8");
  } catch (e) {
    return {
      objects: [],
      problems: [
        { message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, rule: "io" },
      ],
      skipped: 0,
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return parseManifestText(text, display);
}

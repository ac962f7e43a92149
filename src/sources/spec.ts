/**
 * Where CRDs come from, as a project declares them: URLs, local files or folders, and Helm
 * charts (their `crds/` folder, which Helm installs verbatim). Expansion turns each declaration
 * into concrete artifacts: one URL or one file each, in a stable order.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import { displayPath } from "../core/paths.ts";
import { listFolderFiles } from "../core/walk.ts";

/** One declared CRD source. A string is a URL when it starts with http(s)://, else a path. */
export type CrdSource = string | { url: string } | { path: string } | { chart: string };

/** A single pinned unit: a URL, or a file inside the project. */
export interface Artifact {
  /** Lockfile key: the URL, or the path relative to the project folder (`/` separators). */
  key: string;
  url?: string;
  /** Absolute path of a local file. */
  file?: string;
}

const CRD_FILE = /\.(ya?ml|json)$/i;

/** Expands declared sources (relative paths resolve against `baseDir`) into artifacts, deduplicated. */
export function expandSources(sources: readonly CrdSource[], baseDir: string): Artifact[] {
  const out = new Map<string, Artifact>();
  sources.forEach((s, i) => {
    for (const a of expandOne(s, baseDir, i)) out.set(a.key, a);
  });
  return [...out.values()];
}

function expandOne(s: CrdSource, baseDir: string, i: number): Artifact[] {
  if (typeof s === "string")
    return /^https?:\/\//i.test(s) ? [{ key: s, url: s }] : expandPath(s, baseDir, i);
  if (s && typeof s === "object") {
    if ("url" in s && typeof s.url === "string") return [{ key: s.url, url: s.url }];
    if ("path" in s && typeof s.path === "string") return expandPath(s.path, baseDir, i);
    if ("chart" in s && typeof s.chart === "string") {
      const crds = path.join(s.chart, "crds");
      if (!existsSync(path.resolve(baseDir, crds))) {
        throw new KilnError(`Helm chart ${s.chart} has no crds/ folder`, { path: `crds[${i}]` });
      }
      return expandPath(crds, baseDir, i);
    }
  }
  throw new KilnError("a CRD source is a URL, a path, { url }, { path } or { chart }", {
    path: `crds[${i}]`,
  });
}

function expandPath(p: string, baseDir: string, i: number): Artifact[] {
  const abs = path.resolve(baseDir, p);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(abs);
  } catch {
    throw new KilnError(`no such file or folder: ${displayPath(abs)}`, { path: `crds[${i}]` });
  }
  const files = st.isDirectory() ? walk(abs) : [abs];
  if (files.length === 0)
    throw new KilnError(`no .yaml, .yml or .json files in ${displayPath(abs)}`, { path: `crds[${i}]` });
  return files.map((f) => ({ key: path.relative(baseDir, f).split(path.sep).join("/"), file: f }));
}

function walk(dir: string): string[] {
  return listFolderFiles([dir], { match: CRD_FILE });
}

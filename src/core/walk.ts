/**
 * The one walk over folders of input files (validate's trees, CRD source folders, schema and
 * function folders). Written by hand because it must never block or abort on what a tree can
 * hold: only regular files are listed (a FIFO, socket or device named `x.yaml` is skipped, never
 * opened), a dangling symbolic link or a link loop is reported and skipped, and a file reached
 * through several links is listed once (by the path without a link when there is one).
 * Node's `fs.readdirSync({ recursive: true })` follows no links and tells nothing of loops.
 */
import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import path from "node:path";
import { displayPath } from "./paths.ts";

export interface WalkOptions {
  /** Names of the files to list (matched against the file name). */
  match: RegExp;
  /** Names never entered or listed (files and folders). */
  skip?: (name: string) => boolean;
  /** Descend into sub-folders (default true). */
  recursive?: boolean;
  /** Told about each entry skipped for a reason the user should see, by path. */
  warn?: (file: string, message: string) => void;
}

interface Listed {
  file: string;
  /** Reached through a symbolic link. */
  linked: boolean;
}

/**
 * The files below `dirs` whose names match, in walk order (entries sorted by name, depth
 * first). Each real file appears once; links to folders are followed unless they lead back
 * into a folder being walked (a loop, reported) or to one already walked.
 */
export function listFolderFiles(dirs: readonly string[], opts: WalkOptions): string[] {
  const byReal = new Map<string, Listed>();
  const order: string[] = [];
  const walked = new Set<string>();
  const warn = opts.warn ?? (() => {});
  const add = (file: string, real: string, linked: boolean) => {
    const seen = byReal.get(real);
    if (!seen) {
      byReal.set(real, { file, linked });
      order.push(real);
    } else if (seen.linked && !linked) byReal.set(real, { file, linked });
  };
  /** `p`, whose real path is `real`; `stack` holds the real paths of the folders above it. */
  /** Linked folders, walked once every folder reachable without a link has been. */
  const later: Array<{ p: string; real: string; stack: string[] }> = [];
  const dir = (p: string, real: string, stack: string[], linked: boolean) => {
    walked.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(p, { withFileTypes: true });
    } catch (e) {
      warn(
        p,
        `cannot read this folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); skipped`,
      );
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const prefix = p.endsWith(path.sep) ? p : p + path.sep;
    const realPrefix = real.endsWith(path.sep) ? real : real + path.sep;
    const inner = [...stack, real];
    for (const e of entries) {
      if (opts.skip?.(e.name)) continue;
      const child = prefix + e.name;
      if (e.isDirectory()) {
        if (opts.recursive !== false) dir(child, realPrefix + e.name, inner, linked);
      } else if (e.isSymbolicLink()) link(child, e.name, inner);
      else if (opts.match.test(e.name)) {
        if (e.isFile()) add(child, realPrefix + e.name, linked);
        else warn(child, `not a regular file (${kindOf(e)}); skipped, never opened`);
      }
    }
  };
  const link = (child: string, name: string, stack: string[]) => {
    let st: Stats;
    let real: string;
    try {
      st = statSync(child);
      real = realpathSync(child);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      warn(
        child,
        code === "ELOOP"
          ? "symbolic link loop (a chain of links that leads back to itself); skipped"
          : code === "ENOENT"
            ? "dangling symbolic link (its target does not exist); skipped"
            : `cannot follow this symbolic link (${code ?? (e as Error).message}); skipped`,
      );
      return;
    }
    if (st.isDirectory()) {
      if (opts.recursive === false) return;
      if (stack.some((s) => s === real || s.startsWith(real + path.sep)))
        warn(child, `symbolic link loop (it leads back to ${displayPath(real)}, a folder above it); skipped`);
      else later.push({ p: child, real, stack });
    } else if (opts.match.test(name)) {
      if (st.isFile()) add(child, real, true);
      else warn(child, `not a regular file (a link to ${kindOf(st)}); skipped, never opened`);
    }
  };
  for (const d of dirs) {
    let real: string;
    try {
      real = realpathSync(d);
    } catch {
      real = d;
    }
    dir(d, real, [], false);
  }
  for (let next = later.shift(); next; next = later.shift())
    if (!walked.has(next.real)) dir(next.p, next.real, next.stack, true);
  return order.map((r) => byReal.get(r)!.file);
}

function kindOf(e: Dirent | Stats): string {
  if (e.isFIFO()) return "a FIFO";
  if (e.isSocket()) return "a socket";
  if (e.isCharacterDevice()) return "a character device";
  if (e.isBlockDevice()) return "a block device";
  return "not a file";
}

import { existsSync } from "node:fs";
import { findSourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// kiln's own files (src when run from source, dist when installed) never count as "the caller".
const KILN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** kiln's own code folders (each ends with a path separator). */
export const KILN_OWN_FOLDERS: readonly string[] = [
  path.join(KILN_ROOT, "src") + path.sep,
  path.join(KILN_ROOT, "dist") + path.sep,
];
const FRAME = /\(?((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?$/;

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** Parses one V8 stack line into a file location, or undefined for native/internal frames. */
export function parseFrame(line: string): SourceLocation | undefined {
  const m = FRAME.exec(line.trim());
  if (!m) return undefined;
  const file = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

function isOwn(file: string): boolean {
  return (
    KILN_OWN_FOLDERS.some((p) => file.startsWith(p)) || file.includes(`${path.sep}node_modules${path.sep}`)
  );
}

/** The first stack frame outside kiln: the user's file and line (source-mapped when loaded via tsx). */
export function userFrame(stack: string | undefined): SourceLocation | undefined {
  for (const line of (stack ?? "").split("\n").slice(1)) {
    const loc = parseFrame(line);
    // A frame inside Node (`node:internal/…`, sometimes parsed as `/modules/esm/…`) is not the user's.
    if (loc && !isOwn(loc.file) && !loc.file.startsWith("node:") && existsSync(loc.file)) return loc;
  }
  return undefined;
}

type Hook = (err: Error, callSites: NodeJS.CallSite[]) => unknown;

function nodeSourceMap(file: string) {
  return findSourceMap(file) ?? (file.startsWith("/") ? findSourceMap(pathToFileURL(file).href) : undefined);
}

/**
 * An error's stack as text with original source positions, whoever loaded the code:
 * - modules loaded by Node with source maps (user code through tsx) are mapped with Node's own
 *   source-map cache;
 * - modules a test runner loaded itself (vitest transforms test files and fixtures) are mapped by
 *   the runner's `Error.prepareStackTrace` hook, which is asked to format the same call sites.
 * V8 formats a stack lazily on first access, which is when this takes over; an already formatted
 * stack is returned as it is.
 */
export function sourceMappedStack(e: Error): string | undefined {
  const E = Error as { prepareStackTrace?: Hook };
  const hook = E.prepareStackTrace;
  let sites: NodeJS.CallSite[] | undefined;
  E.prepareStackTrace = (_err, cs) => {
    sites = cs;
    return undefined;
  };
  let stack: unknown;
  try {
    stack = e.stack;
  } finally {
    E.prepareStackTrace = hook;
  }
  if (!sites) return typeof stack === "string" ? stack : undefined;
  let hooked: string[] | undefined;
  const lines = [`${e.name}: ${e.message}`];
  sites.forEach((site, i) => {
    const raw = site.getFileName() ?? site.getScriptNameOrSourceURL();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!raw || line === null || column === null) {
      lines.push(`    at ${site.toString()}`);
      return;
    }
    const file = raw.startsWith("file://") ? fileURLToPath(raw) : raw;
    const map = nodeSourceMap(raw) ?? nodeSourceMap(file);
    if (map) {
      const entry = map.findEntry(line - 1, column - 1) as {
        originalSource?: string;
        originalLine?: number;
        originalColumn?: number;
      };
      if (entry?.originalSource && entry.originalLine !== undefined) {
        const src = entry.originalSource.startsWith("file://")
          ? fileURLToPath(entry.originalSource)
          : entry.originalSource;
        lines.push(`    at ${src}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`);
        return;
      }
    }
    if (hook && !hooked) {
      const text = hook(e, sites!);
      hooked = typeof text === "string" ? text.split("\n").filter((l) => /^\s+at /.test(l)) : [];
    }
    lines.push(hooked?.[i] ?? `    at ${file}:${line}:${column}`);
  });
  return lines.join("\n");
}

/** Location of the user code calling into kiln right now. */
export function callerLocation(): SourceLocation | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  const stack = sourceMappedStack(new Error());
  Error.stackTraceLimit = limit;
  return userFrame(stack);
}

/**
 * Captures the current stack cheaply (V8 keeps structured frames) and returns a function that
 * resolves the user's location from it on demand.
 */
export function captureCaller(): () => SourceLocation | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  const err = new Error();
  Error.stackTraceLimit = limit;
  let resolved: SourceLocation | undefined | null = null;
  return () => {
    if (resolved === null) resolved = userFrame(sourceMappedStack(err));
    return resolved;
  };
}

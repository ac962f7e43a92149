import path from "node:path";
import { fileURLToPath } from "node:url";

// kiln's own files (src when run from source, dist when installed) never count as "the caller".
const KILN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OWN = [path.join(KILN_ROOT, "src") + path.sep, path.join(KILN_ROOT, "dist") + path.sep];
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
  return OWN.some((p) => file.startsWith(p)) || file.includes(`${path.sep}node_modules${path.sep}`);
}

/** The first stack frame outside kiln: the user's file and line (source-mapped when loaded via tsx). */
export function userFrame(stack: string | undefined): SourceLocation | undefined {
  for (const line of (stack ?? "").split("\n").slice(1)) {
    const loc = parseFrame(line);
    if (loc && !isOwn(loc.file) && !loc.file.startsWith("node:")) return loc;
  }
  return undefined;
}

/**
 * Reads an error's stack with Node's own formatter, which applies source maps. Test runners
 * (vitest) install their own `Error.prepareStackTrace`, which would bypass them; V8 formats the
 * stack lazily on first access, so unsetting the hook around that access is enough.
 */
export function sourceMappedStack(e: Error): string | undefined {
  const E = Error as { prepareStackTrace?: unknown };
  const hook = E.prepareStackTrace;
  E.prepareStackTrace = undefined;
  try {
    return e.stack;
  } finally {
    E.prepareStackTrace = hook;
  }
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

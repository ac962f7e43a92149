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

/** Location of the user code calling into kiln right now. */
export function callerLocation(): SourceLocation | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  return userFrame(stack);
}

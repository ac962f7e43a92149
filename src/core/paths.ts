import { existsSync } from "node:fs";
import path from "node:path";

/** A path for messages: relative to the working directory when that is shorter. */
export function displayPath(p: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

/** JSON path segments → `spec.values["a.b"][0]` style text. */
export function formatJsonPath(segments: ReadonlyArray<string | number>): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * The path of `name` in `from` or the nearest folder above it (at most `levels` folders tried),
 * or undefined: how package.json, `.sops.yaml` and kiln's output marker are found.
 */
export function findUp(from: string, name: string, levels = Number.POSITIVE_INFINITY): string | undefined {
  let dir = path.resolve(from);
  for (let i = 0; i < levels; i++) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

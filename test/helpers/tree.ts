/** Every file under a folder, for tests that compare output trees byte for byte. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Relative path → content of every file under `dir`, in sorted order. */
export function readTree(dir: string, at = ""): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of readdirSync(path.join(dir, at)).sort()) {
    const rel = at ? `${at}/${e}` : e;
    if (statSync(path.join(dir, rel)).isDirectory()) for (const [k, v] of readTree(dir, rel)) m.set(k, v);
    else m.set(rel, readFileSync(path.join(dir, rel), "utf8"));
  }
  return m;
}

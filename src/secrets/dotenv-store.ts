/**
 * sops' dotenv store (stores/dotenv): one `KEY=value` per line, `\n` in a value written as the two
 * characters `\n`, `#` lines are comments (dropped here), and the `sops` metadata flattened into
 * `sops_…` keys with `__map_` and `__list_N__map_` separators (stores/flatten.go).
 */
import { KilnError } from "../core/errors.ts";
import { SopsMap, type SopsValue } from "./tree.ts";

export function parseSopsDotenv(text: string, file: string): SopsMap {
  const m = new SopsMap();
  for (const [i, line] of text.split("\n").entries()) {
    if (line.length === 0 || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) throw new KilnError("invalid dotenv line: no '='", { file, line: i + 1 });
    m.items.push([line.slice(0, eq), line.slice(eq + 1).replaceAll("\\n", "\n")]);
  }
  return m;
}

export function emitSopsDotenv(doc: SopsMap, file?: string): string {
  let out = "";
  for (const [k, v] of doc.items) {
    if (v instanceof SopsMap || Array.isArray(v))
      throw new KilnError(`dotenv files hold only flat KEY=value pairs (${k} is nested)`, { file });
    const text = typeof v === "string" ? v : v === null ? "" : String(v);
    out += `${k}=${text.replaceAll("\n", "\\n")}\n`;
  }
  return out;
}

/** Flattens a nested value to dotenv keys: `prefix__map_key`, `prefix__list_0`. */
export function flatten(prefix: string, v: SopsValue, out: SopsMap): void {
  if (v instanceof SopsMap) for (const [k, x] of v.items) flatten(`${prefix}__map_${k}`, x, out);
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) flatten(`${prefix}__list_${i}`, x, out);
  else out.items.push([prefix, v]);
}

/** The inverse of {@link flatten} for the `sops_` keys: a nested map of strings. */
export function unflatten(entries: Array<[string, string]>): SopsMap {
  const root = new SopsMap();
  for (const [key, value] of entries) {
    const tokens: Array<string | number> = [];
    const parts = key.split(/(__map_|__list_)/);
    tokens.push(parts[0] as string);
    for (let i = 1; i < parts.length; i += 2) {
      const seg = parts[i + 1] as string;
      tokens.push(parts[i] === "__list_" ? Number(seg) : seg);
    }
    setPath(root, tokens, value);
  }
  return root;
}

function setPath(root: SopsMap | SopsValue[], tokens: Array<string | number>, value: string): void {
  let cur: SopsMap | SopsValue[] = root;
  tokens.forEach((t, i) => {
    const last = i === tokens.length - 1;
    const next = tokens[i + 1];
    const make = (): SopsValue => (last ? value : typeof next === "number" ? [] : new SopsMap());
    if (cur instanceof SopsMap) {
      let v = cur.get(t as string);
      if (v === undefined) {
        v = make();
        cur.items.push([t as string, v]);
      }
      cur = v as SopsMap | SopsValue[];
    } else {
      const idx = t as number;
      cur[idx] ??= make();
      cur = cur[idx] as SopsMap | SopsValue[];
    }
  });
}

/**
 * Maps a JSON path in a parsed frp config back to a line and column of its source text, so every
 * error names where to look. YAML and JSON are located by core's reader (core/yaml.ts); smol-toml
 * keeps no positions, so TOML is scanned line by line for table headers and `key =` lines
 * (multi-line values are not tracked; the nearest enclosing key is reported instead).
 */
import type { Path } from "./decode.ts";

export type Locator = (path: Path) => { line: number; column: number } | undefined;

/** Builds the key index on first use: most loads never need a location. */
export function tomlLocator(text: string): Locator {
  let index: Locator | undefined;
  return (path) => {
    index ??= tomlIndex(text);
    return index(path);
  };
}

function tomlIndex(text: string): Locator {
  // Keys are stored lower-cased: frp matches them case-insensitively, and validation reports
  // frp's canonical spelling of a key the user may have written differently.
  const keys = new Map<string, { line: number; column: number }>();
  const id = (p: Path) => JSON.stringify(p).toLowerCase();
  const arrayCounts = new Map<string, number>();
  let table: Path = [];
  const resolve = (parts: string[]): Path => {
    const out: Path = [];
    for (const p of parts) {
      out.push(p);
      const n = arrayCounts.get(id(out));
      if (n !== undefined) out.push(n);
    }
    return out;
  };
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    const column = line.length - line.trimStart().length + 1;
    const t = line.trim();
    const arr = /^\[\[\s*([^\]]+?)\s*\]\]/.exec(t);
    const tbl = arr ? undefined : /^\[\s*([^\]]+?)\s*\]/.exec(t);
    if (arr) {
      const parts = splitKey(arr[1]!);
      const parent = resolve(parts.slice(0, -1));
      const key = id([...parent, parts[parts.length - 1]!]);
      const n = (arrayCounts.get(key) ?? -1) + 1;
      arrayCounts.set(key, n);
      table = [...parent, parts[parts.length - 1]!, n];
      keys.set(id(table), { line: i + 1, column });
      return;
    }
    if (tbl) {
      table = resolve(splitKey(tbl[1]!));
      keys.set(id(table), { line: i + 1, column });
      return;
    }
    const kv = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-.\s])+?)\s*=/.exec(t);
    if (kv && !t.startsWith("#")) {
      let path = table;
      for (const part of splitKey(kv[1]!)) {
        path = [...path, part];
        if (!keys.has(id(path))) keys.set(id(path), { line: i + 1, column });
      }
    }
  });
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const hit = keys.get(id(path.slice(0, n)));
      if (hit) return hit;
    }
    return undefined;
  };
}

function splitKey(key: string): string[] {
  const parts: string[] = [];
  for (const m of key.matchAll(/"([^"]*)"|'([^']*)'|([^.\s"']+)/g)) parts.push(m[1] ?? m[2] ?? m[3]!);
  return parts;
}

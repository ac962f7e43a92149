/**
 * replacements (api/filters/replacement): copy one field of one object into fields of others.
 * Field paths are kyaml's: `.`-separated, `[key=value]` picks a list element, a number indexes
 * a list, `*` every element.
 */

import path from "node:path";
import type { KustomizationFile } from "./load.ts";
import { LoadError, readDocuments, relative } from "./load.ts";
import type { Resource } from "./resource.ts";
import { type Selector, selects } from "./select.ts";

interface FieldOptions {
  delimiter?: string;
  index?: number;
  create?: boolean;
}
interface Replacement {
  source?: Selector & { fieldPath?: string; options?: FieldOptions };
  sourceValue?: string;
  targets?: { select?: Selector; reject?: Selector[]; fieldPaths?: string[]; options?: FieldOptions }[];
}

/** kyaml's SmarterPathSplitter: split on `.` outside `[...]`. */
export function splitPath(p: string): string[] {
  const out: string[] = [];
  let cur = "";
  let depth = 0;
  for (const c of p) {
    if (c === "[") depth++;
    if (c === "]") depth--;
    if (c === "." && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

type Slot = { get(): unknown; set(v: unknown): void };

/** The slots a path names; with `create`, missing map fields are created on the way. */
export function lookup(node: unknown, segs: string[], create: boolean): Slot[] {
  let slots: Slot[] = [{ get: () => node, set: () => {} }];
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    const next: Slot[] = [];
    for (const s of slots) {
      const v = s.get();
      const m = seg.match(/^\[([^=\]]*)=([^\]]*)\]$/);
      if (Array.isArray(v)) {
        const pick = (j: number) => {
          next.push({ get: () => v[j], set: (x) => (v[j] = x) });
        };
        for (let j = 0; j < v.length; j++) {
          const e = v[j] as Record<string, unknown> | null;
          if (m) {
            if (e && typeof e === "object" && String(e[m[1] as string]) === m[2]) pick(j);
          } else if (seg === "*" || seg === "-" || seg === String(j)) pick(j);
        }
        continue;
      }
      if (m || !v || typeof v !== "object") continue;
      const map = v as Record<string, unknown>;
      if (!(seg in map) || map[seg] === null) {
        if (!create) continue;
        if (!last) map[seg] = /^\[|^\d+$/.test(segs[i + 1] as string) ? [] : {};
      }
      next.push({ get: () => map[seg], set: (x) => (map[seg] = x) });
    }
    slots = next;
  });
  return slots;
}

function load(k: KustomizationFile): { list: Replacement[]; line: (i: number) => number; file: string }[] {
  const entries = k.spec.replacements;
  if (!Array.isArray(entries)) return [];
  return entries.map((e: Record<string, unknown>, i: number) => {
    if (typeof e?.path === "string") {
      const file = path.resolve(k.dir, e.path);
      const rel = relative(k.root, file);
      const docs = readDocuments(file, rel, "yaml11", k.cache).filter((d) => d.value !== null);
      const list = docs.flatMap((d) => (Array.isArray(d.value) ? d.value : [d.value])) as Replacement[];
      return { list, line: () => 1, file: rel };
    }
    return { list: [e as Replacement], line: () => k.line(["replacements", i]), file: k.rel };
  });
}

function asScalarString(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** A scalar written over a scalar keeps the target's type, as kyaml keeps the node's tag. */
function coerce(value: unknown, target: unknown): unknown {
  if (
    value === null ||
    typeof value === "object" ||
    target === undefined ||
    target === null ||
    typeof target === "object"
  )
    return value;
  const s = asScalarString(value);
  if (typeof target === "number" && s.trim() !== "" && !Number.isNaN(Number(s))) return Number(s);
  if (typeof target === "boolean" && (s === "true" || s === "false")) return s === "true";
  return s;
}

export function applyReplacements(k: KustomizationFile, list: Resource[]): void {
  for (const group of load(k))
    for (const r of group.list) {
      const fail = (msg: string) => new LoadError(msg, group.file, group.line(0));
      let value: unknown;
      if (r.sourceValue !== undefined) value = r.sourceValue;
      else if (r.source) {
        const matches = list.filter((res) => selects(r.source as Selector, res, false));
        if (matches.length !== 1)
          throw fail(
            `${matches.length ? "multiple matches" : "nothing selected"} for replacement source ${JSON.stringify(r.source)}`,
          );
        const fp = r.source.fieldPath || "metadata.name";
        const slot = lookup((matches[0] as Resource).object, splitPath(fp), false)[0];
        value = slot?.get();
        if (value === undefined || value === null || value === "")
          throw fail(`fieldPath \`${fp}\` is missing for replacement source`);
        const o = r.source.options;
        if (o?.delimiter) value = (asScalarString(value).split(o.delimiter)[o.index ?? 0] ?? "") as string;
      } else throw fail("a replacement needs a source or a sourceValue");
      for (const t of r.targets ?? []) {
        if (!t.select) throw fail("target must specify resources to select");
        for (const res of list) {
          if (!selects(t.select, res, true)) continue;
          if ((t.reject ?? []).some((rej) => selects(rej, res, true))) continue;
          for (const fp of t.fieldPaths?.length ? t.fieldPaths : ["metadata.name"]) {
            const slots = lookup(res.object, splitPath(fp), t.options?.create === true);
            if (!slots.length) throw fail(`unable to find field "${fp}" in replacement target`);
            for (const s of slots) {
              const cur = s.get();
              let v = value;
              const o = t.options;
              if (o?.delimiter) {
                const parts = asScalarString(cur ?? "").split(o.delimiter);
                const i = o.index ?? 0;
                if (i < 0) parts.unshift(asScalarString(v));
                else if (i >= parts.length) parts.push(asScalarString(v));
                else parts[i] = asScalarString(v);
                v = parts.join(o.delimiter);
              }
              s.set(structuredClone(coerce(v, cur)));
            }
          }
        }
      }
    }
}

/**
 * A HelmRelease's values as helm-controller computes them (fluxcd/pkg/chartutil
 * `ChartValuesFromReferences`): each `valuesFrom` entry in order — a ConfigMap or Secret key
 * (default `values.yaml`) read as YAML and merged, or with `targetPath` set at that path with
 * helm's `--set` syntax — then `spec.values` merged on top. `optional` entries that are missing
 * are skipped. Values from a SOPS-encrypted Secret are never ciphertext: a `targetPath` value is
 * the placeholder, a whole values document is unknown offline (left out, with a note).
 *
 * `coalesce` then lays the result over the chart's defaults as helm does before it checks
 * values.schema.json and renders (a `null` removes a default).
 */

import type { KubeObject } from "../core/identity.ts";
import { isObject, setOwn } from "../core/object.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import { mergeMaps } from "./helm-chart.ts";
import { isEncryptedValue, placeholder } from "./sops.ts";

type Json = Record<string, any>;

/** A ConfigMap or Secret Flux applies, and whether it came from a SOPS-encrypted file. */
export type ValuesLookup = (
  kind: string,
  namespace: string,
  name: string,
) => { object: KubeObject; sops?: boolean } | undefined;

/** Where a part of the merged values came from (for messages). */
export interface ValuesSource {
  /** e.g. `ConfigMap apps/app-values key values.yaml`, or `spec.values`. */
  label: string;
  values: Json;
}

export interface MergedValues {
  values: Json;
  /** In merge order; `spec.values` last. */
  sources: ValuesSource[];
  /** Things the user should know (a SOPS values document left out). */
  notes: string[];
  /** Why helm-controller would fail the release before rendering (a missing reference, bad YAML). */
  failed?: string;
}

/** The values helm-controller passes to helm for this HelmRelease. */
export function mergeReleaseValues(hr: KubeObject, lookup: ValuesLookup): MergedValues {
  const spec = (hr.spec ?? {}) as Json;
  const ns = hr.metadata?.namespace ?? "default";
  // A copy: a targetPath writes into maps the merge shares with spec.values.
  const inline: Json = isObject(spec.values) ? structuredClone(spec.values as Json) : {};
  const out: MergedValues = { values: {}, sources: [], notes: [] };
  let result: Json = {};
  const refs: Json[] = Array.isArray(spec.valuesFrom) ? spec.valuesFrom : [];
  for (const [i, ref] of refs.entries()) {
    const kind = String(ref?.kind ?? "");
    const name = String(ref?.name ?? "");
    const key = typeof ref?.valuesKey === "string" && ref.valuesKey ? ref.valuesKey : "values.yaml";
    const label = `${kind} ${ns}/${name} key ${key}`;
    const optional = ref?.optional === true;
    if (kind !== "ConfigMap" && kind !== "Secret") {
      out.failed = `valuesFrom[${i}]: unsupported kind ${kind || "(none)"}`;
      return out;
    }
    const found = lookup(kind, ns, name);
    if (!found) {
      if (optional) continue;
      out.failed = `valuesFrom[${i}]: ${kind} ${ns}/${name} is not applied by Flux from this repository`;
      return out;
    }
    const data = dataOf(found.object, key);
    if (data === undefined) {
      if (optional) continue;
      out.failed = `valuesFrom[${i}]: ${kind} ${ns}/${name} has no key ${key}`;
      return out;
    }
    const secret = found.sops || isEncryptedValue(data.raw);
    if (typeof ref.targetPath === "string" && ref.targetPath) {
      result = mergeMaps(result, inline);
      const value = secret ? placeholder(key) : data.text;
      const err = setPathValue(result, ref.targetPath, value, ref.literal === true);
      if (err) {
        out.failed = `valuesFrom[${i}]: targetPath ${ref.targetPath}: ${err}`;
        return out;
      }
      const part: Json = {};
      setPathValue(part, ref.targetPath, value, ref.literal === true);
      out.sources.push({ label, values: part });
      continue;
    }
    if (secret) {
      out.notes.push(`values from ${label} are SOPS-encrypted: not known offline, left out`);
      continue;
    }
    let doc: unknown;
    try {
      doc = parseYamlDocuments(data.text, `${kind} ${ns}/${name}`)[0]?.value ?? {};
    } catch (e) {
      // A Secret's parse error would quote its text: name the place only.
      out.failed = `valuesFrom[${i}]: ${label} is not YAML${kind === "Secret" ? "" : `: ${(e as Error).message}`}`;
      return out;
    }
    if (!isObject(doc)) {
      out.failed = `valuesFrom[${i}]: ${label} is not a YAML map`;
      return out;
    }
    result = mergeMaps(result, doc as Json);
    out.sources.push({ label, values: doc as Json });
  }
  out.values = mergeMaps(result, inline);
  out.sources.push({ label: "spec.values", values: inline });
  return out;
}

/** A ConfigMap's `data[key]`, or a Secret's `data[key]` decoded (`stringData` as the apiserver folds it in). */
function dataOf(o: KubeObject, key: string): { text: string; raw: unknown } | undefined {
  const data = isObject(o.data) ? (o.data as Json) : {};
  if (o.kind === "Secret") {
    const sd = isObject(o.stringData) ? (o.stringData as Json) : {};
    if (Object.hasOwn(sd, key)) return { text: String(sd[key]), raw: sd[key] };
    if (!Object.hasOwn(data, key)) return undefined;
    const raw = data[key];
    if (isEncryptedValue(raw)) return { text: "", raw };
    return { text: Buffer.from(String(raw), "base64").toString("utf8"), raw };
  }
  if (!Object.hasOwn(data, key)) return undefined;
  return { text: String(data[key]), raw: data[key] };
}

/**
 * Sets `value` at `targetPath` in `values` as helm-controller does: helm's `--set` parser
 * (strvals.ParseInto) with typed values (`true`, `false`, `null`, integers), a value in quotes
 * as a plain string (ParseIntoString), or with `literal` the text unchanged. Returns an error
 * message or undefined.
 *
 * Written by hand because helm's strvals has no JavaScript counterpart; this covers the syntax a
 * targetPath uses — dotted keys with `\.` escapes and `[n]` list indexes — and a single value
 * (helm's `{a,b}` list form included). A value holding an unescaped `,` is refused: helm would
 * read it as a second assignment.
 */
export function setPathValue(
  values: Json,
  targetPath: string,
  text: string,
  literal = false,
): string | undefined {
  const keys = parsePath(targetPath);
  if (typeof keys === "string") return keys;
  let value: unknown;
  const quoted = /^(['"]).*\1$/s.test(text) && text.length >= 2;
  if (literal) value = text;
  else {
    const t = quoted ? text.replace(/^['"]+|['"]+$/g, "") : text;
    if (!quoted && /^\{.*\}$/s.test(t)) value = splitUnescaped(t.slice(1, -1)).map((v) => typed(v, false));
    else {
      const parts = splitUnescaped(t);
      if (parts.length > 1) return `value has an unescaped "," (helm would read a second assignment)`;
      value = typed(parts[0] ?? "", quoted);
    }
  }
  let cur: any = values;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const last = i === keys.length - 1;
    if (typeof k === "number") {
      if (!Array.isArray(cur)) return `index [${k}] on a value that is not a list`;
      while (cur.length <= k) cur.push(null);
      if (last) cur[k] = value;
      else {
        const nextIsIndex = typeof keys[i + 1] === "number";
        if (nextIsIndex ? !Array.isArray(cur[k]) : !isObject(cur[k])) cur[k] = nextIsIndex ? [] : {};
        cur = cur[k];
      }
      continue;
    }
    if (last) setOwn(cur, k, value);
    else {
      const nextIsIndex = typeof keys[i + 1] === "number";
      if (nextIsIndex ? !Array.isArray(cur[k]) : !isObject(cur[k])) setOwn(cur, k, nextIsIndex ? [] : {});
      cur = cur[k];
    }
  }
  return undefined;
}

function parsePath(p: string): Array<string | number> | string {
  const out: Array<string | number> = [];
  let key = "";
  let pending = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\" && i + 1 < p.length) {
      key += p[++i];
      pending = true;
    } else if (c === ".") {
      if (pending) out.push(key);
      key = "";
      pending = false;
    } else if (c === "[") {
      const end = p.indexOf("]", i);
      const n = Number(p.slice(i + 1, end));
      if (end < 0 || !Number.isInteger(n) || n < 0) return `bad list index in ${p}`;
      if (pending) out.push(key);
      out.push(n);
      key = "";
      pending = false;
      i = end;
    } else {
      key += c;
      pending = true;
    }
  }
  if (pending) out.push(key);
  return out.length ? out : `empty path`;
}

function splitUnescaped(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) cur += s[++i];
    else if (s[i] === ",") {
      out.push(cur);
      cur = "";
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

/** strvals' typedVal. */
function typed(v: string, asString: boolean): unknown {
  if (asString) return v;
  const l = v.toLowerCase();
  if (l === "true") return true;
  if (l === "false") return false;
  if (l === "null") return null;
  if (v === "0") return 0;
  if (v && v[0] !== "0" && /^[+-]?\d+$/.test(v)) {
    const n = BigInt(v);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return Number.isSafeInteger(Number(n)) ? Number(n) : v;
  }
  return v;
}

/**
 * helm's CoalesceValues for one chart: the release's values over the chart's defaults; maps
 * merge, a `null` from the release removes the default, anything else replaces it.
 */
export function coalesce(values: Json, defaults: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(values)) setOwn(out, k, v);
  for (const [k, d] of Object.entries(defaults)) {
    const v = values[k];
    if (!Object.hasOwn(values, k)) {
      if (d !== null) setOwn(out, k, structuredClone(d));
    } else if (v === null) delete out[k];
    else if (isObject(v) && isObject(d)) setOwn(out, k, coalesce(v as Json, d as Json));
  }
  return out;
}

/** The label of the last source that sets `path` (inline values win), for messages. */
export function sourceOf(sources: readonly ValuesSource[], path: ReadonlyArray<string | number>): string {
  for (let i = sources.length - 1; i >= 0; i--) {
    let cur: unknown = sources[i]!.values;
    let hit = true;
    for (const seg of path) {
      if (cur && typeof cur === "object" && Object.hasOwn(cur as object, seg)) cur = (cur as any)[seg];
      else {
        hit = false;
        break;
      }
    }
    if (hit && path.length) return sources[i]!.label;
  }
  return "";
}

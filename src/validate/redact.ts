/**
 * The one place a finding's message is made safe to print: every rendering of a value the
 * secret policy knows is secret (policies.ts `secretValues`: Secret data and stringData,
 * password-like keys in a HelmRelease's values) is replaced by `[redacted]`, whichever check
 * quoted it (schema, CEL message expressions, native rules, user policies). Reporters print
 * what comes out of here and nothing else from the resource.
 */

import type { KubeObject } from "../core/identity.ts";
import { renderValue } from "../import/issues.ts";
import type { Path } from "./object.ts";
import { secretValues } from "./policies.ts";

export const REDACTED = "[redacted]";

/** Renderings shorter than this are replaced only where the finding is about that value. */
const MIN_ANYWHERE = 4;

/** Per resource: the paths of its secret values and their scalar leaves. */
const cache = new WeakMap<KubeObject, { paths: Path[]; leaves: unknown[] }>();

/** `message` of a finding at `path` in `obj`, with secret values replaced. */
export function redactMessage(obj: KubeObject, path: Path, message: string): string {
  let secrets = cache.get(obj);
  if (!secrets) {
    const values = secretValues(obj);
    secrets = { paths: values.map((s) => s.path), leaves: [] };
    for (const s of values) collectLeaves(s.value, secrets.leaves, 0);
    cache.set(obj, secrets);
  }
  const { paths, leaves } = secrets;
  if (leaves.length === 0) return message;
  const targets = new Set<string>();
  // The value the finding is about, when it holds a secret: as the check rendered it.
  if (paths.some((sp) => isPrefix(sp, path) || isPrefix(path, sp))) {
    const here = valueAt(obj, path);
    if (here !== undefined) {
      targets.add(renderValue(here));
      targets.add(JSON.stringify(here) ?? String(here));
      if (typeof here !== "object" || here === null) targets.add(String(here));
    }
  }
  for (const v of leaves) {
    const json = JSON.stringify(v) ?? String(v);
    if (json.length >= MIN_ANYWHERE) targets.add(json);
    const raw = String(v);
    if (raw.length >= MIN_ANYWHERE) targets.add(raw);
  }
  let out = message;
  // Longest first, so a quoted rendering goes before the bare text inside it.
  for (const t of [...targets].filter((t) => t !== "").sort((a, b) => b.length - a.length)) {
    out = out.split(t).join(t.startsWith('"') ? `"${REDACTED}"` : REDACTED);
  }
  return out;
}

function collectLeaves(v: unknown, out: unknown[], depth: number): void {
  if (v !== null && typeof v === "object") {
    if (depth < 64) for (const c of Object.values(v)) collectLeaves(c, out, depth + 1);
  } else if (v !== undefined && v !== null && v !== "") out.push(v);
}

function isPrefix(a: Path, b: Path): boolean {
  return a.length <= b.length && a.every((s, i) => String(s) === String(b[i]));
}

function valueAt(obj: unknown, p: Path): unknown {
  let cur = obj;
  for (const seg of p)
    cur = cur && typeof cur === "object" ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

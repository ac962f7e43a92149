/**
 * flux-operator ResourceSets expanded offline: `spec.resources` rendered once per input set,
 * from inline `spec.inputs` and Static `ResourceSetInputProvider`s (`spec.defaultValues`) named
 * by `spec.inputsFrom`. Templates use `<< … >>` in the strings of each resource; the expressions homelab repos use are supported (`inputs.a.b`, piped through
 * `quote`, `upper`, `lower`, `default`, `toString`), anything else leaves the set unexpanded
 * with a reason (Go templates have no maintained JavaScript implementation).
 */

import type { KubeObject } from "../core/identity.ts";
import { parseYamlDocuments } from "../core/yaml.ts";

export type ExpandResult = { objects: KubeObject[] } | { reason: string };

type Json = Record<string, any>;

/**
 * Expands one ResourceSet; `providers` are the ResourceSetInputProviders in the rendered tree
 * (keyed `namespace/name`).
 */
export function expandResourceSet(rs: KubeObject, providers: ReadonlyMap<string, KubeObject>): ExpandResult {
  const spec = (rs.spec ?? {}) as Json;
  const ns = rs.metadata?.namespace ?? "";
  if (spec.resourcesTemplate !== undefined)
    return { reason: "spec.resourcesTemplate (a Go template string) is not expanded offline" };
  if (spec.inputStrategy?.name === "Permute") return { reason: "inputStrategy Permute is not expanded" };
  const inputs: Json[] = [];
  for (const i of Array.isArray(spec.inputs) ? spec.inputs : [])
    if (i && typeof i === "object") inputs.push(i);
  for (const ref of Array.isArray(spec.inputsFrom) ? spec.inputsFrom : []) {
    if (typeof ref?.name !== "string") return { reason: "inputsFrom by selector is not expanded offline" };
    const p = providers.get(`${ns}/${ref.name}`);
    if (!p) return { reason: `ResourceSetInputProvider ${ns}/${ref.name} is not in the repository` };
    const ps = (p.spec ?? {}) as Json;
    if (ps.type !== "Static")
      return {
        reason: `ResourceSetInputProvider ${ns}/${ref.name} is of type ${ps.type}, which needs the network`,
      };
    inputs.push({ ...(ps.defaultValues ?? {}) });
  }
  // Without inputs the resources render once, with an empty input set.
  const sets = spec.inputs === undefined && spec.inputsFrom === undefined ? [{}] : inputs;
  const out: KubeObject[] = [];
  for (const input of sets) {
    for (const r of Array.isArray(spec.resources) ? spec.resources : []) {
      let failed: string | undefined;
      const o = renderValue(r, input, (expr) => {
        failed ??= expr;
      }) as KubeObject | null;
      if (failed !== undefined)
        return { reason: `template expression << ${failed} >> is not supported offline` };
      if (!o || typeof o !== "object") continue;
      const common = spec.commonMetadata as Json | undefined;
      o.metadata ??= {};
      for (const f of ["labels", "annotations"] as const)
        if (common?.[f]) o.metadata[f] = { ...(o.metadata[f] ?? {}), ...common[f] };
      out.push(o);
    }
  }
  return { objects: out };
}

const TEMPLATE = /<<-?\s*(.*?)\s*-?>>/g;

/**
 * Templates each string of the resource. A string that is one whole expression becomes the YAML
 * scalar its text reads as (what templating the YAML text gives: `<< inputs.n >>` a number,
 * `<< inputs.n | quote >>` a string).
 */
function renderValue(v: unknown, input: Json, fail: (expr: string) => void): unknown {
  if (Array.isArray(v)) return v.map((x) => renderValue(x, input, fail));
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [renderValue(k, input, fail) as string, renderValue(x, input, fail)]),
    );
  if (typeof v !== "string" || !v.includes("<<")) return v;
  const text = v.replace(TEMPLATE, (_, expr: string) => {
    const r = evaluate(expr, input);
    if (r === undefined) fail(expr);
    return r ?? "";
  });
  const whole = /^<<-?\s*(.*?)\s*-?>>$/.exec(v);
  if (!whole) return text;
  try {
    return parseYamlDocuments(text, "ResourceSet")[0]?.value ?? null;
  } catch {
    return text;
  }
}

function evaluate(expr: string, inputs: Json): string | undefined {
  const [head, ...pipes] = expr.split("|").map((s) => s.trim());
  const m = /^inputs((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(head ?? "");
  if (!m) return undefined;
  let v: unknown = inputs;
  for (const k of m[1]!.split(".").slice(1)) v = v && typeof v === "object" ? (v as Json)[k] : undefined;
  for (const p of pipes) {
    const d = /^default\s+"((?:[^"\\]|\\.)*)"$/.exec(p);
    if (d) v = v === undefined || v === null || v === "" ? JSON.parse(`"${d[1]}"`) : v;
    else if (p === "quote") v = JSON.stringify(v === undefined || v === null ? "" : String(v));
    else if (p === "upper") v = String(v ?? "").toUpperCase();
    else if (p === "lower") v = String(v ?? "").toLowerCase();
    else if (p === "toString") v = String(v ?? "");
    else return undefined;
  }
  if (v === undefined || v === null) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

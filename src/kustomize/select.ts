/** kustomize's resource selectors (types.Selector): by group/version/kind/name/namespace and label/annotation selectors. */
import { parseApiVersion } from "../core/identity.ts";
import { LoadError } from "./load.ts";
import type { Resource } from "./resource.ts";

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** Every id the resource had: current first, then earlier names (kustomize's `MakeResIds`). */
function ids(r: Resource): { namespace: string; name: string }[] {
  return [
    { namespace: r.object.metadata.namespace ?? "", name: r.object.metadata.name ?? "" },
    ...[...r.previous].reverse(),
  ];
}

const anchored = (s: string) => new RegExp(`^(?:${s})$`);

/**
 * True when the selector picks the resource. With `regex` (patch and replacement targets), name
 * and namespace are anchored regular expressions, as kustomize compiles them.
 */
export function selects(sel: Selector, r: Resource, regex: boolean): boolean {
  const { group, version } = parseApiVersion(r.object.apiVersion ?? "");
  const eq = (want: string | undefined, have: string) =>
    !want || (regex ? anchored(want).test(have) : want === have);
  if (!eq(sel.group, group) || !eq(sel.version, version) || !eq(sel.kind, r.object.kind ?? "")) return false;
  if (!ids(r).some((id) => eq(sel.name, id.name) && eq(sel.namespace, id.namespace))) return false;
  if (sel.labelSelector && !matchesLabels(sel.labelSelector, r.object.metadata.labels ?? {})) return false;
  if (sel.annotationSelector && !matchesLabels(sel.annotationSelector, r.object.metadata.annotations ?? {}))
    return false;
  return true;
}

/** A Kubernetes label selector string: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
export function matchesLabels(selector: string, labels: Record<string, string>): boolean {
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const t = raw.trim();
    if (!t) return true;
    let m = t.match(/^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/);
    if (m) {
      const values = (m[3] as string).split(",").map((v) => v.trim());
      const has = (m[1] as string) in labels && values.includes(labels[m[1] as string] as string);
      return m[2] === "in" ? has : !has;
    }
    m = t.match(/^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/);
    if (m) {
      const v = labels[m[1] as string];
      return m[2] === "!=" ? v !== m[3] : v === m[3];
    }
    if (t.startsWith("!")) return !(t.slice(1).trim() in labels);
    if (/^[^\s!=]+$/.test(t)) return t in labels;
    throw new LoadError(`cannot parse selector ${JSON.stringify(selector)}`, "");
  });
}

/** kustomize's name for the namespace of cluster-scoped objects (`resid.TotallyNotANamespace`). */
const NOT_A_NAMESPACE = "_non_namespaceable_";

/**
 * True when a patch target picks the resource (`resWrangler.Select`): name and namespace are
 * anchored regular expressions tried on the original and on the current id, the namespace being
 * the effective one (`default` for a namespaced object without one).
 */
export function selectsTarget(sel: Selector, r: Resource, clusterScoped: boolean): boolean {
  const { group, version } = parseApiVersion(r.object.apiVersion ?? "");
  const re = (want: string | undefined, have: string) => !want || anchored(want).test(have);
  if (!re(sel.group, group) || !re(sel.version, version) || !re(sel.kind, r.object.kind ?? "")) return false;
  const cur = { namespace: r.object.metadata.namespace ?? "", name: r.object.metadata.name ?? "" };
  const org = r.previous[0] ?? cur;
  const effective = (ns: string) => (clusterScoped ? NOT_A_NAMESPACE : ns || "default");
  if (!re(sel.namespace, effective(org.namespace)) && !re(sel.namespace, effective(cur.namespace)))
    return false;
  if (!re(sel.name, org.name) && !re(sel.name, cur.name)) return false;
  if (sel.labelSelector && !matchesLabels(sel.labelSelector, r.object.metadata.labels ?? {})) return false;
  if (sel.annotationSelector && !matchesLabels(sel.annotationSelector, r.object.metadata.annotations ?? {}))
    return false;
  return true;
}

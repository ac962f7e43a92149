/**
 * A resource as tests see it: the object, its identity, and where it came from — a unit and the
 * user's source line for a rendered graph, an output file and line for synthesized YAML.
 */
import { formatIdentity, type Identity, type KubeObject, parseApiVersion } from "../core/identity.ts";

export interface ResourceOrigin {
  /** Unit path, e.g. `["home", "controllers"]`; `[]` for the root; absent for plain arrays. */
  unit?: readonly string[];
  /** User source file (graph) or output file (folder), relative to the working directory. */
  file?: string;
  line?: number;
  column?: number;
  /** Position in a plain array given to `resources()`. */
  index?: number;
}

export interface Resource<T = KubeObject> {
  readonly object: T;
  readonly id: Identity;
  readonly origin: ResourceOrigin;
}

/**
 * Which kind to select:
 * - `"HelmRelease"` — that kind in any API group;
 * - `"helm.toolkit.fluxcd.io/HelmRelease"` — group and kind (`"v1/ConfigMap"` is the core group);
 * - `"helm.toolkit.fluxcd.io/v2/HelmRelease"` — apiVersion and kind;
 * - `{ apiVersion, kind }` or `{ group, kind }`, which a generated model class such as
 *   kubernetes-models' `Deployment` (static `apiVersion` and `kind`) also is;
 * - `"*"` — every kind.
 */
export type KindSelector =
  | string
  | { readonly kind: string; readonly apiVersion?: string; readonly group?: string };

interface KindTest {
  kind: string;
  group?: string;
  version?: string;
}

const CORE_VERSION = /^v\d+((alpha|beta)\d+)?$/;

function kindTest(sel: KindSelector): KindTest {
  if (typeof sel !== "string") {
    if (sel.apiVersion) return { kind: sel.kind, ...parseApiVersion(sel.apiVersion) };
    return sel.group !== undefined ? { kind: sel.kind, group: sel.group } : { kind: sel.kind };
  }
  const i = sel.lastIndexOf("/");
  if (i < 0) return { kind: sel };
  const prefix = sel.slice(0, i);
  const kind = sel.slice(i + 1);
  if (prefix.includes("/") || CORE_VERSION.test(prefix)) return { kind, ...parseApiVersion(prefix) };
  return { kind, group: prefix };
}

/** A predicate for identities selected by `sel`. */
export function kindFilter(sel: KindSelector): (id: Identity) => boolean {
  if (sel === "*") return () => true;
  const t = kindTest(sel);
  return (id) =>
    id.kind === t.kind &&
    (t.group === undefined || id.group === t.group) &&
    (t.version === undefined || id.version === t.version);
}

/** How a selector reads in messages: `HelmRelease`, `helm.toolkit.fluxcd.io/HelmRelease`, `resource`. */
export function kindLabel(sel: KindSelector): string {
  if (sel === "*") return "resource";
  if (typeof sel === "string") return sel;
  return sel.apiVersion
    ? `${sel.apiVersion}/${sel.kind}`
    : sel.group !== undefined
      ? `${sel.group}/${sel.kind}`
      : sel.kind;
}

/** `unit home/controllers, main.ts:14:9` style description of where a resource came from. */
export function formatOrigin(o: ResourceOrigin): string {
  const parts: string[] = [];
  if (o.unit) parts.push(`unit ${o.unit.join("/") || "(root)"}`);
  if (o.file) parts.push(`${o.file}${o.line ? `:${o.line}` : ""}${o.line && o.column ? `:${o.column}` : ""}`);
  if (o.index !== undefined) parts.push(`item ${o.index}`);
  return parts.join(", ");
}

/** `HelmRelease flux-system/traefik (unit home/controllers, main.ts:14:9)`. */
export function describeResource(r: Resource<unknown>): string {
  const where = formatOrigin(r.origin);
  const name = r.id.name ? formatIdentity(r.id) : `${r.id.kind} (unnamed)`;
  return where ? `${name} (${where})` : name;
}

/** Identity of any object read from a test source; missing names become "". */
export function identityOfObject(obj: KubeObject): Identity {
  const { group, version } = parseApiVersion(String(obj.apiVersion ?? ""));
  const meta = obj.metadata ?? {};
  const id: Identity = { group, version, kind: String(obj.kind ?? ""), name: meta.name ?? "" };
  if (meta.namespace) id.namespace = meta.namespace;
  return id;
}

/** One object while a kustomization is built: the object, where it came from, and the names it had. */
import type { KubeObject } from "../core/identity.ts";
import { parseApiVersion } from "../core/identity.ts";
import { isClusterScopedType } from "./openapi.ts";
import type { Origin } from "./types.ts";

export interface Resource {
  object: KubeObject;
  origin: Origin;
  /** Every (namespace, name) the object had before a transformer renamed it, oldest first. */
  previous: { namespace: string; name: string }[];
  /** Set for generated ConfigMaps and Secrets: whether the name gets kustomize's content hash. */
  generated?: { hash: boolean; behavior: "create" | "merge" | "replace" };
}

export function nameOf(r: Resource): string {
  return r.object.metadata?.name ?? "";
}

export function namespaceOf(r: Resource): string {
  return r.object.metadata?.namespace ?? "";
}

export function groupOf(r: Resource): string {
  return parseApiVersion(r.object.apiVersion ?? "").group;
}

/** kustomize's resource id (`ResId.String()` order: kind.version.group/name.namespace), for messages. */
export function describe(r: Resource): string {
  const ns = namespaceOf(r);
  return `${r.object.kind} ${ns ? `${ns}/` : ""}${nameOf(r)}`;
}

/** Records the current name before a transformer changes it (kustomize's `previousNames`). */
export function rename(r: Resource, change: { name?: string; namespace?: string }): void {
  const meta = r.object.metadata;
  const before = { namespace: meta.namespace ?? "", name: meta.name ?? "" };
  const after = { namespace: change.namespace ?? before.namespace, name: change.name ?? before.name };
  if (after.name === before.name && after.namespace === before.namespace) return;
  r.previous.push(before);
  if (change.name !== undefined) meta.name = change.name;
  if (change.namespace !== undefined) meta.namespace = change.namespace;
}

/**
 * Whether kustomize treats the object as cluster-scoped: only types its built-in OpenAPI data
 * knows to be (by apiVersion and kind); custom resources and newer kinds are namespaced, so
 * `namespace:` sets a namespace on them as kustomize does.
 */
export function isClusterScoped(r: Resource): boolean {
  return isClusterScopedType(r.object.apiVersion ?? "", r.object.kind ?? "");
}

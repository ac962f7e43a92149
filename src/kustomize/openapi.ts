/**
 * kustomize's view of the Kubernetes types (kyaml/openapi's `ResourceSchema`): the schema of a
 * resource type, of a field and of list items, and which types are cluster-scoped. The data is
 * kustomize's own (openapi-data.ts, made from kyaml); types it does not know (custom resources,
 * kinds newer than its Kubernetes version) have no schema and are namespaced, as in kustomize.
 */
import { CLUSTER_SCOPED_TYPES, DEFINITIONS, RESOURCE_TYPES, type SchemaNode } from "./openapi-data.ts";

export type { SchemaNode } from "./openapi-data.ts";

const clusterScoped = new Set(CLUSTER_SCOPED_TYPES);

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  while (n?.r !== undefined) n = DEFINITIONS[n.r];
  return n;
}

/** The schema kustomize has for `apiVersion`/`kind` (`openapi.SchemaForResourceType`). */
export function schemaForType(apiVersion: unknown, kind: unknown): SchemaNode | undefined {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !apiVersion || !kind) return undefined;
  const name = RESOURCE_TYPES[`${apiVersion}|${kind}`];
  return name === undefined ? undefined : DEFINITIONS[name];
}

/** The schema of a field: its property, else the map's value schema (`ResourceSchema.Field`). */
export function fieldSchema(s: SchemaNode | undefined, field: string): SchemaNode | undefined {
  if (!s) return undefined;
  return resolve(s.f?.[field] ?? s.a);
}

/** The schema of a list's items (`ResourceSchema.Elements`). */
export function itemSchema(s: SchemaNode | undefined): SchemaNode | undefined {
  return resolve(s?.i);
}

/** The patch strategy and merge keys kyaml reads (`PatchStrategyAndKeyList`). */
export function patchStrategy(s: SchemaNode | undefined): { strategy: string; keys: string[] } {
  return { strategy: s?.s ?? "", keys: s?.k ?? [] };
}

/** kustomize's `IsCertainlyClusterScoped`: only types its data knows to be cluster-scoped. */
export function isClusterScopedType(apiVersion: string, kind: string): boolean {
  return clusterScoped.has(`${apiVersion}|${kind}`);
}

/**
 * XR schemas from CompositeResourceDefinitions in the validated set: a platform API defined in
 * the same control plane is validated like any CRD kind. Crossplane adds its own machinery
 * fields to every XR (v2: `spec.crossplane`; v1: compositionRef, claimRef, …), so those are
 * added as open objects to keep them from being reported as unknown.
 */

import type { KubeObject } from "../core/identity.ts";
import type { KindSchema } from "../import/validator.ts";

const OPEN = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
const V1_SPEC_FIELDS = [
  "compositionRef",
  "compositionSelector",
  "compositionRevisionRef",
  "compositionRevisionSelector",
  "compositionUpdatePolicy",
  "claimRef",
  "environmentConfigRefs",
  "resourceRefs",
  "publishConnectionDetailsTo",
  "writeConnectionSecretToRef",
];

function withCrossplaneFields(schema: Record<string, any>, legacy: boolean): Record<string, unknown> {
  const s = structuredClone(schema);
  s.type ??= "object";
  s.properties ??= {};
  s.properties.spec ??= { type: "object" };
  const spec = s.properties.spec;
  spec.properties ??= {};
  for (const f of legacy ? V1_SPEC_FIELDS : ["crossplane"]) spec.properties[f] ??= structuredClone(OPEN);
  s.properties.status ??= structuredClone(OPEN);
  return s;
}

/** KindSchemas for the XRs every XRD in `objects` defines (versions with a schema only). */
export function xrdSchemas(objects: Iterable<KubeObject>, source: string): KindSchema[] {
  const out: KindSchema[] = [];
  for (const o of objects) {
    if (o.kind !== "CompositeResourceDefinition" || !o.apiVersion.startsWith("apiextensions.crossplane.io/"))
      continue;
    const spec = (o.spec ?? {}) as Record<string, any>;
    const group = String(spec.group ?? "");
    const kind = String(spec.names?.kind ?? "");
    if (!group || !kind) continue;
    const legacy = o.apiVersion === "apiextensions.crossplane.io/v1";
    // Crossplane v2 XRDs are namespaced unless scope says otherwise; v1 XRs are cluster-scoped.
    const scope =
      legacy || spec.scope === "Cluster" || spec.scope === "LegacyCluster" ? "Cluster" : "Namespaced";
    for (const v of spec.versions ?? []) {
      const schema = v?.schema?.openAPIV3Schema;
      if (!schema || typeof schema !== "object") continue;
      out.push({
        group,
        version: String(v.name),
        kind,
        apiVersion: `${group}/${v.name}`,
        scope,
        schema: withCrossplaneFields(schema, legacy),
        source: `${source}: XRD ${o.metadata?.name ?? kind}`,
      });
    }
  }
  return out;
}

/**
 * XR schemas from CompositeResourceDefinitions in the validated set: a platform API defined in
 * the same control plane is validated like any CRD kind. Crossplane adds its own machinery
 * fields to every XR (v2: `spec.crossplane`; v1: compositionRef, claimRef, …), so those are
 * added as open objects to keep them from being reported as unknown.
 *
 * An XRD belongs to one tree — a cluster (what one Flux cluster applies, one cluster of a
 * control plane or of a built output) or a folder named on the command line — and gives a schema
 * only to the XRs of that tree, as Crossplane serves the XR kind only in the cluster the XRD is
 * applied to.
 */

import type { KubeObject } from "../core/identity.ts";
import type { KindSchema } from "../import/validator.ts";
import { type FileResult, factsResourceName } from "./file-check.ts";

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

/** XR kinds by the tree whose XRDs define them: a tree's name as a message shows it → kinds. */
export type TreeKinds = ReadonlyMap<string, readonly KindSchema[]>;

/** Adds `kinds` to `tree`'s entry of `byTree`. */
export function addTreeKinds(
  byTree: Map<string, KindSchema[]>,
  tree: string,
  kinds: readonly KindSchema[],
): void {
  if (!kinds.length) return;
  const list = byTree.get(tree);
  if (list) list.push(...kinds);
  else byTree.set(tree, [...kinds]);
}

/**
 * Says, in the `schema/missing` finding of each object of `r` left without a schema, that an
 * XRD of another tree defines its kind, and where: the XR was meant for that tree, or the XRD is
 * missing from this one.
 */
export function noteXrdsOfOtherTrees(r: FileResult, own: string, trees: TreeKinds): void {
  const noted = new Set<object>();
  for (const f of r.facts) {
    if (!f.noSchema) continue;
    const apiVersion = `${f.group ? `${f.group}/` : ""}${f.version}`;
    const elsewhere: string[] = [];
    for (const [tree, kinds] of trees) {
      if (tree === own) continue;
      for (const k of kinds)
        if (k.apiVersion === apiVersion && k.kind === f.kind) elsewhere.push(`${tree} (${k.source})`);
    }
    if (!elsewhere.length) continue;
    const resource = factsResourceName(f);
    const d = r.diagnostics.find(
      (x) => x.rule === "schema/missing" && x.resource === resource && x.path === "kind" && !noted.has(x),
    );
    if (!d) continue;
    noted.add(d);
    d.message += `; its XRD belongs to another tree: ${elsewhere.join(", ")}; an XRD gives a schema only to the XRs of its own tree`;
  }
}

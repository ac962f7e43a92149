/**
 * The compact facts cross-resource checks need from each object (identity, references, what it
 * produces in-cluster). Extracted where the object is parsed — possibly in a worker thread — so
 * only these small records travel, never whole objects.
 */

import { type KubeObject, parseApiVersion } from "../core/identity.ts";
import type { EdgeKind } from "../model/graph.ts";

export interface Ref {
  edge: EdgeKind;
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  /** JSON path of the reference in the referring object. */
  path: Array<string | number>;
  optional?: boolean;
  /** Any of these kinds satisfies the reference (e.g. Flux sources). */
  kinds?: string[];
}

/** A Secret or ConfigMap a controller creates in-cluster from this object. */
export interface Produced {
  kind: "Secret" | "ConfigMap" | "ExternalArtifact" | "Namespace";
  namespace?: string;
  name: string;
  by: string;
}

export interface ObjectFacts {
  /** Objects of different clusters never satisfy each other's references (graph mode). */
  cluster?: string;
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace?: string;
  file?: string;
  /** Line of the object's first key (or the producer's source line). */
  line?: number;
  refs: Ref[];
  produces: Produced[];
  /** Flux Kustomization: spec.path and whether its source is the repository being validated. */
  fluxPath?: { path: string; selfSource: boolean };
  /** XRD: the group/kind/versions it defines. */
  defines?: { group: string; kind: string; versions: string[] };
  /** Composition: the XR type it composes. */
  composes?: { apiVersion: string; kind: string };
  /** Scope from the schema when known. */
  scope?: "Namespaced" | "Cluster";
}

const FLUX_SOURCE = "source.toolkit.fluxcd.io";
const FLUX_KS = "kustomize.toolkit.fluxcd.io";
const FLUX_HELM = "helm.toolkit.fluxcd.io";
const XP = "apiextensions.crossplane.io";

const get = (o: unknown, ...path: Array<string | number>): any =>
  path.reduce<any>((a, k) => (a == null ? undefined : a[k]), o);

/** Group of a Flux `sourceRef.kind` / `chartRef.kind`. */
function sourceGroup(kind: string): string {
  return kind === "ExternalArtifact" ||
    kind === "HelmChart" ||
    kind.endsWith("Repository") ||
    kind === "Bucket"
    ? FLUX_SOURCE
    : "";
}

const asList = (v: unknown): any[] => (Array.isArray(v) ? v : []);

export function extractFacts(obj: KubeObject): ObjectFacts {
  const { group, version } = parseApiVersion(obj.apiVersion);
  const ns = obj.metadata?.namespace;
  const f: ObjectFacts = {
    group,
    version,
    kind: obj.kind,
    name: obj.metadata?.name ?? "",
    refs: [],
    produces: [],
  };
  if (ns) f.namespace = ns;
  const spec = (obj.spec ?? {}) as Record<string, any>;
  const ref = (
    edge: EdgeKind,
    path: Array<string | number>,
    r: any,
    defaults: { kind?: string; kinds?: string[]; group?: string; optional?: boolean },
  ) => {
    if (!r || typeof r !== "object" || typeof r.name !== "string") return;
    const kind = String(r.kind ?? defaults.kind ?? "");
    const out: Ref = { edge, group: defaults.group ?? sourceGroup(kind), kind, name: r.name, path };
    const rns = r.namespace ?? ns;
    if (rns) out.namespace = rns;
    if (defaults.kinds) out.kinds = defaults.kinds;
    if (r.optional === true || defaults.optional) out.optional = true;
    f.refs.push(out);
  };
  if (group === FLUX_KS && obj.kind === "Kustomization") {
    ref("sourceRef", ["spec", "sourceRef"], spec.sourceRef, {});
    for (const [i, d] of asList(spec.dependsOn).entries())
      ref("dependsOn", ["spec", "dependsOn", i], d, { kind: "Kustomization", group: FLUX_KS });
    for (const [i, d] of asList(get(spec, "postBuild", "substituteFrom")).entries())
      ref("substituteFrom", ["spec", "postBuild", "substituteFrom", i], d, { group: "" });
    if (typeof spec.path === "string" || spec.path === undefined) {
      const src = spec.sourceRef ?? {};
      f.fluxPath = {
        path: spec.path ?? "./",
        selfSource: src.kind === "GitRepository" && src.name === "flux-system",
      };
    }
  }
  if (group === FLUX_HELM && obj.kind === "HelmRelease") {
    ref("sourceRef", ["spec", "chart", "spec", "sourceRef"], get(spec, "chart", "spec", "sourceRef"), {});
    ref("chartRef", ["spec", "chartRef"], spec.chartRef, {});
    for (const [i, d] of asList(spec.dependsOn).entries())
      ref("dependsOn", ["spec", "dependsOn", i], d, { kind: "HelmRelease", group: FLUX_HELM });
    for (const [i, d] of asList(spec.valuesFrom).entries())
      ref("valuesFrom", ["spec", "valuesFrom", i], d, { group: "" });
  }
  if (group === XP && obj.kind === "CompositeResourceDefinition") {
    f.defines = {
      group: String(spec.group ?? ""),
      kind: String(get(spec, "names", "kind") ?? ""),
      versions: (spec.versions ?? []).map((v: any) => String(v?.name)),
    };
  }
  if (group === XP && obj.kind === "Composition") {
    const t = spec.compositeTypeRef;
    if (t && typeof t === "object")
      f.composes = { apiVersion: String(t.apiVersion ?? ""), kind: String(t.kind ?? "") };
    for (const [i, step] of asList(get(spec, "pipeline")).entries())
      ref("functionRef", ["spec", "pipeline", i, "functionRef"], step?.functionRef, {
        kind: "Function",
        group: "pkg.crossplane.io",
      });
  }
  producedSecrets(obj, group, f);
  return f;
}

/** Secrets that known controllers write, so references to them are satisfied in-cluster. */
function producedSecrets(obj: KubeObject, group: string, f: ObjectFacts): void {
  const spec = (obj.spec ?? {}) as Record<string, any>;
  const ns = obj.metadata?.namespace;
  const add = (name: unknown, namespace: unknown, by: string) => {
    if (typeof name !== "string" || !name) return;
    const p: Produced = { kind: "Secret", name, by };
    const n = typeof namespace === "string" && namespace ? namespace : ns;
    if (n) p.namespace = n;
    f.produces.push(p);
  };
  const who = `${obj.kind} ${ns ? `${ns}/` : ""}${obj.metadata?.name ?? ""}`;
  if (group === "secrets.infisical.com" && obj.kind === "InfisicalSecret") {
    const single = spec.managedSecretReference;
    if (single) add(single.secretName, single.secretNamespace, who);
    for (const m of spec.managedKubeSecretReferences ?? []) add(m?.secretName, m?.secretNamespace, who);
    for (const m of spec.managedKubeConfigMapReferences ?? []) {
      if (typeof m?.configMapName === "string")
        f.produces.push({
          kind: "ConfigMap",
          name: m.configMapName,
          namespace: m.configMapNamespace ?? ns,
          by: who,
        });
    }
  }
  if (group === "cert-manager.io" && obj.kind === "Certificate") add(spec.secretName, ns, who);
  // ExternalSecret: spec.target.name, defaulting to the ExternalSecret's own name.
  if (group === "external-secrets.io" && obj.kind === "ExternalSecret")
    add(spec.target?.name ?? obj.metadata?.name, ns, who);
  // ClusterExternalSecret: an ExternalSecret (and so its target Secret) in every namespace its
  // selectors match; labels cannot be evaluated offline, so any namespace ("*") unless it lists them.
  if (group === "external-secrets.io" && obj.kind === "ClusterExternalSecret") {
    const target = spec.externalSecretSpec?.target?.name ?? spec.externalSecretName ?? obj.metadata?.name;
    const selected = spec.namespaceSelector || asList(spec.namespaceSelectors).length;
    const listed = asList(spec.namespaces).filter((n): n is string => typeof n === "string");
    for (const n of selected || !listed.length ? ["*"] : listed) add(target, n, who);
  }
  if (group === "bitnami.com" && obj.kind === "SealedSecret")
    add(spec.template?.metadata?.name ?? obj.metadata?.name, spec.template?.metadata?.namespace ?? ns, who);
  if (group === "source.extensions.fluxcd.io" && obj.kind === "ArtifactGenerator")
    for (const a of asList(spec.artifacts))
      if (typeof a?.name === "string")
        f.produces.push({
          kind: "ExternalArtifact",
          name: a.name,
          ...(ns ? { namespace: ns } : {}),
          by: who,
        });
  if (
    group === "helm.toolkit.fluxcd.io" &&
    obj.kind === "HelmRelease" &&
    spec.install?.createNamespace === true
  ) {
    const target = spec.targetNamespace ?? ns;
    if (typeof target === "string" && target) f.produces.push({ kind: "Namespace", name: target, by: who });
  }
  const conn = spec.writeConnectionSecretToRef;
  if (conn) add(conn.name, conn.namespace, who);
}

/** kustomize's builtin transformers that change names, namespaces and metadata. */
import { visitPath } from "./fieldspec.ts";
import { isClusterScoped, type Resource, rename } from "./resource.ts";

/**
 * NamespaceTransformer (api/filters/namespace): metadata.namespace on every namespaced object,
 * the name of a `v1` Namespace, APIService and CRD conversion webhook service namespaces, and
 * (Cluster)RoleBinding subjects named `default`.
 */
export function applyNamespace(list: Resource[], namespace: string): void {
  for (const r of list) {
    const o = r.object;
    if (!isClusterScoped(r)) rename(r, { namespace });
    if (o.kind === "Namespace" && o.apiVersion === "v1") rename(r, { name: namespace });
    if (o.kind === "APIService" && o.apiVersion?.startsWith("apiregistration.k8s.io/"))
      visitPath(o, "spec/service/namespace", true, (_v, set) => set(namespace));
    if (o.kind === "CustomResourceDefinition" && o.apiVersion?.startsWith("apiextensions.k8s.io/"))
      visitPath(o, "spec/conversion/webhook/clientConfig/service/namespace", false, (_v, set) =>
        set(namespace),
      );
    if (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") {
      const subjects = o.subjects;
      if (Array.isArray(subjects))
        for (const s of subjects)
          if (s && typeof s === "object" && s.name === "default") s.namespace = namespace;
    }
  }
}

/** PrefixTransformer/SuffixTransformer: metadata.name, except CRDs, APIServices and Namespaces. */
export function applyNameAffixes(list: Resource[], prefix: string, suffix: string): void {
  for (const r of list) {
    const kind = r.object.kind;
    if (kind === "CustomResourceDefinition" || kind === "Namespace") continue;
    if (kind === "APIService" && r.object.apiVersion?.startsWith("apiregistration.k8s.io/")) continue;
    rename(r, { name: `${prefix}${r.object.metadata.name ?? ""}${suffix}` });
  }
}

/** Output order: kustomize's legacy kind order (the `kustomize build` default) or FIFO by `sortOptions`. */
import { parseApiVersion } from "../core/identity.ts";
import type { Resource } from "./resource.ts";

const ORDER_FIRST = [
  "Namespace",
  "ResourceQuota",
  "StorageClass",
  "CustomResourceDefinition",
  "ServiceAccount",
  "PodSecurityPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "ConfigMap",
  "Secret",
  "Endpoints",
  "Service",
  "LimitRange",
  "PriorityClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Deployment",
  "StatefulSet",
  "CronJob",
  "PodDisruptionBudget",
];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

export interface SortOptions {
  order?: string;
  legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] };
}

/** `SortOrderTransformer` (api/internal/builtins): returns the resources in output order. */
export function sortResources(list: Resource[], options: SortOptions | undefined): Resource[] {
  if (options && options.order !== "legacy") return list;
  const first = options?.legacySortOptions?.orderFirst ?? ORDER_FIRST;
  const last = options?.legacySortOptions?.orderLast ?? ORDER_LAST;
  const rank = new Map<string, number>();
  for (const [i, k] of first.entries()) rank.set(k, -first.length + i);
  for (const [i, k] of last.entries()) rank.set(k, 1 + i);
  const keyed = list.map((r) => {
    const { group, version } = parseApiVersion(r.object.apiVersion ?? "");
    const kind = r.object.kind ?? "";
    const g = group || "~G";
    const v = version || "~V";
    const k = kind || "~K";
    return {
      r,
      kind,
      noGroup: group === "",
      rank: rank.get(kind) ?? 0,
      gvk: `${g}_${v}_${k}`,
      id: `${kind || "[noKind]"}.${version || "[noVer]"}.${group || "[noGrp]"}|${r.object.metadata?.namespace || "~X"}|${r.object.metadata?.name || "~N"}`,
    };
  });
  keyed.sort((a, b) => {
    if (a.gvk !== b.gvk) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      if (a.kind === "Namespace" && b.kind === "Namespace" && (a.noGroup || b.noGroup))
        return a.gvk > b.gvk ? -1 : 1;
      return a.gvk < b.gvk ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return keyed.map((k) => k.r);
}

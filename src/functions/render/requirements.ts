/**
 * Required resources during a local render: the resources given with `--required-resources`
 * stand in for the cluster, selected the way crank's FilteringFetcher selects them
 * (crossplane/crossplane `cmd/crank/render/render.go`).
 */
import { Requirements, type ResourceSelector, type Resources } from "@crossplane-org/function-sdk-typescript";
import type { KubeObject } from "../../core/identity.ts";
import { isObject } from "../../core/object.ts";

/**
 * The resources matching a selector: same apiVersion and kind, then either the one named
 * `matchName` or all whose labels include `matchLabels` (an empty set matches all). Like crank,
 * the selector's namespace is not used to filter, and candidates are taken in name order.
 */
export function selectResources(
  resources: readonly KubeObject[],
  selector: Pick<ResourceSelector, "apiVersion" | "kind" | "matchName" | "matchLabels">,
): Resources {
  const sorted = [...resources].sort((a, b) => cmp(a.metadata?.name ?? "", b.metadata?.name ?? ""));
  const items: Resources["items"] = [];
  for (const r of sorted) {
    if (r.apiVersion !== selector.apiVersion || r.kind !== selector.kind) continue;
    if ((selector.matchName ?? "") === (r.metadata?.name ?? "")) {
      return { items: [{ resource: r, connectionDetails: {}, ready: 0 }] };
    }
    if (selector.matchLabels) {
      const labels = r.metadata?.labels ?? {};
      if (Object.entries(selector.matchLabels.labels).every(([k, v]) => labels[k] === v)) {
        items.push({ resource: r, connectionDetails: {}, ready: 0 });
      }
    }
  }
  return { items };
}

/** A comparable key for requirements: "nil" when absent, else canonical JSON (proto.Equal's role). */
export function requirementsKey(r: Requirements | undefined): string {
  return r === undefined ? "nil" : JSON.stringify(canonical(Requirements.toJSON(r)));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    );
  }
  return v;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Test helpers for Flux repositories: temp trees come from the validate helpers. */
export { tempTree as writeTree } from "../validate/helpers.ts";

/** A Flux Kustomization manifest. */
export function ks(name: string, spec: Record<string, unknown>, namespace = "flux-system"): string {
  const body = {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name, namespace },
    spec: {
      interval: "10m",
      prune: true,
      sourceRef: { kind: "GitRepository", name: "flux-system" },
      ...spec,
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

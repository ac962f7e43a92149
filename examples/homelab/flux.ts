/**
 * Flux: the sync of this repository (`flux-system` GitRepository + Kustomization, as `flux
 * bootstrap` writes them), Flux's own components managed from Git, and the chart sources the
 * controllers layer installs from. Current APIs only: source v1, kustomize v1.
 */
import type { ClusterUnit, KubeObject, LayerUnit } from "kiln";
import type { ClusterInputs, SecretProvider } from "./inputs.ts";
import type { Versions } from "./versions.ts";

export const FLUX_NS = "flux-system";

/** Flux must never prune the objects it runs on. */
const KEEP = { "kustomize.toolkit.fluxcd.io/prune": "disabled" };

/** Where each chart comes from; `versions.ts` holds the matching Renovate comments. */
export const chartSources = {
  crossplane: {
    kind: "HelmRepository",
    name: "crossplane",
    url: "https://charts.crossplane.io/stable",
    chart: "crossplane",
    pin: "crossplane",
  },
  certManager: {
    kind: "HelmRepository",
    name: "jetstack",
    url: "https://charts.jetstack.io",
    chart: "cert-manager",
    pin: "certManager",
  },
  infisical: {
    kind: "HelmRepository",
    name: "infisical",
    url: "https://dl.cloudsmith.io/public/infisical/helm-charts/helm/charts/",
    chart: "secrets-operator",
    pin: "infisicalOperator",
    secrets: "infisical",
  },
  externalSecrets: {
    kind: "HelmRepository",
    name: "external-secrets",
    url: "https://charts.external-secrets.io",
    chart: "external-secrets",
    pin: "externalSecrets",
    secrets: "external-secrets",
  },
  onePasswordConnect: {
    kind: "HelmRepository",
    name: "onepassword",
    url: "https://1password.github.io/connect-helm-charts",
    chart: "connect",
    pin: "onePasswordConnect",
    secrets: "external-secrets",
  },
  traefik: {
    kind: "OCIRepository",
    name: "traefik",
    url: "oci://ghcr.io/traefik/helm/traefik",
    chart: "traefik",
    pin: "traefik",
  },
} as const satisfies Record<string, ChartSource>;

export interface ChartSource {
  kind: "HelmRepository" | "OCIRepository";
  name: string;
  url: string;
  chart: string;
  /** Key of the version pin in versions.ts (for OCI charts the tag is the chart version). */
  pin: keyof Versions;
  /** Only for clusters whose Secrets come from this provider. */
  secrets?: SecretProvider;
}

export const FLUX_MANIFESTS = "oci://ghcr.io/fluxcd/flux-manifests";

/**
 * The cluster's root: the GitRepository for this repository and the `flux-system` Kustomization
 * that applies `clusters/<name>/` (the layer Kustomizations below), plus Flux's own components
 * from the pinned release manifests, so upgrading Flux is a one-line change in versions.ts.
 */
export function fluxSync(c: ClusterUnit, inputs: ClusterInputs, clusterPath: string): void {
  c.add(
    { apiVersion: "v1", kind: "Namespace", metadata: { name: FLUX_NS, annotations: KEEP } },
    {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      metadata: { name: FLUX_NS, namespace: FLUX_NS, annotations: KEEP },
      spec: { interval: inputs.git.interval, url: inputs.git.url, ref: { branch: inputs.git.branch } },
    },
    {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: { name: FLUX_NS, namespace: FLUX_NS, annotations: KEEP },
      spec: {
        interval: "10m",
        path: clusterPath,
        prune: true,
        wait: false,
        sourceRef: { kind: "GitRepository", name: FLUX_NS },
      },
    },
    {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "OCIRepository",
      metadata: { name: "flux-manifests", namespace: FLUX_NS, annotations: KEEP },
      spec: { interval: "1h", url: FLUX_MANIFESTS, ref: { tag: inputs.versions.flux } },
    },
    {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: { name: "flux", namespace: FLUX_NS, annotations: KEEP },
      spec: {
        interval: "1h",
        path: "./",
        // Flux never uninstalls itself: removing this object from Git must not delete the controllers.
        prune: false,
        wait: true,
        sourceRef: { kind: "OCIRepository", name: "flux-manifests" },
        // The release manifests carry the flux-system Namespace too; the sync above owns it, and
        // two Kustomizations applying one object would fight over it.
        patches: [
          {
            patch: `$patch: delete\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${FLUX_NS}\n`,
            target: { kind: "Namespace", name: FLUX_NS },
          },
        ],
      },
    },
  );
}

/** The chart sources, in the sources layer (applied before any HelmRelease needs them). */
export function chartRepositories(layer: LayerUnit, inputs: ClusterInputs): void {
  const used = Object.values(chartSources).filter(
    (s: ChartSource) => s.secrets === undefined || s.secrets === inputs.secrets.provider,
  );
  const objects: KubeObject[] = used.map((s) =>
    s.kind === "HelmRepository"
      ? {
          apiVersion: "source.toolkit.fluxcd.io/v1",
          kind: "HelmRepository",
          metadata: { name: s.name, namespace: FLUX_NS },
          spec: { interval: "1h", url: s.url },
        }
      : {
          apiVersion: "source.toolkit.fluxcd.io/v1",
          kind: "OCIRepository",
          metadata: { name: s.name, namespace: FLUX_NS },
          spec: {
            interval: "1h",
            url: s.url,
            ref: { tag: inputs.versions[s.pin] },
            // Helm charts are OCI artifacts with this layer type.
            layerSelector: {
              mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
              operation: "copy",
            },
          },
        },
  );
  layer.add(...objects);
}

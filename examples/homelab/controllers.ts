/**
 * The controllers layer: every controller as a HelmRelease with a pinned chart, installing its
 * own CRDs. Traefik has no LoadBalancer: traffic reaches it through the frp tunnel, so its
 * Service is ClusterIP and frpc forwards to it by DNS name.
 */
import type { KubeObject, LayerUnit } from "kiln";
import { type ChartSource, chartSources, FLUX_NS } from "./flux.ts";
import type { ClusterInputs } from "./inputs.ts";

export const namespaces = {
  crossplane: "crossplane-system",
  traefik: "traefik",
  certManager: "cert-manager",
  infisical: "infisical",
  frp: "frp",
  gateway: "gateway",
  externalSecrets: "external-secrets",
  onePassword: "onepassword",
} as const;

/** Namespaces only a cluster whose Secrets come from that provider needs. */
const providerNamespaces: Partial<Record<keyof typeof namespaces, ClusterInputs["secrets"]["provider"]>> = {
  infisical: "infisical",
  externalSecrets: "external-secrets",
  onePassword: "external-secrets",
};

/** Traefik's in-cluster Service, where frpc delivers the tunnel's HTTP and HTTPS traffic. */
export const traefikService = {
  host: `traefik.${namespaces.traefik}.svc.cluster.local`,
  web: 80,
  websecure: 443,
} as const;

/** Namespaces go in the sources layer, so every later layer can rely on them. */
export function namespaceObjects(inputs: ClusterInputs): KubeObject[] {
  const names = Object.entries(namespaces)
    .filter(([k]) => inputs.features.gateway || !["crossplane", "frp", "gateway"].includes(k))
    .filter(([k]) => {
      const only = providerNamespaces[k as keyof typeof namespaces];
      return only === undefined || only === inputs.secrets.provider;
    })
    .map(([, v]) => v);
  return names.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } }));
}

function helmRelease(
  name: string,
  namespace: string,
  source: ChartSource,
  inputs: ClusterInputs,
  values: Record<string, unknown>,
  crds: "Create" | "CreateReplace" = "CreateReplace",
): KubeObject {
  const chart =
    source.kind === "OCIRepository"
      ? { chartRef: { kind: "OCIRepository", name: source.name, namespace: FLUX_NS } }
      : {
          chart: {
            spec: {
              chart: source.chart,
              version: inputs.versions[source.pin],
              sourceRef: { kind: "HelmRepository", name: source.name, namespace: FLUX_NS },
              interval: "12h",
            },
          },
        };
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { name, namespace },
    spec: {
      interval: "30m",
      ...chart,
      install: { crds, remediation: { retries: 3 } },
      upgrade: { crds, remediation: { retries: 3, remediateLastFailure: true } },
      values,
    },
  };
}

export function controllers(layer: LayerUnit, inputs: ClusterInputs): void {
  if (inputs.features.gateway) {
    layer
      .app("crossplane")
      .add(helmRelease("crossplane", namespaces.crossplane, chartSources.crossplane, inputs, {}));
  }
  layer.app("traefik").add(
    helmRelease("traefik", namespaces.traefik, chartSources.traefik, inputs, {
      service: { type: "ClusterIP" },
      ingressClass: { enabled: true, isDefaultClass: true },
    }),
  );
  layer.app("cert-manager").add(
    // The chart's own switch for its CRDs (they are templates, not in crds/), kept on upgrades.
    helmRelease("cert-manager", namespaces.certManager, chartSources.certManager, inputs, {
      crds: { enabled: true, keep: true },
    }),
  );
  if (inputs.secrets.provider === "infisical")
    layer
      .app("infisical")
      .add(helmRelease("infisical-operator", namespaces.infisical, chartSources.infisical, inputs, {}));
  if (inputs.secrets.provider === "external-secrets") {
    layer
      .app("external-secrets")
      .add(
        helmRelease("external-secrets", namespaces.externalSecrets, chartSources.externalSecrets, inputs, {}),
      );
    // The Connect server reads the 1Password credentials file from a Secret created at bootstrap.
    layer.app("onepassword-connect").add(
      helmRelease("onepassword-connect", namespaces.onePassword, chartSources.onePasswordConnect, inputs, {
        connect: { credentialsName: "op-credentials", credentialsKey: "1password-credentials.json" },
        operator: { create: false },
      }),
    );
  }
}

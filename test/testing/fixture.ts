/** A small control plane for the testing kit's tests: two layers, three HelmReleases. */
import { defineControlPlane, type KubeObject } from "kiln";

function helmRelease(
  name: string,
  chart: string,
  version: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: {
      name,
      namespace: "flux-system",
      labels: { "app.kubernetes.io/name": name, tier: "controllers" },
    },
    spec: {
      interval: "1h",
      chart: { spec: { chart, version, sourceRef: { kind: "HelmRepository", name } } },
      install: { crds: "Create" },
      ...extra,
    },
  };
}

export const fixture = defineControlPlane({
  name: "fixture",
  inputs: { traefikVersion: "34.1.0" },
  build({ inputs, cluster }) {
    const home = cluster("home");
    const sources = home.layer("sources");
    sources.add({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "traefik", labels: { tier: "ingress" } },
    });
    sources.add({
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "HelmRepository",
      metadata: { name: "traefik", namespace: "flux-system" },
      spec: { interval: "1h", url: "https://traefik.github.io/charts" },
    });
    const controllers = home.layer("controllers", { dependsOn: ["sources"] });
    controllers.app("traefik").add(
      helmRelease("traefik", "traefik", inputs.traefikVersion, {
        values: {
          ports: [
            { name: "web", port: 8000 },
            { name: "websecure", port: 8443 },
          ],
        },
      }),
    );
    controllers
      .app("cert-manager")
      .add(helmRelease("cert-manager", "cert-manager", "v1.17.1", { values: { crds: { enabled: true } } }));
    controllers.app("podinfo").add(helmRelease("podinfo", "podinfo", "6.7.1"));
  },
});

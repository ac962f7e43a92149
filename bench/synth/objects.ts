/** A generated control plane of N resources, shared by the kiln and cdk8s sides of the benchmark. */
import type { KubeObject } from "../../src/index.ts";

export interface Placed {
  cluster: string;
  layer: string;
  app: string;
  object: KubeObject;
}

export function generate(n: number): Placed[] {
  const out: Placed[] = [];
  for (let i = 0; i < n; i++) {
    const cluster = `c${i % 10}`;
    const layer = `l${Math.floor(i / 10) % 10}`;
    const app = `a${Math.floor(i / 100) % 10}`;
    const name = `r${i}`;
    const ns = `ns-${app}`;
    const labels = { "app.kubernetes.io/name": app, "app.kubernetes.io/part-of": layer, index: String(i) };
    let object: KubeObject;
    switch (i % 4) {
      case 0:
        object = {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name, namespace: ns, labels },
          spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  {
                    name: "app",
                    image: `ghcr.io/example/${app}:1.${i % 7}.0`,
                    ports: [{ containerPort: 8080 }],
                  },
                ],
              },
            },
          },
        };
        break;
      case 1:
        object = {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name, namespace: ns, labels },
          spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
        };
        break;
      case 2:
        object = {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name, namespace: ns, labels },
          data: { key: `value-${i}`, other: "x" },
        };
        break;
      default:
        object = {
          apiVersion: "helm.toolkit.fluxcd.io/v2",
          kind: "HelmRelease",
          metadata: { name, namespace: ns, labels },
          spec: {
            interval: "10m",
            chart: {
              spec: { chart: app, version: "1.2.3", sourceRef: { kind: "HelmRepository", name: "charts" } },
            },
            values: { replicaCount: 2, image: { tag: `1.${i % 7}.0` } },
          },
        };
    }
    out.push({ cluster, layer, app, object });
  }
  return out;
}
